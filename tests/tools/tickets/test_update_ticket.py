"""update_ticket through the MCP client: each kind of field by name, before/after with names, nothing sent when
nothing changes, Zoho's department rule checked before the write, and the refusals."""

from __future__ import annotations

import base64
import re
from collections import Counter
from typing import Any

from mcp import Client

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData, Record

from ..ticket_checks import agent, by_name, contact_by_email, nulls

ORG = "Acme Support"
PATCH = "PATCH /api/v1/tickets/{ticketId}"
GET = "GET /api/v1/tickets/{ticketId}"


def message(result: Any) -> str:
    """The text of a tool result's first content block (the error text, for a tool error)."""
    return str(getattr(result.content[0], "text", ""))


def ticket_101(acme: OrgData) -> Record:
    return by_name(acme.tickets, "101", "ticketNumber")


async def update(client: Client, **args: Any) -> dict[str, Any]:
    result = await client.call_tool("update_ticket", {"ticket": "#101", **args})
    assert not result.is_error, message(result)
    assert result.structured_content is not None
    sides = re.compile(r"^\$\.changes\[\d+\]\.(before|after)$")  # an empty side of a change is an explicit null
    assert [path for path in nulls(result.structured_content) if not sides.match(path)] == []
    return dict(result.structured_content)


async def refused(client: Client, **args: Any) -> str:
    result = await client.call_tool("update_ticket", {"ticket": "#101", **args})
    assert result.is_error, result.structured_content
    return str(message(result))


def changed(out: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["field"]: c for c in out.get("changes", [])}


def unique_contact(acme: OrgData, other_than: str) -> Record:
    names = Counter(f"{c['firstName']} {c['lastName']}" for c in acme.contacts.values())
    return next(
        c
        for c in acme.contacts.values()
        if names[f"{c['firstName']} {c['lastName']}"] == 1 and c["id"] != other_than and c.get("email")
    )


async def test_dropdowns_texts_dates_and_custom_fields_change_and_show_before_and_after(
    connect: Any, acme: OrgData, sandbox: Sandbox
) -> None:
    async with connect(organization=ORG) as client:
        out = await update(
            client,
            status="on hold",
            priority="Low",
            channel="Phone",
            classification="Problem",
            category="Cards",
            subCategory="Expiry",
            resolution="Card updated by the agent",
            language="French",
            phone="+1 555 0199",
            webUrl="https://example.com/card",
            subject="Card on file expires",
            description="<p>New text</p>",
            dueDate="2025-12-31",
            customFields={"cf_order_id": "A-17"},
        )
    stored = ticket_101(acme)
    assert (stored["status"], stored["priority"], stored["channel"]) == ("On Hold", "Low", "Phone")
    assert (stored["classification"], stored["category"], stored["subCategory"]) == ("Problem", "Cards", "Expiry")
    assert (stored["resolution"], stored["language"], stored["phone"]) == (
        "Card updated by the agent",
        "French",
        "+1 555 0199",
    )
    assert stored["dueDate"] == "2025-12-31T23:59:59.000Z" and stored["cf"]["cf_order_id"] == "A-17"
    assert stored["subject"] == "Card on file expires" and stored["description"] == "<p>New text</p>"
    rows = changed(out)
    assert rows["status"] == {"field": "status", "before": "Closed", "after": "On Hold"}
    assert rows["priority"] == {"field": "priority", "before": "High", "after": "Low"}
    assert rows["dueDate"] == {"field": "dueDate", "before": None, "after": "2025-12-31T23:59:59.000Z"}
    assert rows["customFields.cf_order_id"] == {"field": "customFields.cf_order_id", "before": None, "after": "A-17"}
    assert rows["subject"]["before"] == "How do I update my credit card?"
    assert "untrusted" in rows["description"]["before"] and "New text" in rows["description"]["after"]
    assert "untrusted" in out and out["ticketNumber"] == "101" and out["ticketId"] == stored["id"]
    assert sandbox.store.requests[PATCH] == 1


