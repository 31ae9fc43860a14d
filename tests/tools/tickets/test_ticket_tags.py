"""Tags through the MCP client: added by create_ticket and update_ticket, shown by get_ticket, filtered on by
search_tickets, listed by list_options, removed by update_ticket (removeTags)."""

from __future__ import annotations

from typing import Any

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData, Record

ORG = "Acme Support"


def untagged(acme: OrgData) -> Record:
    return next(t for t in acme.tickets.values() if not acme.ticket_tags.get(t["id"]) and not acme.threads.get(t["id"]))


async def call(client: Any, tool: str, **args: Any) -> dict[str, Any]:
    result = await client.call_tool(tool, {"organization": ORG, **args})
    assert not result.is_error, result.content[0].text
    return dict(result.structured_content)


async def found_by_tag(client: Any, tag: str) -> list[str]:
    return [t["id"] for t in (await call(client, "search_tickets", tag=tag))["tickets"]]


async def test_a_tag_is_added_filtered_on_and_removed(connect: Any, acme: OrgData, sandbox: Sandbox) -> None:
    ticket = untagged(acme)["id"]
    async with connect() as client:
        added = await call(client, "update_ticket", ticket=ticket, tags="Needs Callback, vip")
        shown = await call(client, "get_ticket", ticket=ticket)
        hits = await found_by_tag(client, "needs callback")
        before = dict(sandbox.store.requests)
        removed = await call(client, "update_ticket", ticket=ticket, removeTags=["VIP"])
        patches = sandbox.store.requests["PATCH /api/v1/tickets/{ticketId}"] - before.get(
            "PATCH /api/v1/tickets/{ticketId}", 0)
        after = await call(client, "get_ticket", ticket=ticket)
        misses = await found_by_tag(client, "vip")
    assert [(c["field"], c.get("before"), c["after"]) for c in added["changes"]] == [
        ("tags", None, "needs callback, vip")
    ]
    assert shown["tags"] == ["needs callback", "vip"]
    assert hits == [ticket]
    assert removed["changes"] == [{"field": "tags", "before": "needs callback, vip", "after": "needs callback"}]
    assert patches == 0  # tags alone send no PATCH
    assert after["tags"] == ["needs callback"] and ticket not in misses


async def test_tags_travel_with_field_changes_in_one_update(connect: Any, acme: OrgData) -> None:
    ticket = untagged(acme)
    async with connect() as client:
        out = await call(client, "update_ticket", ticket=ticket["id"], priority="High" if ticket.get("priority") !=
                         "High" else "Low", tags=["escalated-by-phone"])
    assert [c["field"] for c in out["changes"]] == ["priority", "tags"]


async def test_a_tag_the_ticket_already_has_changes_nothing(connect: Any, acme: OrgData) -> None:
    ticket = untagged(acme)["id"]
    async with connect() as client:
        await call(client, "update_ticket", ticket=ticket, tags="vip")
        again = await call(client, "update_ticket", ticket=ticket, tags="VIP", removeTags="not-there")
    assert again["changes"] == [] and "Nothing to change" in again["note"]


async def test_create_ticket_tags_the_new_ticket(connect: Any, acme: OrgData) -> None:
    async with connect() as client:
        made = await call(client, "create_ticket", subject="Tagged at birth", department="Billing",
                          contactEmail="tags@example.com", tags="billing, first-contact")
    assert made["tags"] == ["billing", "first-contact"]
    assert sorted(acme.tags[t]["name"] for t in acme.ticket_tags[made["id"]]) == ["billing", "first-contact"]


async def test_a_bad_tag_name_is_refused_before_anything_is_written(connect: Any, acme: OrgData) -> None:
    count = len(acme.tickets)
    async with connect() as client:
        created = await client.call_tool("create_ticket", {"organization": ORG, "subject": "x", "department": "Billing",
                                                           "tags": "ok-tag, no"})
        updated = await client.call_tool("update_ticket", {"organization": ORG, "ticket": untagged(acme)["id"],
                                                           "removeTags": "x;y"})
    assert created.is_error and "'no' is not a tag name" in created.content[0].text
    assert updated.is_error and "removeTags" in updated.content[0].text
    assert len(acme.tickets) == count


async def test_list_options_lists_each_departments_tags_with_ticket_counts(connect: Any, acme: OrgData) -> None:
    async with connect() as client:
        every = await call(client, "list_options", kind="tags")
        refunds = await call(client, "list_options", kind="tags", search="REF")
    rows = every["options"]
    assert rows and all({"id", "name", "department", "departmentId", "tickets"} <= set(r) for r in rows)
    expected = {(t["name"], acme.departments[t["_departmentId"]]["name"]) for t in acme.tags.values()}
    assert {(r["name"], r["department"]) for r in rows} == expected
    assert {r["name"] for r in refunds["options"]} == {"refund"}
