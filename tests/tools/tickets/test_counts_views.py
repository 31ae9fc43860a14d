"""get_ticket_counts, list_tickets `view` and list_options `views` through the MCP client: counts match the
tickets in the sandbox, views by name or ID, and the errors that list the valid views."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from mcp import Client

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData, Record

from ..ticket_checks import by_name, nulls

ORG = "Acme Support"
STATUS_NAMES = {"open": "Open", "on hold": "On Hold", "escalated": "Escalated", "closed": "Closed"}


def counted(acme: OrgData) -> list[Record]:
    return [t for t in acme.tickets.values() if not t.get("isTrashed") and not t.get("isSpam")]


def open_client(connect: Any) -> Client:
    client: Client = connect(organization=ORG)
    return client


async def call(client: Client, tool: str, **args: Any) -> dict[str, Any]:
    result = await client.call_tool(tool, args)
    assert not result.is_error, result.content[0].text  # type: ignore[union-attr]
    assert result.structured_content is not None and nulls(result.structured_content) == []
    return dict(result.structured_content)


def as_map(out: dict[str, Any]) -> dict[str, int]:
    return {row["key"]: row["count"] for row in out["counts"]}


async def test_counts_by_status_match_the_sandbox_in_one_api_call(
    connect: Any, acme: OrgData, sandbox: Sandbox
) -> None:
    async with open_client(connect) as client:
        out = await call(client, "get_ticket_counts", groupBy="status")
    assert as_map(out) == Counter(t["status"] for t in counted(acme))
    assert out["total"] == len(counted(acme)) and all(r["key"] == r["name"] for r in out["counts"])
    assert sandbox.store.requests["GET /api/v1/ticketsCountByFieldValues"] == 1


async def test_open_tickets_per_agent_within_a_view_match_the_sandbox(connect: Any, acme: OrgData) -> None:
    async with open_client(connect) as client:
        out = await call(client, "get_ticket_counts", groupBy="assignee", view="Open Tickets")
    expected = Counter(t["assigneeId"] or "none" for t in counted(acme) if t["statusType"] == "Open")
    assert as_map(out) == expected
    names = {row["key"]: row["name"] for row in out["counts"]}
    assert names["none"] == "Unassigned" and out["view"]["name"] == "Open Tickets"
    jane = by_name(acme.agents, "jane@acme.com", "emailId")
    assert names[jane["id"]] == "Jane Doe"


async def test_counts_per_department_and_priority_within_a_department(connect: Any, acme: OrgData) -> None:
    billing = by_name(acme.departments, "Billing")
    async with open_client(connect) as client:
        per_department = await call(client, "get_ticket_counts", groupBy="department")
        priorities = await call(client, "get_ticket_counts", groupBy="priority", department="Billing")
    assert as_map(per_department) == Counter(t["departmentId"] for t in counted(acme))
    mine = [t for t in counted(acme) if t["departmentId"] == billing["id"]]
    assert as_map(priorities) == Counter(t["priority"] or "none" for t in mine)
    assert priorities["department"] == {"id": billing["id"], "name": "Billing"}


async def test_spam_and_trash_are_not_counted(connect: Any, acme: OrgData) -> None:
    first, second = list(acme.tickets.values())[:2]
    first["isSpam"], second["isTrashed"] = True, True
    async with open_client(connect) as client:
        out = await call(client, "get_ticket_counts", groupBy="channel")
    assert out["total"] == len(acme.tickets) - 2


async def test_an_unknown_view_lists_the_views(connect: Any) -> None:
    async with open_client(connect) as client:
        result = await client.call_tool("get_ticket_counts", {"groupBy": "status", "view": "Hot tickets"})
    text = result.content[0].text  # type: ignore[union-attr]
    assert result.is_error and "Open Tickets" in text and "Overdue Tickets" in text


async def test_list_tickets_takes_a_view_by_name_or_id(connect: Any, acme: OrgData) -> None:
    expected = {t["id"] for t in counted(acme) if t["statusType"] == "Open" and not t["assigneeId"]}
    async with open_client(connect) as client:
        views = await call(client, "list_options", kind="views")
        by_id = {row["name"]: row["id"] for row in views["options"]}
        named = await call(client, "list_tickets", view="unassigned open", limit=100)
        numbered = await call(client, "list_tickets", view=by_id["Unassigned Open Tickets"], limit=100)
    assert {t["id"] for t in named["tickets"]} == expected == {t["id"] for t in numbered["tickets"]}
    assert list(by_id) == ["All Tickets", "Open Tickets", "Unassigned Open Tickets", "Overdue Tickets",
                           "Closed Tickets"]


@pytest.mark.parametrize("group_by", ["assignee", "department"])
async def test_big_portals_are_counted_per_group(
    connect: Any, acme: OrgData, sandbox: Sandbox, group_by: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zoho_desk_mcp.tools.tickets import counts

    monkeypatch.setattr(counts, "MAX_SCAN_PAGES", 1)  # the sandbox's 270 tickets stand for a portal too big to scan
    async with open_client(connect) as client:
        out = await call(client, "get_ticket_counts", groupBy=group_by)
    key = "assigneeId" if group_by == "assignee" else "departmentId"
    assert as_map(out) == Counter(t[key] or "none" for t in counted(acme))
    assert sandbox.store.requests["GET /api/v1/ticketsCount"] >= 2
