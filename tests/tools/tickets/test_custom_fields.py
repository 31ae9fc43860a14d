"""Custom fields through the MCP client: list_options shows them, create_ticket and update_ticket take them by
label or API name, and a value the field does not take is refused with the allowed values, nothing sent."""

from __future__ import annotations

from typing import Any

from mcp import Client

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData

from ..ticket_checks import by_name

ORG = "Acme Support"


def open_client(connect: Any) -> Client:
    client: Client = connect(organization=ORG)
    return client


def text(result: Any) -> str:
    return str(getattr(result.content[0], "text", ""))


async def test_ticket_fields_list_the_custom_fields_with_their_allowed_values(connect: Any) -> None:
    async with open_client(connect) as client:
        result = await client.call_tool("list_options", {"kind": "ticket-fields"})
        searched = await client.call_tool("list_options", {"kind": "ticket-fields", "search": "plan"})
    assert result.structured_content is not None and searched.structured_content is not None
    rows = {row["id"]: row for row in result.structured_content["options"]}
    assert rows["cf_service_plan"] == {
        "id": "cf_service_plan", "name": "Service plan", "apiName": "cf_service_plan", "type": "Picklist",
        "allowedValues": ["Basic", "Standard", "Premium", "Enterprise"],
    }
    assert rows["cf_renewal_date"]["type"] == "Date" and "status" in rows
    assert [row["id"] for row in searched.structured_content["options"]] == ["cf_service_plan"]


async def test_create_ticket_takes_custom_fields_by_label(connect: Any, acme: OrgData) -> None:
    async with open_client(connect) as client:
        result = await client.call_tool(
            "create_ticket",
            {"subject": "Upgrade", "department": "Billing", "contact": "chris.lee@example.com",
             "customFields": {"Service plan": "premium", "cf_renewal_date": "2026-05-01"}},
        )
    assert not result.is_error, text(result)
    assert result.structured_content is not None
    created = acme.tickets[result.structured_content["id"]]
    assert created["cf"] == {"cf_service_plan": "Premium", "cf_renewal_date": "2026-05-01"}


async def test_a_bad_picklist_value_is_refused_with_the_allowed_values(
    connect: Any, acme: OrgData, sandbox: Sandbox
) -> None:
    before = len(acme.tickets)
    async with open_client(connect) as client:
        created = await client.call_tool(
            "create_ticket",
            {"subject": "Upgrade", "department": "Billing", "customFields": {"Service plan": "Gold"}},
        )
        updated = await client.call_tool("update_ticket", {"ticket": "#101", "customFields": {"cf_service_plan": "x"}})
    for result in (created, updated):
        assert result.is_error and "Basic, Standard, Premium, Enterprise" in text(result)
    assert len(acme.tickets) == before and sandbox.store.requests.get("POST /api/v1/tickets", 0) == 0
    assert sandbox.store.requests.get("PATCH /api/v1/tickets/{ticketId}", 0) == 0


async def test_an_unknown_custom_field_lists_the_portals_fields(connect: Any) -> None:
    async with open_client(connect) as client:
        result = await client.call_tool("update_ticket", {"ticket": "#101", "customFields": {"Plan tier": "Basic"}})
    assert result.is_error and "Service plan (cf_service_plan)" in text(result) and "Order ID" in text(result)


async def test_update_ticket_shows_the_custom_field_before_and_after(connect: Any, acme: OrgData) -> None:
    ticket = by_name(acme.tickets, "101", "ticketNumber")
    async with open_client(connect) as client:
        args = {"ticket": "#101", "customFields": {"renewal date": "2027-01-31"}}
        result = await client.call_tool("update_ticket", args)
    assert not result.is_error, text(result)
    assert result.structured_content is not None
    change = result.structured_content["changes"][0]
    assert change["field"] == "customFields.cf_renewal_date" and change["after"] == "2027-01-31"
    assert ticket["cf"]["cf_renewal_date"] == "2027-01-31"
