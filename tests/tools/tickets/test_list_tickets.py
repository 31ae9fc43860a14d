"""list_tickets through the MCP client: filters by name, 1-based paging, exact day windows, size and call counts."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData, Record

from ..ticket_checks import agent, by_name, nulls

ORG = "Acme Support"
LIST = "GET /api/v1/tickets"


def created_at(ticket: Record) -> datetime:
    return datetime.fromisoformat(ticket["createdTime"].replace("Z", "+00:00"))


def live(acme: OrgData) -> list[Record]:
    return [t for t in acme.tickets.values() if not t.get("isTrashed")]


def newest_first(tickets: list[Record]) -> list[str]:
    ordered = sorted(tickets, key=lambda t: (created_at(t), int(t["ticketNumber"])), reverse=True)
    return [t["id"] for t in ordered]


async def call(client: Any, **args: Any) -> dict[str, Any]:
    result = await client.call_tool("list_tickets", {"organization": ORG, **args})
    assert not result.is_error, result.content[0].text
    return dict(result.structured_content)


async def test_the_contract_example_filters_sorts_and_pages(connect, acme):
    billing, tech = by_name(acme.departments, "Billing")["id"], by_name(acme.departments, "Technical Support")["id"]
    jane = agent(acme, "jane@acme.com")["id"]
    teams = {by_name(acme.teams, "Billing L1")["id"], by_name(acme.teams, "Tier 2 Support")["id"]}
    since = datetime.now(timezone.utc) - timedelta(days=7)
    expected = [
        t
        for t in live(acme)
        if t["departmentId"] in (billing, tech)
        and t["status"] == "Open"  # exactly: Zoho's Open filter would bring Escalated too
        and created_at(t) >= since
        and t["teamId"] in teams
        and t["assigneeId"] == jane
    ]
    async with connect() as client:
        out = await call(
            client,
            departments=["Billing", "Technical Support"],
            status="Open",
            sortBy="createdTime",
            sortOrder="asc",
            receivedInDays=7,
            include=["team"],
            teams="Billing L1, Tier 2 Support",
            assignee="jane@acme.com",
            **{"from": 1, "limit": 50},
        )
    assert [r["id"] for r in out["tickets"]] == list(reversed(newest_first(expected)))
    assert all(r["assignee"] == "Jane Doe" and r["team"] in ("Billing L1", "Tier 2 Support") for r in out["tickets"])
    assert out["count"] == len(expected) and out["hasMore"] is False and "nextFrom" not in out


async def all_pages(client: Any, **args: Any) -> list[str]:
    seen: list[str] = []
    position: int | None = 1
    while position is not None:
        out = await call(client, **args, **{"from": position})
        seen += [r["id"] for r in out["tickets"]]
        position = out.get("nextFrom")
    return seen


@pytest.mark.parametrize("days", [7, 20, 45, 120])
async def test_received_in_days_is_exact_on_created_time_and_pages_add_up(connect, acme, days):
    since = datetime.now(timezone.utc) - timedelta(days=days)
    expected = newest_first([t for t in live(acme) if created_at(t) >= since])
    async with connect() as client:
        seen = await all_pages(client, receivedInDays=days, limit=30)
    assert seen == expected


async def test_an_exact_window_sorted_otherwise_is_still_exact(connect, acme):
    since = datetime.now(timezone.utc) - timedelta(days=7)
    recent = (t for t in live(acme) if created_at(t) >= since)
    expected = sorted(recent, key=lambda t: int(t["ticketNumber"]), reverse=True)  # sortBy alone: latest first
    async with connect() as client:
        seen = await all_pages(client, receivedInDays=7, sortBy="ticketNumber", limit=7)
    assert seen == [t["id"] for t in expected]


async def test_a_short_window_costs_one_zoho_page(connect, sandbox: Sandbox):
    async with connect() as client:
        await call(client, receivedInDays=7, limit=5)
        before = sandbox.store.requests[LIST]
        await call(client, receivedInDays=7, limit=5, **{"from": 6})
    assert sandbox.store.requests[LIST] - before == 1


async def test_from_is_one_based_and_next_from_continues(connect, acme):
    expected = newest_first(live(acme))
    async with connect() as client:
        first = await call(client, limit=3)
        second = await call(client, limit=3, **{"from": first["nextFrom"]})
    assert [r["id"] for r in first["tickets"]] == expected[:3]
    assert [r["id"] for r in second["tickets"]] == expected[3:6]
    assert (first["from"], first["nextFrom"], first["hasMore"]) == (1, 4, True)


async def test_the_last_page_says_there_is_no_more(connect, acme):
    total = len(live(acme))
    async with connect() as client:
        out = await call(client, limit=10, **{"from": total - 4})
    assert out["count"] == 5 and out["hasMore"] is False and "nextFrom" not in out


async def test_sort_order_becomes_zohos_prefix(connect, acme):
    numbers = sorted(int(t["ticketNumber"]) for t in live(acme))
    async with connect() as client:
        ascending = await call(client, sortBy="ticketNumber", sortOrder="asc", limit=3)
        descending = await call(client, sortBy="ticketNumber", sortOrder="desc", limit=3)
    assert [int(r["ticketNumber"]) for r in ascending["tickets"]] == numbers[:3]
    assert [int(r["ticketNumber"]) for r in descending["tickets"]] == numbers[::-1][:3]


async def test_unassigned_and_several_priorities_filter_like_zoho(connect, acme):
    expected = [t for t in live(acme) if t["assigneeId"] is None and t["priority"] in ("High", "Low")]
    async with connect() as client:
        out = await call(client, assignee="Unassigned", priority="high,low", limit=100)
    assert sorted(r["id"] for r in out["tickets"]) == sorted(t["id"] for t in expected)
    assert all("assignee" not in r for r in out["tickets"])


async def test_a_warm_call_with_department_and_assignee_names_is_one_api_call(connect, sandbox: Sandbox):
    async with connect() as client:
        await call(client, departments="Billing", assignee="Jane Doe")
        before = sum(sandbox.store.requests.values())
        out = await call(client, departments="Billing", assignee="jane@acme.com", status="Open")
    assert sum(sandbox.store.requests.values()) - before == 1
    assert all(r["department"] == "Billing" for r in out["tickets"])


async def test_a_hundred_rows_are_slim_and_under_26_kb(connect):
    async with connect() as client:
        result = await client.call_tool("list_tickets", {"organization": ORG, "limit": 100})
        tool = next(t for t in (await client.list_tools()).tools if t.name == "list_tickets")
    out = result.structured_content
    assert out["count"] == 100 and nulls(out) == []
    # 25 KB of rows and the page's own keys; times to the second (one time format) cost 600 bytes a page
    assert len(json.dumps(out, separators=(",", ":")).encode()) < 26 * 1024
    assert json.loads(result.content[0].text) == out and len(result.content[0].text.encode()) < 26 * 1024
    assert tool.output_schema is None  # structured content without a published schema (kit/output.py)
    row = out["tickets"][0]
    assert {"id", "ticketNumber", "subject", "status", "department", "contact", "createdTime"} <= set(row)


async def test_extra_fields_come_back_per_row(connect, acme):
    ticket = by_name(acme.tickets, "Refund for order #4411", "subject")
    async with connect() as client:
        out = await call(client, departments="Billing", fields="category,cf_order_id,email", limit=100)
    row = next(r for r in out["tickets"] if r["id"] == ticket["id"])
    assert row["fields"] == {"cf_order_id": "ORD-4411", "email": "chris.lee@example.com"}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"departments": ["Billing", "Shipping"]}, "no department matches 'Shipping'"),
        ({"status": "Pending"}, "use one of: Open, On Hold, Escalated, Closed"),
        ({"assignee": "Nobody Atall"}, "no agent matches 'Nobody Atall'"),
        ({"include": "threads"}, "use one of: contacts, products, assignee, departments, team"),
        ({"limit": 101}, "limit is above the maximum 100 (got 101)"),
    ],
)
async def test_bad_arguments_are_tool_errors_that_list_the_choices(connect, args, expected):
    async with connect() as client:
        result = await client.call_tool("list_tickets", {"organization": ORG, **args})
    assert result.is_error and expected in result.content[0].text


async def test_a_missing_organization_lists_the_organizations(connect):
    async with connect() as client:
        result = await client.call_tool("list_tickets", {})
    assert result.is_error and "Globex Europe" in result.content[0].text


async def test_the_tool_is_read_only_and_idempotent(connect):
    async with connect() as client:
        tool = next(t for t in (await client.list_tools()).tools if t.name == "list_tickets")
    assert tool.annotations is not None and tool.annotations.read_only_hint and tool.annotations.idempotent_hint
    assert "from" in tool.input_schema["properties"] and "org_id" not in tool.input_schema["properties"]


@pytest.mark.parametrize("days", [10**6, 10**18])
async def test_a_receivedindays_beyond_any_date_lists_every_ticket_instead_of_crashing(connect, days):
    async with connect(organization="Acme Support") as client:
        result = await client.call_tool("list_tickets", {"receivedInDays": days, "limit": 5})
        everything = await client.call_tool("list_tickets", {"limit": 5})
    assert not result.is_error, result.content[0].text
    assert result.structured_content["tickets"] == everything.structured_content["tickets"]


async def test_status_open_lists_exactly_the_open_tickets_not_the_escalated_ones(connect, acme):
    expected = [i for i in newest_first(live(acme)) if acme.tickets[i]["status"] == "Open"]
    assert any(t["status"] == "Escalated" for t in live(acme))  # Zoho's Open filter would bring these too
    async with connect() as client:
        seen = await all_pages(client, status="open", limit=100)
        both = await all_pages(client, status=["Open", "Escalated"], limit=100)
    assert seen == expected
    assert set(both) == {t["id"] for t in live(acme) if t["status"] in ("Open", "Escalated")}
