"""get_account and list_options kind accounts through the MCP client: by name or ID, contacts, history."""

from __future__ import annotations

import pytest

from zoho_desk_mcp.sandbox.store import OrgData, Record

from ..ticket_checks import nulls

ORG = "Acme Support"


def northwind(acme: OrgData) -> Record:
    return next(a for a in acme.accounts.values() if a["accountName"] == "Northwind Traders")


@pytest.mark.parametrize("form", ["name", "prefix", "id"])
async def test_an_account_by_name_or_id_with_contacts_counts_and_newest_tickets(connect, acme: OrgData, form):
    account = northwind(acme)
    ref = {"name": "Northwind Traders", "prefix": "northwind", "id": account["id"]}[form]
    members = [c for c in acme.contacts.values() if c["accountId"] == account["id"]]
    tickets = [t for t in acme.tickets.values() if t["accountId"] == account["id"]]
    async with connect() as client:
        result = await client.call_tool("get_account", {"organization": ORG, "account": ref})
    assert not result.is_error, result.content[0].text
    out = result.structured_content
    assert (out["id"], out["name"], out["website"]) == (account["id"], "Northwind Traders", "www.northwind.example")
    assert out["contacts"]["count"] == len(members) and len(out["contacts"]["first"]) == min(5, len(members))
    assert out["tickets"]["total"] == len(tickets)
    assert out["tickets"]["open"] + out["tickets"]["onHold"] + out["tickets"]["closed"] == len(tickets)
    newest = sorted(tickets, key=lambda t: t["createdTime"], reverse=True)[:5]
    assert [t["id"] for t in out["recentTickets"]] == [t["id"] for t in newest]
    assert nulls(out) == []


async def test_an_unknown_account_lists_the_closest_ones(connect):
    async with connect() as client:
        result = await client.call_tool("get_account", {"organization": ORG, "account": "Contosa Limited"})
    assert result.is_error
    assert "no account matches" in result.content[0].text and "Contoso Ltd" in result.content[0].text


async def test_list_options_lists_and_searches_accounts(connect):
    async with connect() as client:
        every = await client.call_tool("list_options", {"organization": ORG, "kind": "accounts"})
        some = await client.call_tool("list_options", {"organization": ORG, "kind": "accounts", "search": "TOYS"})
    assert [o["name"] for o in every.structured_content["options"]] == [
        "Contoso Ltd", "Fabrikam Inc", "Northwind Traders", "Tailspin Toys"]
    assert [o["name"] for o in some.structured_content["options"]] == ["Tailspin Toys"]
