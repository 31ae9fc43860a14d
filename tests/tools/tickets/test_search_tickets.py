"""search_tickets through the MCP client against the seeded sandbox: words anywhere, people, values, dates, paging."""

from __future__ import annotations

import json
from typing import Any

from mcp import Client
from mcp.types import TextContent

from zoho_desk_mcp.sandbox.store import OrgData, Record


async def search(client: Client, **args: Any) -> dict[str, Any]:
    result = await client.call_tool("search_tickets", args)
    assert not result.is_error, result.content
    assert result.structured_content is not None
    return dict(result.structured_content)


async def error(client: Client, **args: Any) -> str:
    result = await client.call_tool("search_tickets", args)
    assert result.is_error, result.structured_content
    content = result.content[0]
    assert isinstance(content, TextContent)
    return content.text


def live(acme: OrgData) -> list[Record]:
    return [t for t in acme.tickets.values() if not t.get("isTrashed")]


async def test_subject_words_match_anywhere_in_the_subject_whatever_their_case(connect: Any, acme: OrgData) -> None:
    expected = {t["id"] for t in live(acme) if "password reset" in t["subject"].lower()}
    assert expected
    async with connect(organization="Acme Support") as mcp:
        found = await search(mcp, subject="PASSWORD Reset", limit=100)
    assert {row["id"] for row in found["tickets"]} == expected
    assert found["total"] == found["count"] == len(expected)
    assert found["hasMore"] is False and "nextFrom" not in found


async def test_text_searches_subject_and_description_and_commas_are_alternatives(connect: Any, acme: OrgData) -> None:
    phrase = "reset link four times"
    expected = {t["id"] for t in live(acme) if phrase in f"{t['subject']} {t['description']}".lower()}
    assert expected
    async with connect(organization="Acme Support") as mcp:
        by_body = await search(mcp, text="Reset Link four TIMES", limit=100)
        either = await search(mcp, text=f"{phrase}, admin page of my router", limit=100)
    assert {row["id"] for row in by_body["tickets"]} == expected
    assert {row["id"] for row in either["tickets"]} == expected  # the router text is in a thread, not the ticket


async def test_an_empty_search_pages_through_every_ticket(connect: Any, acme: OrgData) -> None:
    async with connect(organization="Acme Support") as mcp:
        first = await search(mcp, limit=100)
        second = await search(mcp, limit=100, **{"from": first["nextFrom"]})
    assert first["total"] == len(live(acme))
    assert first["count"] == 100 and first["hasMore"] is True and first["nextFrom"] == 101
    assert second["from"] == 101
    assert not {r["id"] for r in first["tickets"]} & {r["id"] for r in second["tickets"]}


async def test_rows_are_slim_without_nulls(connect: Any) -> None:
    async with connect(organization="Acme Support") as mcp:
        found = await search(mcp, subject="Router admin page")
    assert "null" not in json.dumps(found)
    row = found["tickets"][0]
    assert row["subject"] == "Router admin page not loading"
    assert row["department"] == "Technical Support" and row["assignee"] == "Raj Patel"
    assert row["contact"] == "Mallory Grant" and "description" not in row


async def test_department_assignee_and_status_filters_combine(connect: Any, acme: OrgData) -> None:
    raj = next(a["id"] for a in acme.agents.values() if a["emailId"] == "raj@acme.com")
    tech = next(d["id"] for d in acme.departments.values() if d["name"] == "Technical Support")
    expected = {t["id"] for t in live(acme)
                if t["assigneeId"] == raj and t["departmentId"] == tech and t["status"] in ("Open", "On Hold")}
    async with connect(organization="Acme Support") as mcp:
        found = await search(mcp, department="technical support", assignee="Raj Patel", status="open, on hold",
                             limit=100)
    assert {row["id"] for row in found["tickets"]} == expected


async def test_a_contact_by_email_finds_only_that_contacts_tickets(connect: Any, acme: OrgData) -> None:
    mallory = next(c["id"] for c in acme.contacts.values() if c["email"] == "mallory.grant@example.net")
    expected = {t["id"] for t in live(acme) if t["contactId"] == mallory}
    async with connect(organization="Acme Support") as mcp:
        by_email = await search(mcp, contact="mallory.grant@example.net", limit=100)
    assert {row["id"] for row in by_email["tickets"]} == expected


