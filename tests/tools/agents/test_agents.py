"""The agent tools (toolset admin) end to end: MCP client → server → Desk client → in-process sandbox."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from mcp import Client
from mcp.types import CallToolResult, TextContent

from zoho_desk_mcp.sandbox import Sandbox, records
from zoho_desk_mcp.sandbox.store import OrgData

ADMIN = "tickets,triage,admin"
DEACTIVATE = "POST /api/v1/agents/{agentId}/deactivate"
ACTIVATE = "POST /api/v1/agents/activate"

Connect = Callable[..., Client]


def acme_client(connect: Connect) -> Client:
    return connect(toolsets=ADMIN, organization="Acme Support")


def org_named(sandbox: Sandbox, name: str) -> OrgData:
    return next(o for o in sandbox.store.orgs.values() if o.org["companyName"] == name)


def by_email(org: OrgData, email: str) -> dict[str, Any]:
    return next(a for a in org.agents.values() if a["emailId"] == email)


def nulls(value: Any) -> bool:
    if isinstance(value, dict):
        return any(v is None or nulls(v) for v in value.values())
    if isinstance(value, list):
        return any(nulls(v) for v in value)
    return False


def text_of(result: CallToolResult) -> str:
    block = result.content[0]
    assert isinstance(block, TextContent)
    return block.text


async def call(client: Client, tool: str, arguments: dict[str, Any]) -> Any:
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, text_of(result)
    assert not nulls(result.structured_content)
    return result.structured_content


async def fails(client: Client, tool: str, arguments: dict[str, Any]) -> str:
    result = await client.call_tool(tool, arguments)
    assert result.is_error
    return text_of(result)


# --- surface ------------------------------------------------------------------------------------------------
async def test_agent_tools_are_listed_only_with_the_admin_toolset_and_carry_their_annotations(
    connect: Connect,
) -> None:
    async with connect() as client:
        names = {t.name for t in (await client.list_tools()).tools}
    assert not names & {"list_agents", "add_agent", "set_agent_status"}
    async with connect(toolsets=ADMIN) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    hints = {
        name: (a.read_only_hint, a.destructive_hint, a.idempotent_hint, a.open_world_hint)
        for name in ("list_agents", "add_agent", "set_agent_status")
        if (a := tools[name].annotations) is not None
    }
    assert hints == {
        "list_agents": (True, False, True, True),
        "add_agent": (False, False, False, True),
        "set_agent_status": (False, True, True, True),
    }
    assert "from" in tools["list_agents"].input_schema["properties"]
    assert set(tools["add_agent"].input_schema["required"]) == {"email", "lastName", "departments"}


async def test_read_only_mode_keeps_list_agents_and_hides_the_writes(connect: Connect) -> None:
    async with connect(toolsets=ADMIN, read_only=True) as client:
        names = {t.name for t in (await client.list_tools()).tools}
    assert "list_agents" in names
    assert not names & {"add_agent", "set_agent_status"}


# --- list_agents --------------------------------------------------------------------------------------------
async def test_list_agents_returns_every_agent_with_department_names(connect: Connect, acme: OrgData) -> None:
    async with acme_client(connect) as client:
        page = await call(client, "list_agents", {})
    assert page["count"] == len(acme.agents) == 15
    assert (page["from"], page["hasMore"]) == (1, False)
    assert "nextFrom" not in page
    jane = next(a for a in page["agents"] if a["email"] == "jane@acme.com")
    assert jane == {
        "id": by_email(acme, "jane@acme.com")["id"],
        "name": "Jane Doe",
        "email": "jane@acme.com",
        "status": "ACTIVE",
        "departments": ["Billing", "Technical Support"],
    }


async def test_list_agents_by_department_name_keeps_only_its_agents(connect: Connect, acme: OrgData) -> None:
    billing = next(d["id"] for d in acme.departments.values() if d["name"] == "Billing")
    expected = {a["emailId"] for a in acme.agents.values() if billing in a["associatedDepartmentIds"]}
    async with acme_client(connect) as client:
        page = await call(client, "list_agents", {"department": "billing"})
    assert {a["email"] for a in page["agents"]} == expected
    assert {"jane@acme.com", "ben@acme.com"} <= expected
    assert all("Billing" in a["departments"] for a in page["agents"])


async def test_list_agents_with_an_unknown_department_lists_the_valid_ones(connect: Connect) -> None:
    async with acme_client(connect) as client:
        text = await fails(client, "list_agents", {"department": "Bilzing"})
    assert "no department matches 'Bilzing'" in text
    assert "Billing" in text and "Technical Support" in text


@pytest.mark.parametrize(
    ("status", "expected"),
    [("DISABLED", {"ben@acme.com", "kate@acme.com"}), ("ACTIVE", None)],
)
async def test_list_agents_by_status(connect: Connect, acme: OrgData, status: str, expected: set[str] | None) -> None:
    async with acme_client(connect) as client:
        page = await call(client, "list_agents", {"status": status})
    found = {a["email"] for a in page["agents"]}
    assert found == (expected or {a["emailId"] for a in acme.agents.values() if a["status"] == "ACTIVE"})
    assert all(a["status"] == status for a in page["agents"])


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("JANE", {"jane@acme.com"}),
        ("doe", {"jane@acme.com"}),
        ("jane doe", {"jane@acme.com"}),
        ("en CA", {"ben@acme.com"}),
        ("olivia@", {"olivia@acme.com"}),
        ("*patel*", {"raj@acme.com"}),
        ("nobody-like-this", set()),
    ],
)
async def test_list_agents_search_matches_part_of_a_name_or_e_mail_in_any_case(
    connect: Connect, search: str, expected: set[str]
) -> None:
    async with acme_client(connect) as client:
        page = await call(client, "list_agents", {"search": search})
    assert {a["email"] for a in page["agents"]} == expected
    assert page["count"] == len(expected)


async def test_list_agents_pages_with_from_and_next_from(connect: Connect, acme: OrgData) -> None:
    async with acme_client(connect) as client:
        first = await call(client, "list_agents", {"limit": 6})
        second = await call(client, "list_agents", {"from": first["nextFrom"], "limit": 6})
        last = await call(client, "list_agents", {"from": second["nextFrom"], "limit": 6})
    assert (first["count"], first["hasMore"], first["nextFrom"]) == (6, True, 7)
    assert (second["from"], second["count"], second["hasMore"], second["nextFrom"]) == (7, 6, True, 13)
    assert (last["count"], last["hasMore"]) == (3, False)
    assert "nextFrom" not in last
    seen = [a["id"] for page in (first, second, last) for a in page["agents"]]
    assert seen == list(acme.agents)


async def test_a_full_page_of_200_looks_one_row_ahead_to_know_whether_more_follow(
    connect: Connect, sandbox: Sandbox, acme: OrgData
) -> None:
    sales = next(d["id"] for d in acme.departments.values() if d["name"] == "Sales")
    for n in range(200):
        agent = records.agent(sandbox.store, email=f"temp{n}@acme.com", last_name=f"Temp {n}", department_ids=[sales])
        acme.agents[agent["id"]] = agent
    async with acme_client(connect) as client:
        full = await call(client, "list_agents", {"limit": 200})
        calls = sandbox.store.requests["GET /api/v1/agents"]
        rest = await call(client, "list_agents", {"from": full["nextFrom"], "limit": 200})
    assert (full["count"], full["hasMore"], full["nextFrom"]) == (200, True, 201)
    assert calls == 2  # the page, then one row past it
    assert (rest["count"], rest["hasMore"]) == (15, False)


async def test_list_agents_refuses_a_limit_over_200(connect: Connect) -> None:
    async with acme_client(connect) as client:
        text = await fails(client, "list_agents", {"limit": 201})
    assert "200" in text


# --- add_agent ----------------------------------------------------------------------------------------------
async def test_add_agent_invites_the_agent_into_departments_named_in_any_case(connect: Connect, acme: OrgData) -> None:
    async with acme_client(connect) as client:
        agent = await call(
            client,
            "add_agent",
            {"email": "zoe@acme.com", "firstName": "Zoe", "lastName": "Adams", "departments": "billing, Sales"},
        )
    stored = acme.agents[agent["id"]]
    ids = {d["name"]: d["id"] for d in acme.departments.values()}
    assert stored["associatedDepartmentIds"] == [ids["Billing"], ids["Sales"]]
    assert (stored["emailId"], stored["name"], stored["rolePermissionType"]) == (
        "zoe@acme.com",
        "Zoe Adams",
        "AgentPublic",
    )
    assert agent["departments"] == ["Billing", "Sales"]
    assert (agent["status"], agent["isConfirmed"], agent["rolePermissionType"]) == ("ACTIVE", False, "AgentPublic")
    assert "invitation" in agent["note"] and "zoe@acme.com" in agent["note"]


async def test_a_new_agent_is_found_at_once_by_the_other_agent_tools(connect: Connect, acme: OrgData) -> None:
    async with acme_client(connect) as client:
        await call(client, "list_agents", {})  # warms the resolver's agent list
        await call(
            client,
            "add_agent",
            {"email": "li@acme.com", "lastName": "Wei", "departments": ["Returns"], "rolePermissionType": "Light"},
        )
        result = await call(client, "set_agent_status", {"agents": "li@acme.com", "status": "DISABLED"})
    assert result["agents"][0]["status"] == "DISABLED"
    assert by_email(acme, "li@acme.com")["rolePermissionType"] == "Light"


async def test_add_agent_on_a_full_licence_explains_the_limit_and_the_ways_out(
    connect: Connect, sandbox: Sandbox
) -> None:
    initech = org_named(sandbox, "Initech Labs")
    before = len(initech.agents)
    async with connect(toolsets=ADMIN) as client:
        text = await fails(
            client,
            "add_agent",
            {
                "organization": "Initech Labs",
                "email": "bob@initech.example",
                "lastName": "Slydell",
                "departments": [next(iter(initech.departments.values()))["name"]],
            },
        )
    assert len(initech.agents) == before
    assert "bob@initech.example was not added" in text
    assert f"FREE edition has {initech.agent_licenses} agent licences and all of them are in use" in text
    assert "LICENSE_ACCESS_LIMITED" in text and "Nothing was changed" in text
    assert "set_agent_status status=DISABLED" in text and "upgrade" in text


async def test_add_agent_with_an_e_mail_already_taken_names_the_agent_who_has_it(
    connect: Connect, sandbox: Sandbox, acme: OrgData
) -> None:
    before = len(acme.agents)
    async with acme_client(connect) as client:
        taken = await fails(
            client, "add_agent", {"email": "Jane@Acme.com", "lastName": "Doe", "departments": "Sales"}
        )
        disabled = await fails(
            client, "add_agent", {"email": "ben@acme.com", "lastName": "C", "departments": "Sales"}
        )
    assert len(acme.agents) == before
    assert "already exists: Jane Doe <jane@acme.com>" in taken and "status ACTIVE" in taken
    assert "Nothing was changed" in taken
    assert "status DISABLED" in disabled and "set_agent_status with status ACTIVE" in disabled


async def test_add_agent_with_an_unknown_department_lists_the_departments_and_sends_nothing(
    connect: Connect, sandbox: Sandbox, acme: OrgData
) -> None:
    before = len(acme.agents)
    async with acme_client(connect) as client:
        text = await fails(
            client, "add_agent", {"email": "new@acme.com", "lastName": "New", "departments": "Billing, Marketing"}
        )
    assert "no department matches 'Marketing'" in text and "Customer Success" in text
    assert len(acme.agents) == before
    assert sandbox.store.requests["POST /api/v1/agents"] == 0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"email": "not-an-address", "lastName": "X", "departments": "Sales"}, "email must be"),
        ({"email": "x@acme.com", "lastName": "  ", "departments": "Sales"}, "lastName is required"),
        ({"email": "x@acme.com", "lastName": "X", "departments": " , "}, "name at least one department"),
    ],
)
async def test_add_agent_checks_its_arguments_before_calling_zoho(
    connect: Connect, sandbox: Sandbox, arguments: dict[str, Any], message: str
) -> None:
    async with acme_client(connect) as client:
        text = await fails(client, "add_agent", arguments)
    assert message in text
    assert sandbox.store.requests["POST /api/v1/agents"] == 0


async def test_add_agent_whose_answer_is_lost_says_how_to_check_before_retrying(
    connect: Connect, sandbox: Sandbox, acme: OrgData
) -> None:
    faults = sandbox.store.faults
    faults.drop_next_writes, faults.drop_mode, faults.drop_match = 1, "reset", "POST /api/v1/agents"
    async with acme_client(connect) as client:
        text = await fails(client, "add_agent", {"email": "amy@acme.com", "lastName": "Lee", "departments": "Sales"})
    assert "may or may not have been added" in text and "list_agents search=amy@acme.com" in text
    assert sandbox.store.requests["POST /api/v1/agents"] == 1
    assert by_email(acme, "amy@acme.com")["isConfirmed"] is False  # it did happen: the check would find it


# --- set_agent_status ---------------------------------------------------------------------------------------
async def test_deactivate_by_e_mail_then_activate_by_name(connect: Connect, acme: OrgData) -> None:
    jane = by_email(acme, "jane@acme.com")
    async with acme_client(connect) as client:
        off = await call(client, "set_agent_status", {"agents": "jane@acme.com", "status": "DISABLED"})
        assert jane["status"] == "DISABLED"
        on = await call(client, "set_agent_status", {"agents": ["jane doe"], "status": "ACTIVE"})
    assert jane["status"] == "ACTIVE"
    assert off["agents"] == [
        {"id": jane["id"], "name": "Jane Doe", "email": "jane@acme.com", "status": "DISABLED", "outcome": "changed"}
    ]
    assert (off["changed"], off["unchanged"], off["failed"]) == (1, 0, 0)
    assert "keep" in off["note"] or "stay assigned" in off["note"]
    assert on["agents"][0]["status"] == "ACTIVE" and on["changed"] == 1


async def test_several_agents_at_once_and_one_already_in_that_status_is_left_alone(
    connect: Connect, sandbox: Sandbox, acme: OrgData
) -> None:
    async with acme_client(connect) as client:
        result = await call(
            client, "set_agent_status", {"agents": "Ben Carter, kate@acme.com, raj@acme.com", "status": "ACTIVE"}
        )
    assert {a["email"]: a["outcome"] for a in result["agents"]} == {
        "ben@acme.com": "changed",
        "kate@acme.com": "changed",
        "raj@acme.com": "unchanged",
    }
    assert all(by_email(acme, e)["status"] == "ACTIVE" for e in ("ben@acme.com", "kate@acme.com"))
    assert sandbox.store.requests[ACTIVATE] == 1  # one call for the whole list


async def test_an_agent_that_does_not_exist_changes_nothing_and_lists_the_agents(
    connect: Connect, sandbox: Sandbox, acme: OrgData
) -> None:
    async with acme_client(connect) as client:
        text = await fails(
            client, "set_agent_status", {"agents": ["jane@acme.com", "ghost@acme.com", "Nobody"], "status": "DISABLED"}
        )
    assert text.count("Nothing was changed") == 1
    assert "no agent matches 'ghost@acme.com'" in text and "no agent matches 'Nobody'" in text
    assert "Jane Doe <jane@acme.com>" in text  # the valid choices
    assert by_email(acme, "jane@acme.com")["status"] == "ACTIVE"
    assert sandbox.store.requests[DEACTIVATE] == 0


@pytest.mark.parametrize("me", ["admin@acme.com", "Alex Morgan"])
async def test_deactivating_the_token_owner_is_refused_before_zoho_is_asked(
    connect: Connect, sandbox: Sandbox, acme: OrgData, me: str
) -> None:
    async with acme_client(connect) as client:
        text = await fails(client, "set_agent_status", {"agents": ["jane@acme.com", me], "status": "DISABLED"})
    assert "Refused: Alex Morgan <admin@acme.com>" in text and "signed in as" in text
    assert "Nothing was changed" in text
    assert sandbox.store.requests[DEACTIVATE] == 0
    assert by_email(acme, "jane@acme.com")["status"] == "ACTIVE"
    assert by_email(acme, "admin@acme.com")["status"] == "ACTIVE"


async def test_a_partial_failure_reports_which_agents_changed_and_which_failed(
    connect: Connect, sandbox: Sandbox, acme: OrgData
) -> None:
    faults = sandbox.store.faults
    faults.fail_match, faults.fail_next, faults.fail_status = DEACTIVATE, 1, 500
    async with acme_client(connect) as client:
        result = await call(client, "set_agent_status", {"agents": "jane@acme.com, raj@acme.com", "status": "DISABLED"})
    rows = {a["email"]: a for a in result["agents"]}
    assert rows["jane@acme.com"]["outcome"] == "failed" and rows["jane@acme.com"]["status"] == "ACTIVE"
    assert "internal error" in rows["jane@acme.com"]["error"]
    assert rows["raj@acme.com"] == {**rows["raj@acme.com"], "outcome": "changed", "status": "DISABLED"}
    assert "error" not in rows["raj@acme.com"]
    assert (result["changed"], result["failed"]) == (1, 1)
    assert result["note"].startswith("1 of 2 changes failed")
    assert (by_email(acme, "jane@acme.com")["status"], by_email(acme, "raj@acme.com")["status"]) == (
        "ACTIVE",
        "DISABLED",
    )


async def test_when_every_change_fails_the_tool_fails_and_says_why(connect: Connect, sandbox: Sandbox) -> None:
    faults = sandbox.store.faults
    faults.fail_match, faults.fail_next, faults.fail_status = ACTIVATE, 1, 500
    async with acme_client(connect) as client:
        text = await fails(client, "set_agent_status", {"agents": "ben@acme.com, raj@acme.com", "status": "ACTIVE"})
    assert "No agent was set to ACTIVE. Ben Carter <ben@acme.com>" in text
    assert "Already ACTIVE: Raj Patel" in text


async def test_a_lost_answer_is_settled_by_reading_the_status_back(
    connect: Connect, sandbox: Sandbox, acme: OrgData
) -> None:
    faults = sandbox.store.faults
    faults.drop_next_writes, faults.drop_mode, faults.drop_match = 1, "reset", DEACTIVATE
    async with acme_client(connect) as client:
        result = await call(client, "set_agent_status", {"agents": "tom@acme.com", "status": "DISABLED"})
    assert result["agents"][0]["outcome"] == "changed" and result["agents"][0]["status"] == "DISABLED"
    assert by_email(acme, "tom@acme.com")["status"] == "DISABLED"
    assert sandbox.store.requests[DEACTIVATE] == 1  # never replayed
