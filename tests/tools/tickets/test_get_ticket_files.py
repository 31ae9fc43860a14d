"""get_ticket lists the ticket's files (its own and its threads') as rows, and its tags; calls only where needed."""

from __future__ import annotations

from typing import Any

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData, Record
from zoho_desk_mcp.tools.kit.output import iso_seconds

ORG = "Acme Support"


def newest(acme: OrgData) -> Record:
    return max(acme.tickets.values(), key=lambda t: int(t["ticketNumber"]))


def with_thread_files(acme: OrgData) -> Record:
    return next(t for t in acme.tickets.values()
                if any(th["attachments"] for th in acme.threads.get(t["id"], [])) and not acme.attachments.get(t["id"]))


async def get(client: Any, ticket: str) -> dict[str, Any]:
    result = await client.call_tool("get_ticket", {"organization": ORG, "ticket": ticket})
    assert not result.is_error, result.content[0].text
    return dict(result.structured_content)


async def test_the_tickets_own_files_are_rows_with_id_name_size_visibility_and_time(
    connect: Any, acme: OrgData
) -> None:
    ticket = newest(acme)
    async with connect() as client:
        out = await get(client, ticket["id"])
    rows = {r["name"]: r for r in out["attachments"]}
    stored = {a["name"]: a for a in acme.attachments[ticket["id"]]}
    log = rows["router-debug.log"]
    assert log == {"id": stored["router-debug.log"]["id"], "name": "router-debug.log",
                   "size": int(stored["router-debug.log"]["size"]), "isPublic": False,
                   "createdTime": iso_seconds(stored["router-debug.log"]["createdTime"])}
    assert {"speed-test.csv", "signal-strength.png", "isp-reply.eml"} <= set(rows)


async def test_thread_files_say_which_thread_they_came_with(connect: Any, acme: OrgData, sandbox: Sandbox) -> None:
    ticket = with_thread_files(acme)
    threads = acme.threads[ticket["id"]]
    expected = [(a["id"], th["id"]) for th in threads for a in th["attachments"]]
    before = dict(sandbox.store.requests)
    async with connect() as client:
        await get(client, ticket["id"])  # warms the organization and name caches
        before = dict(sandbox.store.requests)
        out = await get(client, ticket["id"])
    assert [(r["id"], r["thread"]) for r in out["attachments"]] == expected
    calls = {k: n - before.get(k, 0) for k, n in sandbox.store.requests.items() if n != before.get(k, 0)}
    assert calls == {
        "GET /api/v1/tickets/{ticketId}": 1,
        "GET /api/v1/tickets/{ticketId}/threads": 1,
        "GET /api/v1/tickets/{ticketId}/threads/{threadId}": len({t for _, t in expected}),
    }


async def test_tags_are_shown_and_a_ticket_without_files_lists_none(connect: Any, acme: OrgData) -> None:
    tagged = next(acme.tickets[t] for t, tags in acme.ticket_tags.items()
                  if tags and not acme.threads.get(t) and not acme.attachments.get(t))
    async with connect() as client:
        out = await get(client, tagged["id"])
    assert out["tags"] == [acme.tags[t]["name"] for t in acme.ticket_tags[tagged["id"]]]
    assert out["attachments"] == []
