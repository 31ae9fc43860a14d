"""create_ticket through the MCP client: the issue's examples, names to IDs, elicitation, errors before writes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from mcp.types import ElicitResult

from zoho_desk_mcp.sandbox import Sandbox, records
from zoho_desk_mcp.sandbox.store import OrgData

from ..ticket_checks import agent, by_name, contact_by_email, nulls

ORG = "Acme Support"
CREATE = "POST /api/v1/tickets"


def created(acme: OrgData, result: Any) -> dict[str, Any]:
    assert not result.is_error, result.content[0].text
    return acme.tickets[result.structured_content["id"]]


async def test_the_minimal_call_raises_the_ticket_for_the_agents_own_contact(connect, sandbox: Sandbox, acme):
    async with connect() as client:
        result = await client.call_tool(
            "create_ticket", {"organization": ORG, "subject": "Unable to login to account", "department": "Billing"}
        )
    ticket = created(acme, result)
    out = result.structured_content
    assert ticket["subject"] == "Unable to login to account"
    assert ticket["departmentId"] == by_name(acme.departments, "Billing")["id"]
    assert acme.contacts[ticket["contactId"]]["email"] == "admin@acme.com"
    assert "admin@acme.com" in out["note"] and "No contact given" in out["note"]
    assert out["department"] == {"id": ticket["departmentId"], "name": "Billing"}
    assert out["ticketNumber"] == ticket["ticketNumber"] and out["webUrl"] == ticket["webUrl"]
    assert nulls(out) == []
    assert sandbox.store.requests[CREATE] == 1


async def test_a_cold_create_with_names_costs_at_most_four_calls(connect, sandbox: Sandbox, acme):
    args = {
        "organization": ORG,
        "subject": "Cold",
        "department": "Billing",
        "assignee": "tom@acme.com",
        "contactEmail": "chris.lee@example.com",
        "priority": "Low",
    }
    async with connect() as client:
        ticket = created(acme, await client.call_tool("create_ticket", args))
    chris = contact_by_email(acme, "chris.lee@example.com")
    assert chris is not None and ticket["contactId"] == chris["id"]  # reused, not a twin
    assert sum(v for k, v in sandbox.store.requests.items() if "/oauth/" not in k) <= 4


async def test_the_agents_contact_is_reused_once_it_exists(connect, acme):
    async with connect() as client:
        first = await client.call_tool("create_ticket", {"organization": ORG, "subject": "One", "department": "Sales"})
        second = await client.call_tool("create_ticket", {"organization": ORG, "subject": "Two", "department": "Sales"})
    assert created(acme, first)["contactId"] == created(acme, second)["contactId"]
    assert sum(1 for c in acme.contacts.values() if c["email"] == "admin@acme.com") == 1


async def test_a_full_ticket_with_contact_email_and_assignee_email_sets_every_field(connect, acme):
    args = {
        "organization": ORG,
        "subject": "Charged twice this month",
        "department": "Billing",
        "contactEmail": "new.customer@example.org",
        "assignee": "jane@acme.com",
        "priority": "high",
        "status": "On Hold",
        "category": "Payments",
        "channel": "Phone",
        "classification": "Problem",
        "description": "<p>I was charged twice.</p>",
        "customFields": {"cf_order_id": "ORD-1"},
    }
    async with connect() as client:
        result = await client.call_tool("create_ticket", args)
    ticket = created(acme, result)
    jane = agent(acme, "jane@acme.com")
    new_contact = contact_by_email(acme, "new.customer@example.org")
    assert new_contact is not None and new_contact["lastName"] == "new.customer"
    assert ticket["contactId"] == new_contact["id"]
    assert (ticket["assigneeId"], ticket["priority"], ticket["status"]) == (jane["id"], "High", "On Hold")
    assert (ticket["category"], ticket["channel"], ticket["classification"]) == ("Payments", "Phone", "Problem")
    assert ticket["cf"] == {"cf_order_id": "ORD-1"}
    assert result.structured_content["assignee"] == {"id": jane["id"], "name": "Jane Doe", "email": "jane@acme.com"}
    assert result.structured_content["contact"]["email"] == "new.customer@example.org"


async def test_uploads_become_attachments_and_the_product_is_found_by_name(server, connect, acme):
    async with server().services.use() as services:
        upload = await services.client.org(acme.id).uploads.upload("router-log.txt", b"log line\n" * 10)
    args = {
        "organization": ORG,
        "subject": "Router reboots",
        "department": "Technical Support",
        "contact": "chris.lee@example.com",
        "uploads": [upload.id],
        "product": "acme router x1",
    }
    async with connect() as client:
        result = await client.call_tool("create_ticket", args)
    ticket = created(acme, result)
    assert ticket["productId"] == by_name(acme.products, "Acme Router X1", "productName")["id"]
    assert [a["name"] for a in acme.attachments[ticket["id"]]] == ["router-log.txt"]
    assert result.structured_content["attachments"] == 1
    assert result.structured_content["product"]["name"] == "Acme Router X1"


async def test_a_team_by_name_and_a_plain_due_date_are_sent_in_zohos_form(connect, acme):
    args = {
        "organization": ORG,
        "subject": "Invoice question",
        "department": "Billing",
        "team": "Billing L1",
        "dueDate": "2025-12-31",
        "contact": "mallory.grant@example.net",
    }
    async with connect() as client:
        result = await client.call_tool("create_ticket", args)
    ticket = created(acme, result)
    assert ticket["teamId"] == by_name(acme.teams, "Billing L1")["id"]
    assert ticket["dueDate"] == "2025-12-31T23:59:59.000Z"
    assert result.structured_content["team"]["name"] == "Billing L1"


async def test_a_warm_create_with_names_costs_only_the_create(connect, sandbox: Sandbox, acme):
    args = {
        "organization": ORG,
        "subject": "Warm",
        "department": "Technical Support",
        "team": "Network Team",
        "assignee": "Raj Patel",
        "product": "Acme Mesh Node",
        "contact": "chris.lee@example.net",
    }
    async with connect() as client:
        created(acme, await client.call_tool("create_ticket", args))
        before = dict(sandbox.store.requests)
        created(acme, await client.call_tool("create_ticket", {**args, "subject": "Warm again"}))
    spent = {k: v - before.get(k, 0) for k, v in sandbox.store.requests.items() if v != before.get(k, 0)}
    assert spent == {CREATE: 1}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"status": "Pending"}, "status 'Pending' is not allowed; use one of: Open, On Hold, Escalated, Closed"),
        ({"priority": "Urgent"}, "use one of: High, Medium, Low"),
        ({"channel": "Pigeon"}, "use one of: Email, Phone, Web"),
        ({"classification": "Bug"}, "use one of: Question, Problem, Request, Others"),
        ({"dueDate": "31/12/2025"}, "dueDate must be a date like 2025-12-31"),
        ({"contactEmail": "not-an-email"}, "not an e-mail address"),
    ],
)
async def test_bad_values_fail_before_anything_is_written(connect, sandbox: Sandbox, change, expected):
    async with connect() as client:
        result = await client.call_tool(
            "create_ticket", {"organization": ORG, "subject": "x", "department": "Billing", **change}
        )
    assert result.is_error and expected in result.content[0].text
    assert sandbox.store.requests[CREATE] == 0


async def test_an_unknown_department_lists_the_departments(connect, sandbox: Sandbox):
    async with connect() as client:
        result = await client.call_tool("create_ticket", {"organization": ORG, "subject": "x", "department": "Bilingg"})
    text = result.content[0].text
    assert result.is_error and "no department matches 'Bilingg'" in text
    assert all(name in text for name in ("Billing", "Technical Support", "Sales", "Returns", "Customer Success"))
    assert sandbox.store.requests[CREATE] == 0


async def test_a_missing_organization_lists_the_organizations(connect):
    async with connect() as client:
        result = await client.call_tool("create_ticket", {"subject": "x", "department": "Billing"})
    text = result.content[0].text
    assert result.is_error and "organization is required" in text
    assert all(name in text for name in ("Acme Support", "Globex Europe", "Initech Labs"))


async def test_the_configured_default_organization_needs_no_argument(connect, acme):
    async with connect(organization=ORG) as client:
        result = await client.call_tool("create_ticket", {"subject": "Defaulted", "department": "Returns"})
    assert created(acme, result)["subject"] == "Defaulted"


async def test_an_ambiguous_contact_name_lists_both_contacts(connect, sandbox: Sandbox):
    async with connect() as client:
        result = await client.call_tool(
            "create_ticket", {"organization": ORG, "subject": "x", "department": "Billing", "contact": "Chris Lee"}
        )
    text = result.content[0].text
    assert result.is_error and "matches 2 records" in text
    assert "chris.lee@example.com" in text and "chris.lee@example.net" in text
    assert sandbox.store.requests[CREATE] == 0


async def test_an_unknown_assignee_name_lists_the_agents(connect):
    async with connect() as client:
        result = await client.call_tool(
            "create_ticket", {"organization": ORG, "subject": "x", "department": "Billing", "assignee": "Janet Do"}
        )
    assert result.is_error and "no agent matches 'Janet Do'" in result.content[0].text
    assert "jane@acme.com" in result.content[0].text


async def test_a_team_of_another_department_is_refused_before_the_write(connect, sandbox: Sandbox):
    async with connect() as client:
        result = await client.call_tool(
            "create_ticket", {"organization": ORG, "subject": "x", "department": "Billing", "team": "Network Team"}
        )
    text = result.content[0].text
    assert result.is_error and "team 'Network Team' belongs to Technical Support, not to the ticket's" in text
    assert "teams of Billing: Billing L1" in text and "no team matches" not in text
    assert sandbox.store.requests[CREATE] == 0


async def test_an_assignee_outside_the_department_is_explained_with_the_departments_agents(connect, sandbox, acme):
    billing = by_name(acme.departments, "Billing")["id"]
    outsider = next(a for a in acme.agents.values() if billing not in a["associatedDepartmentIds"])
    async with connect() as client:
        result = await client.call_tool(
            "create_ticket",
            {"organization": ORG, "subject": "x", "department": "Billing", "assignee": outsider["emailId"]},
        )
    text = result.content[0].text
    assert result.is_error and "is not an agent of Billing" in text and "Zoho requires" in text
    assert "Fields: assigneeId" not in text and sandbox.store.requests[CREATE] == 0


async def test_a_deactivated_assignee_is_explained_before_the_write(connect, sandbox, acme):
    disabled = next(a for a in acme.agents.values() if a["status"] == "DISABLED")
    department = next(d for d in acme.departments.values() if d["id"] in disabled["associatedDepartmentIds"])
    async with connect() as client:
        result = await client.call_tool(
            "create_ticket",
            {"organization": ORG, "subject": "x", "department": department["name"], "assignee": disabled["emailId"]},
        )
    text = result.content[0].text
    assert result.is_error and "deactivated or a light agent" in text and sandbox.store.requests[CREATE] == 0


async def test_a_lost_answer_is_reported_as_outcome_unknown_and_not_retried(connect, sandbox: Sandbox, acme):
    faults = sandbox.store.faults
    faults.drop_next_writes, faults.drop_mode, faults.drop_match = 1, "reset", CREATE
    before = len(acme.tickets)
    async with connect() as client:
        result = await client.call_tool(
            "create_ticket",
            {"organization": ORG, "subject": "Lost", "department": "Billing", "contact": "mallory.grant@example.net"},
        )
    assert result.is_error and "may or may not have been made" in result.content[0].text
    assert sandbox.store.requests[CREATE] == 1 and len(acme.tickets) == before + 1


def answering(field: str, value: str, seen: list[Any]) -> Callable[..., Any]:
    async def answer(context: Any, params: Any) -> ElicitResult:
        seen.append(params.requested_schema["properties"][field]["enum"])
        return ElicitResult(action="accept", content={field: value})

    return answer


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_a_missing_organization_is_asked_of_the_user(connect, acme, mode):
    seen: list[Any] = []
    options = {"mode": mode, "elicitation_callback": answering("organization", ORG, seen)}
    async with connect(client_options=options) as client:
        result = await client.call_tool("create_ticket", {"subject": "Picked org", "department": "Billing"})
    assert created(acme, result)["subject"] == "Picked org"
    assert seen == [["Acme Support", "Globex Europe", "Initech Labs"]]


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_an_unknown_department_is_asked_of_the_user(connect, acme, mode):
    seen: list[Any] = []
    options = {"mode": mode, "elicitation_callback": answering("department", "Returns", seen)}
    async with connect(client_options=options) as client:
        arguments = {"organization": ORG, "subject": "Pick", "department": "Retrns"}
        result = await client.call_tool("create_ticket", arguments)
    assert created(acme, result)["departmentId"] == by_name(acme.departments, "Returns")["id"]
    assert seen == [["Billing", "Technical Support", "Sales", "Returns", "Customer Success"]]


async def test_declining_the_question_fails_the_call_without_a_write(connect, sandbox: Sandbox):
    async def decline(context: Any, params: Any) -> ElicitResult:
        return ElicitResult(action="decline")

    async with connect(client_options={"elicitation_callback": decline}) as client:
        result = await client.call_tool("create_ticket", {"subject": "x", "department": "Billing"})
    assert result.is_error and "declin" in result.content[0].text
    assert sandbox.store.requests[CREATE] == 0


async def test_the_resolved_ids_are_not_arguments_of_the_tool(connect):
    async with connect() as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    schema = tools["create_ticket"].input_schema
    assert not {"org_id", "department_id", "orgId"} & set(schema["properties"])
    assert schema["required"] == ["subject", "department"]
    annotations = tools["create_ticket"].annotations
    assert annotations is not None and not annotations.read_only_hint and not annotations.idempotent_hint


async def test_an_ambiguous_agent_name_lists_both_agents_and_creates_nothing(connect, sandbox: Sandbox, acme):
    billing = by_name(acme.departments, "Billing")
    namesake = records.agent(
        sandbox.store, email="jane.doe@acme.com", first_name="Jane", last_name="Doe", department_ids=[billing["id"]]
    )
    acme.agents[namesake["id"]] = namesake
    async with connect() as client:
        result = await client.call_tool(
            "create_ticket", {"organization": ORG, "subject": "x", "department": "Billing", "assignee": "Jane Doe"}
        )
    text = result.content[0].text
    assert result.is_error and "matches 2 records" in text
    assert "jane@acme.com" in text and "jane.doe@acme.com" in text
    assert sandbox.store.requests[CREATE] == 0


@pytest.mark.parametrize("due", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-05:00"])
async def test_a_due_date_that_leaves_the_calendar_in_utc_is_a_clear_error(connect, sandbox: Sandbox, due: str):
    async with connect() as client:
        result = await client.call_tool(
            "create_ticket", {"organization": ORG, "subject": "x", "department": "Billing", "dueDate": due}
        )
    assert result.is_error and "dueDate must be a date like 2025-12-31" in result.content[0].text
    assert sandbox.store.requests[CREATE] == 0


async def test_an_upload_used_twice_says_upload_ids_can_be_used_once(connect, sandbox: Sandbox):
    data = "JVBERi0xLjQgdXBsb2Fk"  # "%PDF-1.4 upload"
    async with connect() as client:
        upload = await client.call_tool("upload_file", {"organization": ORG, "fileName": "a.pdf", "fileData": data})
        upload_id = upload.structured_content["id"]
        base = {"organization": ORG, "department": "Billing", "contactEmail": "up@example.com"}
        first = await client.call_tool("create_ticket", {**base, "subject": "one", "uploads": [upload_id]})
        again = await client.call_tool("create_ticket", {**base, "subject": "two", "uploads": [upload_id]})
    assert not first.is_error
    text = again.content[0].text
    assert again.is_error and "An upload ID can be used once" in text and "upload_file" in text
