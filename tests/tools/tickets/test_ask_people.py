"""A name two people share is asked of the user (with elicitation), for assignees and contacts alike."""

from __future__ import annotations

from typing import Any

import pytest
from mcp.types import ElicitResult

from zoho_desk_mcp.sandbox.store import OrgData

ORG = "Acme Support"


def picking(field: str, choose: Any, seen: list[list[str]]) -> Any:
    """An elicitation callback that records the offered labels and picks one with `choose(labels)`."""

    async def answer(context: Any, params: Any) -> ElicitResult:
        offered = params.requested_schema["properties"][field]["enum"]
        seen.append(offered)
        return ElicitResult(action="accept", content={field: choose(offered)})

    return answer


def newest(acme: OrgData, subject: str) -> dict[str, Any]:
    return next(t for t in acme.tickets.values() if t["subject"] == subject)


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_a_contact_name_two_customers_share_is_asked_and_the_pick_is_used(connect, acme, mode):
    chosen = next(c for c in acme.contacts.values() if c["email"] == "chris.lee@example.net")
    seen: list[list[str]] = []
    pick = picking("contact", lambda labels: next(label for label in labels if chosen["id"] in label), seen)
    async with connect(client_options={"mode": mode, "elicitation_callback": pick}) as client:
        arguments = {"organization": ORG, "subject": f"Asked {mode}", "department": "Billing", "contact": "Chris Lee"}
        result = await client.call_tool("create_ticket", arguments)
    assert not result.is_error, result.content[0].text
    assert len(seen) == 1 and len(seen[0]) == 2 and all(label.startswith("Chris Lee (") for label in seen[0])
    assert newest(acme, f"Asked {mode}")["contactId"] == chosen["id"]


async def test_an_assignee_first_name_two_agents_share_is_asked_and_the_pick_is_used(connect, acme):
    seen: list[list[str]] = []
    pick = picking("assignee", lambda labels: "Jane Dodd", seen)
    async with connect(toolsets="tickets,triage,admin", client_options={"elicitation_callback": pick}) as client:
        added = await client.call_tool(
            "add_agent",
            {
                "organization": ORG,
                "email": "jane.dodd@acme.com",
                "firstName": "Jane",
                "lastName": "Dodd",
                "departments": "Billing",
            },
        )
        assert not added.is_error, added.content[0].text
        result = await client.call_tool("update_ticket", {"organization": ORG, "ticket": "#101", "assignee": "Jane"})
    assert not result.is_error, result.content[0].text
    assert seen == [["Jane Doe", "Jane Dodd"]] or seen == [["Jane Dodd", "Jane Doe"]]
    dodd = next(a for a in acme.agents.values() if a["emailId"] == "jane.dodd@acme.com")
    assert next(t for t in acme.tickets.values() if t["ticketNumber"] == "101")["assigneeId"] == dodd["id"]


async def test_without_elicitation_the_shared_name_is_an_error_listing_both(connect):
    async with connect() as client:
        result = await client.call_tool(
            "update_ticket", {"organization": ORG, "ticket": "#101", "contact": "chris lee"}
        )
    text = result.content[0].text
    assert result.is_error and "chris.lee@example.com" in text and "chris.lee@example.net" in text


async def test_search_by_a_shared_contact_name_asks_and_searches_the_pick(connect, acme):
    chosen = next(c for c in acme.contacts.values() if c["email"] == "chris.lee@example.com")
    seen: list[list[str]] = []
    pick = picking("contact", lambda labels: next(label for label in labels if chosen["id"] in label), seen)
    async with connect(client_options={"elicitation_callback": pick}) as client:
        result = await client.call_tool("search_tickets", {"organization": ORG, "contact": "Chris Lee", "limit": 100})
    assert not result.is_error, result.content[0].text
    expected = {t["id"] for t in acme.tickets.values() if t["contactId"] == chosen["id"] and not t.get("isTrashed")}
    assert len(seen) == 1 and {row["id"] for row in result.structured_content["tickets"]} == expected