async def test_assignee_team_and_product_by_name_show_names_before_and_after(connect: Any, acme: OrgData) -> None:
    async with connect(organization=ORG) as client:
        out = await update(client, assignee="Jane Doe", team="billing l1", product="Acme Cloud Backup")
    stored, jane = ticket_101(acme), agent(acme, "jane@acme.com")
    assert stored["assigneeId"] == jane["id"]
    assert stored["teamId"] == by_name(acme.teams, "Billing L1")["id"]
    assert stored["productId"] == by_name(acme.products, "Acme Cloud Backup", "productName")["id"]
    rows = changed(out)
    noah = agent(acme, "noah@acme.com")
    assert rows["assignee"]["before"] == {"id": noah["id"], "name": "Noah Kim", "email": "noah@acme.com"}
    assert rows["assignee"]["after"] == {"id": jane["id"], "name": "Jane Doe", "email": "jane@acme.com"}
    assert rows["team"] == {"field": "team", "before": None, "after": {"id": stored["teamId"], "name": "Billing L1"}}
    assert rows["product"]["before"]["name"] == "Acme Extended Warranty"
    assert rows["product"]["after"] == {"id": stored["productId"], "name": "Acme Cloud Backup"}


async def test_a_department_move_with_a_fitting_assignee_and_team_changes_all_three(
    connect: Any, acme: OrgData
) -> None:
    async with connect(organization=ORG) as client:
        out = await update(client, department="Sales", assignee="sam@acme.com", team="Inside Sales", product="none")
    stored = ticket_101(acme)
    assert stored["departmentId"] == by_name(acme.departments, "Sales")["id"]
    assert stored["assigneeId"] == agent(acme, "sam@acme.com")["id"] and stored["productId"] is None
    rows = changed(out)
    assert rows["department"]["before"]["name"] == "Billing" and rows["department"]["after"]["name"] == "Sales"
    assert rows["product"]["after"] is None  # a cleared field reads "after": null


async def test_contact_by_name_and_secondary_contacts_by_email(connect: Any, acme: OrgData) -> None:
    old = ticket_101(acme)["contactId"]
    other = unique_contact(acme, old)
    extra = unique_contact(acme, other["id"])
    name = f"{other['firstName']} {other['lastName']}"
    async with connect(organization=ORG) as client:
        out = await update(client, contact=name, secondaryContacts=[extra["email"]])
    stored = ticket_101(acme)
    assert stored["contactId"] == other["id"] and stored["secondaryContacts"] == [extra["id"]]
    rows = changed(out)
    assert rows["contact"]["before"]["id"] == old and rows["contact"]["after"] == {"id": other["id"], "name": name}
    assert rows["secondaryContacts"]["after"] == [{"id": extra["id"], "email": extra["email"]}]


async def test_a_new_contact_email_creates_the_contact_with_its_name_and_links_it(connect: Any, acme: OrgData) -> None:
    async with connect(organization=ORG) as client:
        result = await client.call_tool(
            "update_ticket",
            {"ticket": "101", "contactEmail": "new.person@example.org", "contactName": "Nora Person"},
        )
    assert not result.is_error, result.content
    made = contact_by_email(acme, "new.person@example.org")
    assert made is not None and (made["firstName"], made["lastName"]) == ("Nora", "Person")
    assert by_name(acme.tickets, "101", key="ticketNumber")["contactId"] == made["id"]
    change = next(c for c in result.structured_content["changes"] if c["field"] == "contact")
    assert change["after"]["name"] == "Nora Person"


async def test_a_new_contact_is_not_created_when_the_update_is_refused_first(
    connect: Any, acme: OrgData, sandbox: Any
) -> None:
    contacts_before = len(acme.contacts)
    async with connect(organization=ORG) as client:
        result = await client.call_tool(
            "update_ticket", {"ticket": "101", "contactEmail": "new.person@example.org", "status": "Bogus"}
        )
    assert result.is_error and "status" in result.content[0].text
    assert len(acme.contacts) == contacts_before and contact_by_email(acme, "new.person@example.org") is None
    assert sandbox.store.requests["PATCH /api/v1/tickets/{ticketId}"] == 0


