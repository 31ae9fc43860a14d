"""draft_reply through the MCP client: a draft created, rewritten and shown as a draft in the conversation next
to a sent reply with its From/To/Cc; templates; list_options for reply addresses and templates."""

from __future__ import annotations

from typing import Any

from mcp import Client

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData, Record

from ..ticket_checks import by_name

ORG = "Acme Support"
BILLING_FROM = "support@billing.acme-support.example"


def message(result: Any) -> str:
    return str(getattr(result.content[0], "text", ""))


def numbered(acme: OrgData, number: int) -> Record:
    return by_name(acme.tickets, str(number), "ticketNumber")


async def call(client: Client, tool: str, **arguments: Any) -> dict[str, Any]:
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, message(result)
    assert result.structured_content is not None
    return dict(result.structured_content)


async def test_a_draft_is_created_rewritten_and_shown_as_a_draft(connect: Any, acme: OrgData, sandbox: Sandbox) -> None:
    ticket = numbered(acme, 101)
    async with connect(organization=ORG) as client:  # the default toolsets: draft_reply is in triage
        first = await call(client, "draft_reply", ticket="#101", content="We are looking into it.")
        second = await call(client, "draft_reply", ticket="#101", draft=first["id"], content="It is fixed now.")
        shown = await call(client, "get_ticket_conversation", ticket="#101")
    assert (first["status"], first["from"], first["to"]) == ("DRAFT", BILLING_FROM, [ticket["email"]])
    assert "sentTime" not in first
    assert (second["id"], second["status"], second["summary"], second["to"]) == (
        first["id"],
        "DRAFT",
        "It is fixed now.",
        [ticket["email"]],
    )
    [entry] = [e for e in shown["entries"] if e.get("status") == "draft"]
    assert "It is fixed now." in entry["text"] and entry["from"] == BILLING_FROM
    assert sandbox.store.outbox == []


async def test_the_conversation_shows_a_sent_reply_with_from_to_and_cc(connect: Any, acme: OrgData) -> None:
    ticket = numbered(acme, 101)
    async with connect(organization=ORG, toolsets="tickets,triage,reply") as client:
        await call(client, "draft_reply", ticket="#101", content="Same words.")
        await call(
            client, "send_reply", ticket="#101", content="Same words.", cc="boss@x.example", allowNewRecipients=True
        )
        shown = await call(client, "get_ticket_conversation", ticket="#101")
    sent, drafted = (
        next(e for e in shown["entries"] if e.get("direction") == "out" and e.get("status") != "draft"),
        next(e for e in shown["entries"] if e.get("status") == "draft"),
    )
    assert (sent["from"], sent["to"], sent["cc"]) == (BILLING_FROM, [ticket["email"]], ["boss@x.example"])
    assert drafted["text"] == sent["text"]  # the same words, yet two entries: a draft is no copy of the sent one


async def test_only_a_draft_can_be_rewritten(connect: Any, acme: OrgData) -> None:
    ticket_id, thread_id = next(
        (tid, t["id"]) for tid, threads in acme.threads.items() for t in threads if t["direction"] == "out"
    )
    async with connect(organization=ORG) as client:
        result = await client.call_tool("draft_reply", {"ticket": ticket_id, "draft": thread_id, "content": "x"})
        unknown = await client.call_tool("draft_reply", {"ticket": ticket_id, "draft": "123", "content": "x"})
    assert result.is_error and "only a draft" in message(result)
    assert unknown.is_error and "no thread of this ticket" in message(unknown)


async def test_a_draft_from_a_template_is_filled_in_for_the_ticket(connect: Any, acme: OrgData) -> None:
    contact = acme.contacts[numbered(acme, 101)["contactId"]]
    async with connect(organization=ORG) as client:
        drafted = await call(client, "draft_reply", ticket="#101", template="Request more information")
        missing = await client.call_tool("draft_reply", {"ticket": "#101", "template": "Nope"})
    assert drafted["summary"].startswith(f"Hi {contact['firstName']},")
    assert missing.is_error and "'Acknowledgement'" in message(missing)


async def test_list_options_lists_reply_addresses_and_templates_per_department(connect: Any, acme: OrgData) -> None:
    async with connect(organization=ORG) as client:
        addresses = await call(client, "list_options", kind="reply-addresses")
        templates = await call(client, "list_options", kind="templates", search="billing")
    assert addresses["count"] == len(acme.departments)
    billing = next(o for o in addresses["options"] if o["department"] == "Billing")
    assert (billing["name"], billing["isDefault"], billing["status"]) == (BILLING_FROM, True, "ACTIVE")
    assert [(o["name"], o["department"]) for o in templates["options"]] == [
        ("Acknowledgement", "Billing"),
        ("Request more information", "Billing"),
        ("Resolved", "Billing"),
    ]
    assert templates["options"][0]["subject"] == "Re: ${Cases.Subject}"
