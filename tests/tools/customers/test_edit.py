"""create_contact and update_contact (toolset customers) through the MCP client: writes, refusals, before/after."""

from __future__ import annotations

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData

from ..ticket_checks import contact_by_email

ORG = "Acme Support"
CUSTOMERS = "tickets,triage,customers"
STORY = "ethan.anderson@example.org"
PATCH = "PATCH /api/v1/contacts/{contactId}"


def shown(changes: list[dict[str, object]]) -> list[dict[str, object]]:
    """The changes with empty sides left out (an empty side may be written as null or omitted)."""
    return [{k: v for k, v in change.items() if v is not None} for change in changes]


async def test_the_contact_writers_are_off_by_default_and_hidden_in_read_only_mode(connect):
    async with connect() as client:
        default = {tool.name for tool in (await client.list_tools()).tools}
    async with connect(toolsets=CUSTOMERS, read_only=True) as client:
        read_only = {tool.name for tool in (await client.list_tools()).tools}
    async with connect(toolsets=CUSTOMERS) as client:
        enabled = {tool.name for tool in (await client.list_tools()).tools}
    writers = {"create_contact", "update_contact"}
    assert not writers & default and not writers & read_only and writers <= enabled
    assert {"get_contact", "search_contacts", "get_account"} <= default


async def test_create_contact_in_an_account(connect, acme: OrgData):
    async with connect(toolsets=CUSTOMERS) as client:
        result = await client.call_tool("create_contact", {
            "organization": ORG, "lastName": "Hale", "firstName": "Ava", "email": "ava.hale@example.com",
            "phone": "+1 555 4242", "account": "tailspin", "description": "Prefers phone calls"})
    assert not result.is_error, result.content[0].text
    out = result.structured_content
    stored = contact_by_email(acme, "ava.hale@example.com")
    assert stored is not None and out["id"] == stored["id"]
    assert out["name"] == "Ava Hale" and out["account"]["name"] == "Tailspin Toys"
    assert stored["accountId"] == out["account"]["id"] and stored["phone"] == "+1 555 4242"
    assert out["description"].endswith("Prefers phone calls\n<<<end untrusted>>>")


async def test_an_e_mail_already_used_names_its_contact_and_creates_nothing(connect, acme: OrgData):
    before = len(acme.contacts)
    async with connect(toolsets=CUSTOMERS) as client:
        result = await client.call_tool("create_contact", {"organization": ORG, "lastName": "Twin", "email": STORY})
    text = result.content[0].text
    assert result.is_error and "already used" in text and "Ethan Anderson" in text and "update_contact" in text
    assert len(acme.contacts) == before


async def test_create_contact_needs_a_last_name(connect, acme: OrgData):
    before = len(acme.contacts)
    async with connect(toolsets=CUSTOMERS) as client:
        result = await client.call_tool("create_contact", {"organization": ORG, "email": "no.name@example.com"})
    assert result.is_error and "lastName" in result.content[0].text
    assert len(acme.contacts) == before


async def test_update_contact_answers_before_and_after_and_is_idempotent(connect, sandbox: Sandbox, acme: OrgData):
    args = {"organization": ORG, "contact": "Ethan Anderson", "phone": "+1 555 9999", "account": "Contoso Ltd",
            "lastName": "Anderson"}
    async with connect(toolsets=CUSTOMERS) as client:
        first = (await client.call_tool("update_contact", args)).structured_content
        again = (await client.call_tool("update_contact", args)).structured_content
    assert shown(first["changes"]) == [
        {"field": "phone", "after": "+1 555 9999"},
        {"field": "account", "before": "Northwind Traders", "after": "Contoso Ltd"},
    ]
    assert first["unchanged"] == ["lastName"] and first["name"] == "Ethan Anderson"
    assert again["changes"] == [] and "Nothing to change" in again["note"]
    assert sandbox.store.requests[PATCH] == 1
    ethan = contact_by_email(acme, STORY)
    assert ethan is not None and ethan["phone"] == "+1 555 9999"


async def test_update_contact_clears_a_field_with_an_empty_value(connect, acme: OrgData):
    chris = contact_by_email(acme, "chris.lee@example.com")
    assert chris is not None
    async with connect(toolsets=CUSTOMERS) as client:
        out = (await client.call_tool("update_contact", {"organization": ORG, "contact": "chris.lee@example.com",
                                                          "phone": ""})).structured_content
    assert shown(out["changes"]) == [{"field": "phone", "before": "+1 555 0142"}]
    assert chris["phone"] is None


async def test_update_contact_refusals(connect, acme: OrgData):
    cases: list[tuple[dict[str, object], str]] = [
        ({"contact": STORY, "email": "chris.lee@example.com"}, "already used"),
        ({"contact": STORY, "lastName": ""}, "lastName"),
        ({"contact": STORY}, "at least one field"),
        ({"contact": "Zebulon Quartermaine", "phone": "1"}, "no contact"),
        ({"contact": "Chris Lee", "phone": "1"}, "matches 2 records"),
        ({"contact": STORY, "customFields": {"Plan": "Gold"}}, "cf_"),
    ]
    async with connect(toolsets=CUSTOMERS) as client:
        for args, expected in cases:
            result = await client.call_tool("update_contact", {"organization": ORG, **args})
            assert result.is_error and expected in result.content[0].text, (args, result.content[0].text)
    ethan = contact_by_email(acme, STORY)
    assert ethan is not None and ethan["email"] == STORY and ethan["lastName"] == "Anderson"
