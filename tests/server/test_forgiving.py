"""What an assistant sends first should work; what cannot work says which argument and what is allowed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mcp import Client
from mcp.types import ElicitResult

ORG = "Acme Support"
PYDANTIC = ("validation error for", "errors.pydantic.dev", "input_value", "[type=", "Resolver for parameter")


def text(result: Any) -> str:
    return str(result.content[0].text)


async def test_a_ticket_number_as_a_json_number_works_and_ticket_id_is_an_alias(connect: Callable[..., Client]) -> None:
    async with connect(organization=ORG) as client:
        by_number = await client.call_tool("get_ticket", {"ticket": 101})
        by_alias = await client.call_tool("get_ticket", {"ticketId": "#101"})
    assert not by_number.is_error and not by_alias.is_error
    assert by_number.structured_content["ticketNumber"] == by_alias.structured_content["ticketNumber"] == "101"


async def test_enum_values_are_accepted_in_any_case(connect: Callable[..., Client]) -> None:
    async with connect(organization=ORG, toolsets="tickets,admin") as client:
        agents = await client.call_tool("list_agents", {"status": "disabled"})
        tickets = await client.call_tool("list_tickets", {"sortOrder": "ASC", "sortBy": "ticketnumber", "limit": 2})
    assert not agents.is_error and {a["status"] for a in agents.structured_content["agents"]} == {"DISABLED"}
    assert not tickets.is_error, text(tickets)


async def test_an_unknown_argument_is_refused_with_the_close_spelling_first(connect: Callable[..., Client]) -> None:
    async with connect(organization=ORG) as client:
        search = await client.call_tool("search_tickets", {"subjct": "refund"})
        update = await client.call_tool("update_ticket", {"ticket": "101", "priorty": "High"})
    assert search.is_error and "has no argument 'subjct'" in text(search) and "Did you mean subject?" in text(search)
    assert update.is_error and "Did you mean priority?" in text(update)


async def test_bad_values_get_one_plain_sentence_per_argument(connect: Callable[..., Client]) -> None:
    async with connect(organization=ORG) as client:
        too_many = await client.call_tool("list_tickets", {"limit": 1000})
        not_a_number = await client.call_tool("list_tickets", {"limit": "lots"})
        missing = await client.call_tool("get_ticket", {})
        bad_sort = await client.call_tool("list_tickets", {"sortBy": "bogus"})
    assert "limit is above the maximum 100 (got 1000); it must be a whole number from 1 to 100" in text(too_many)
    assert "limit is not valid (got 'lots')" in text(not_a_number)
    assert "ticket is required" in text(missing)
    assert "sortBy is not valid (got 'bogus'); it must be one of: createdTime" in text(bad_sort)
    for result in (too_many, not_a_number, missing, bad_sort):
        assert result.is_error and not any(marker in text(result) for marker in PYDANTIC), text(result)


async def test_a_declined_question_says_nothing_was_done_in_plain_words(connect: Callable[..., Client]) -> None:
    async def decline(context: Any, params: Any) -> ElicitResult:
        return ElicitResult(action="decline")

    options = {"mode": "legacy", "elicitation_callback": decline}
    async with connect(client_options=options) as client:
        result = await client.call_tool("create_ticket", {"subject": "Which org?", "department": "Sales"})
    assert result.is_error and "declined" in text(result) and "nothing was done" in text(result)
    assert not any(marker in text(result) for marker in PYDANTIC)


async def test_me_is_the_authenticated_agent_wherever_an_agent_is_taken(
    connect: Callable[..., Client], acme: Any
) -> None:
    owner = next(iter(acme.agents.values()))  # the sandbox's default credentials belong to the first agent
    async with connect(organization=ORG) as client:
        listed = await client.call_tool("list_tickets", {"assignee": "me", "limit": 5})
        searched = await client.call_tool("search_tickets", {"assignee": "me", "limit": 5})
    assert not listed.is_error and not searched.is_error, (text(listed), text(searched))
    names = {r.get("assignee") for r in listed.structured_content["tickets"] + searched.structured_content["tickets"]}
    assert names == {f"{owner['firstName']} {owner['lastName']}"}


MISSING = "no ticket matches '{ref}' in this organization (or it is in the trash)"


async def test_every_tool_says_no_such_ticket_the_same_way_for_every_reference_form(
    connect: Callable[..., Client],
) -> None:
    refs = [
        "#99999",
        "1892000000999999",
        "https://desk.zoho.com/agent/acmesupport/billing/tickets/details/1892000000999999",
    ]
    calls = [
        ("get_ticket", {}),
        ("get_ticket_conversation", {}),
        ("update_ticket", {"priority": "High"}),
        ("add_ticket_comment", {"content": "x"}),
        ("create_ticket_attachment", {"fileName": "a.txt", "fileData": "aGVsbG8="}),
    ]
    async with connect(organization=ORG) as client:
        for name, extra in calls:
            for ref in refs:
                result = await client.call_tool(name, {"ticket": ref, **extra})
                assert result.is_error and MISSING.format(ref=ref[:100]) in text(result), (name, ref, text(result))


async def test_a_desk_url_of_another_portal_names_both_portals(connect: Callable[..., Client]) -> None:
    url = "https://desk.zoho.com/support/globexeu/ShowHomePage.do#Cases/dv/1892000000000110"
    async with connect(organization=ORG) as client:
        result = await client.call_tool("get_ticket", {"ticket": url})
    assert result.is_error and "globexeu" in text(result) and "acmesupport" in text(result)


async def test_a_wrong_default_organization_names_the_setting(connect: Callable[..., Client]) -> None:
    async with connect(organization="Acme Suport Ltd") as client:
        result = await client.call_tool("list_tickets", {"limit": 1})
    assert result.is_error and "ZOHO_DESK_ORG" in text(result) and "Acme Support" in text(result)


async def test_a_contact_name_two_customers_share_lists_both_when_creating(connect: Callable[..., Client]) -> None:
    async with connect(organization=ORG) as client:
        result = await client.call_tool(
            "create_ticket", {"subject": "x", "department": "Billing", "contact": "Chris Lee"}
        )
    assert result.is_error and "chris.lee@example.com" in text(result) and "chris.lee@example.net" in text(result)


async def test_activating_past_the_licence_limit_is_explained_as_adding_is(
    connect: Callable[..., Client], sandbox
) -> None:
    initech = next(o for o in sandbox.store.orgs.values() if o.org["companyName"] == "Initech Labs")
    disabled = next((a for a in initech.agents.values() if a["status"] == "DISABLED"), None)
    assert disabled is not None, "the seed's Initech Labs has a deactivated agent and every licence in use"
    async with connect(organization="Initech Labs", toolsets="admin") as client:
        result = await client.call_tool("set_agent_status", {"agents": disabled["emailId"], "status": "active"})
    assert result.is_error and "licence" in text(result).lower()
    assert disabled["status"] == "DISABLED"


async def test_names_match_ignoring_case_accents_spaces_and_take_a_unique_prefix_or_first_name(
    connect: Callable[..., Client], sandbox: Any
) -> None:
    globex = next(o for o in sandbox.store.orgs.values() if o.org["companyName"] == "Globex Europe")
    ines = next(a for a in globex.agents.values() if a["emailId"] == "ines.fernandez@globex.example")
    async with connect() as client:
        accents = await client.call_tool(
            "list_tickets", {"organization": "globex", "assignee": "  ines   FERNANDEZ ", "limit": 100}
        )
        first_name = await client.call_tool(
            "list_tickets", {"organization": "Acme", "departments": "billing", "assignee": "jane", "limit": 100}
        )
    assert not accents.is_error and not first_name.is_error, (text(accents), text(first_name))
    mine = [t for t in globex.tickets.values() if t.get("assigneeId") == ines["id"] and not t.get("isTrashed")]
    assert accents.structured_content["count"] == min(len(mine), 100) > 0
    assert {r["assignee"] for r in accents.structured_content["tickets"]} == {"Inès Fernández"}
    assert {r["assignee"] for r in first_name.structured_content["tickets"]} == {"Jane Doe"}


async def test_a_write_outside_the_toolsets_in_read_only_mode_names_both_what_to_change(
    connect: Callable[..., Client],
) -> None:
    async with connect(organization=ORG, read_only=True) as client:
        result = await client.call_tool("add_agent", {"email": "a@b.co", "lastName": "A", "departments": "Sales"})
    assert result.is_error and "--toolsets tickets,triage,admin" in text(result) and "read-only" in text(result)


async def test_a_product_of_another_department_is_explained_before_the_write(
    connect: Callable[..., Client], acme: Any, sandbox: Any
) -> None:
    billing = next(d["id"] for d in acme.departments.values() if d["name"] == "Billing")
    product = next(p for p in acme.products.values() if billing not in (p.get("departmentIds") or []))
    before = sandbox.store.requests.get("POST /api/v1/tickets", 0)
    async with connect(organization=ORG) as client:
        result = await client.call_tool(
            "create_ticket", {"subject": "x", "department": "Billing", "product": product["productName"]}
        )
    assert result.is_error and "is not part of Billing" in text(result) and "Zoho requires" in text(result)
    assert sandbox.store.requests.get("POST /api/v1/tickets", 0) == before