async def test_a_contact_name_two_customers_share_is_refused_with_both_and_their_emails(connect: Any) -> None:
    async with connect(organization="Acme Support") as mcp:
        result = await mcp.call_tool("search_tickets", {"contact": "chris lee"})
    text = result.content[0].text
    assert result.is_error and "chris.lee@example.com" in text and "chris.lee@example.net" in text


async def test_a_contact_name_with_one_customer_finds_only_their_tickets(connect: Any, acme: OrgData) -> None:
    mallory = next(c for c in acme.contacts.values() if c["email"] == "mallory.grant@example.net")
    expected = {t["id"] for t in live(acme) if t["contactId"] == mallory["id"]}
    async with connect(organization="Acme Support") as mcp:
        by_name = await search(mcp, contact=f"{mallory['firstName']} {mallory['lastName']}".lower(), limit=100)
    assert {row["id"] for row in by_name["tickets"]} == expected


async def test_created_dates_become_a_range_and_a_plain_end_date_covers_that_day(connect: Any, acme: OrgData) -> None:
    day = sorted(t["createdTime"] for t in live(acme))[len(acme.tickets) // 2][:10]
    expected = {t["id"] for t in live(acme) if t["createdTime"][:10] == day}
    async with connect(organization="Acme Support") as mcp:
        found = await search(mcp, createdFrom=day, createdTo=day, limit=100)
    assert {row["id"] for row in found["tickets"]} == expected


async def test_sorting_by_created_time_descending_puts_the_newest_first(connect: Any) -> None:
    async with connect(organization="Acme Support") as mcp:
        found = await search(mcp, sortBy="-createdTime", limit=20)
    times = [row["createdTime"] for row in found["tickets"]]
    assert times == sorted(times, reverse=True)


async def test_an_unknown_department_lists_the_valid_ones(connect: Any) -> None:
    async with connect(organization="Acme Support") as mcp:
        text = await error(mcp, department="Plumbing")
    assert "Plumbing" in text and "Billing" in text and "Technical Support" in text


async def test_a_bad_date_says_which_argument_and_the_accepted_forms(connect: Any) -> None:
    async with connect(organization="Acme Support") as mcp:
        text = await error(mcp, createdFrom="last tuesday")
        backwards = await error(mcp, createdFrom="2025-02-01", createdTo="2025-01-01")
    assert "createdFrom" in text and "2025-12-31" in text
    assert "after" in backwards


async def test_a_bad_status_is_refused_before_any_search(connect: Any, sandbox: Any) -> None:
    async with connect(organization="Acme Support") as mcp:
        text = await error(mcp, status="Pending")
    assert "Open" in text and "On Hold" in text
    assert "GET /api/v1/tickets/search" not in sandbox.store.requests


async def test_an_unknown_contact_email_is_an_error(connect: Any) -> None:
    async with connect(organization="Acme Support") as mcp:
        text = await error(mcp, contact="nobody@nowhere.example")
    assert "contact" in text.lower()


async def test_a_search_with_no_hits_is_an_empty_page(connect: Any) -> None:
    async with connect(organization="Acme Support") as mcp:
        found = await search(mcp, subject="zebra quantum marmalade")
    assert found["count"] == 0 and found["hasMore"] is False and found["tickets"] == []


async def test_text_longer_than_zoho_allows_is_refused(connect: Any) -> None:
    async with connect(organization="Acme Support") as mcp:
        text = await error(mcp, text="word " * 40)
    assert "too long" in text


async def test_unassigned_finds_only_tickets_without_an_assignee(connect: Any, acme: OrgData) -> None:
    expected = {t["id"] for t in live(acme) if not t.get("assigneeId") and "router" in t["subject"].lower()}
    assert expected, "the seed has unassigned router tickets"
    async with connect(organization="Acme Support") as mcp:
        found = await search(mcp, subject="router", assignee="unassigned", limit=100)
    assert {row["id"] for row in found["tickets"]} == expected and found["total"] == len(expected)
    assert all("assignee" not in row for row in found["tickets"])