async def test_uploads_are_attached_and_counted(connect: Any, acme: OrgData) -> None:
    data = base64.b64encode(b"receipt").decode()
    async with connect(organization=ORG) as client:
        upload = await client.call_tool("upload_file", {"fileName": "receipt.txt", "fileData": data})
        assert upload.structured_content is not None, upload.content
        out = await update(client, uploads=upload.structured_content["id"])
    assert [a["name"] for a in acme.attachments[ticket_101(acme)["id"]]] == ["receipt.txt"]
    assert changed(out)["attachments"] == {"field": "attachments", "before": None, "after": 1}


async def test_unassigned_clears_the_assignee(connect: Any, acme: OrgData) -> None:
    async with connect(organization=ORG) as client:
        out = await update(client, assignee="Unassigned")
    assert ticket_101(acme)["assigneeId"] is None
    assert changed(out)["assignee"] == {
        "field": "assignee",
        "before": {"id": agent(acme, "noah@acme.com")["id"], "name": "Noah Kim", "email": "noah@acme.com"},
        "after": None,  # a cleared field reads "after": null
    }


async def test_values_the_ticket_already_has_send_no_patch(connect: Any, sandbox: Sandbox) -> None:
    async with connect(organization=ORG) as client:
        out = await update(client, status="closed", priority="High", department="Billing", assignee="noah@acme.com")
    assert out["changes"] == [] and set(out["unchanged"]) == {"status", "priority", "department", "assignee"}
    assert "nothing was sent" in out["note"]
    assert sandbox.store.requests.get(PATCH, 0) == 0


async def test_the_same_update_twice_patches_once(connect: Any, sandbox: Sandbox) -> None:
    async with connect(organization=ORG) as client:
        first = await update(client, status="Escalated", priority="Low")
        second = await update(client, status="Escalated", priority="Low")
    assert set(changed(first)) == {"status", "priority"}
    assert second["changes"] == [] and second["unchanged"] == ["status", "priority"]
    assert sandbox.store.requests[PATCH] == 1


async def test_only_the_fields_that_differ_are_sent(connect: Any, acme: OrgData) -> None:
    async with connect(organization=ORG) as client:
        out = await update(client, status="Closed", priority="Medium")
    assert list(changed(out)) == ["priority"] and out["unchanged"] == ["status"]
    assert ticket_101(acme)["priority"] == "Medium"


async def test_a_department_move_that_keeps_an_assignee_of_another_department_is_refused_with_the_fix(
    connect: Any, acme: OrgData, sandbox: Sandbox
) -> None:
    async with connect(organization=ORG) as client:
        text = await refused(client, department="Sales")
    assert "assignee to be an agent of the ticket's department" in text
    assert "Noah Kim <noah@acme.com>" in text and "sam@acme.com" in text and '"Unassigned"' in text
    assert "Acme Extended Warranty" in text and "Nothing was changed" in text
    assert ticket_101(acme)["departmentId"] == by_name(acme.departments, "Billing")["id"]
    assert sandbox.store.requests.get(PATCH, 0) == 0


async def test_an_assignee_outside_the_tickets_department_is_refused(connect: Any, sandbox: Sandbox) -> None:
    async with connect(organization=ORG) as client:
        text = await refused(client, assignee="raj@acme.com")
        light = await refused(client, assignee="ben@acme.com")
    assert "Raj" in text and "not an agent of Billing" in text and "jane@acme.com" in text
    assert "deactivated or a light agent" in light
    assert sandbox.store.requests.get(PATCH, 0) == 0


async def test_zohos_refusal_of_a_department_move_explains_the_rule(connect: Any, acme: OrgData) -> None:
    """When the cached agents predate a change only Zoho can notice; its refusal comes with the rule."""
    jane = agent(acme, "jane@acme.com")
    support = by_name(acme.departments, "Technical Support")["id"]
    async with connect(organization=ORG) as client:
        await update(client, assignee="jane@acme.com")
        jane["associatedDepartmentIds"].remove(support)
        text = await refused(client, department="Technical Support", product="none")
    assert "Zoho rejected" in text and "assigneeId" in text and "agent of the ticket's department" in text
    assert ticket_101(acme)["departmentId"] == by_name(acme.departments, "Billing")["id"]


async def test_unknown_names_and_tickets_are_errors_that_list_the_choices(connect: Any, sandbox: Sandbox) -> None:
    async with connect(organization=ORG) as client:
        no_agent = await refused(client, assignee="Nobody Here")
        no_department = await refused(client, department="Legal")
        no_ticket = await client.call_tool("update_ticket", {"ticket": "#999999", "status": "Open"})
        no_id = await client.call_tool("update_ticket", {"ticket": "189200000999999", "status": "Open"})
    assert "no agent matches 'Nobody Here'" in no_agent
    assert "Billing" in no_department and "Returns" in no_department
    assert no_ticket.is_error and "#101" in message(no_ticket)
    assert no_id.is_error and "no ticket matches '189200000999999'" in message(no_id)
    assert sandbox.store.requests.get(PATCH, 0) == 0


async def test_bad_values_and_empty_calls_are_refused_before_any_lookup(connect: Any, sandbox: Sandbox) -> None:
    async with connect(organization=ORG) as client:
        status = await refused(client, status="Done")
        date = await refused(client, dueDate="tomorrow")
        empty = await refused(client)
    assert "Open, On Hold, Escalated, Closed" in status and "dueDate" in date and "nothing to update" in empty
    assert sandbox.store.requests.get(GET, 0) == 0


async def test_a_lost_answer_says_re_running_is_safe(connect: Any, sandbox: Sandbox, acme: OrgData) -> None:
    faults = sandbox.store.faults
    faults.drop_next_writes, faults.drop_mode, faults.drop_match = 1, "reset", PATCH
    async with connect(organization=ORG) as client:
        text = await refused(client, status="Open")
        again = await update(client, status="Open")
    assert "may or may not have been applied" in text and "safe" in text
    assert ticket_101(acme)["status"] == "Open" and again["unchanged"] == ["status"]
    assert sandbox.store.requests[PATCH] == 1


async def test_read_only_mode_hides_update_ticket_and_refuses_a_call(connect: Any, sandbox: Sandbox) -> None:
    async with connect(organization=ORG, read_only=True) as client:
        names = {t.name for t in (await client.list_tools()).tools}
        result = await client.call_tool("update_ticket", {"ticket": "#101", "status": "Open"})
    assert "update_ticket" not in names and "get_ticket" in names
    assert result.is_error and "read-only" in message(result)
    assert sandbox.store.requests.get(PATCH, 0) == 0


async def test_the_tool_is_an_idempotent_non_destructive_write_of_the_triage_toolset(connect: Any) -> None:
    async with connect(toolsets="tickets") as client:
        hidden = {t.name for t in (await client.list_tools()).tools}
    async with connect() as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    assert "update_ticket" not in hidden
    hints = tools["update_ticket"].annotations
    assert hints is not None
    assert (hints.read_only_hint, hints.destructive_hint, hints.idempotent_hint) == (False, False, True)
    schema = tools["update_ticket"].input_schema
    assert schema["required"] == ["ticket"] and "orgId" not in schema["properties"]
    assert {"resolution", "assignee", "customFields", "uploads", "department"} <= set(schema["properties"])


async def test_a_zoho_server_error_on_the_write_says_re_running_is_safe(
    connect: Any, acme: OrgData, sandbox: Sandbox
) -> None:
    faults = sandbox.store.faults
    faults.fail_match, faults.fail_next, faults.fail_status = PATCH, 1, 500
    async with connect(organization=ORG) as client:
        text = await refused(client, priority="Low")
        again = await update(client, priority="Low")
    assert "may or may not have been applied" in text and "safe" in text
    assert changed(again)["priority"]["after"] == "Low" and ticket_101(acme)["priority"] == "Low"
