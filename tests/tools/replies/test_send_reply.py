"""send_reply through the MCP client, one test per rule of the reply guard: recipients, confirmation, never
twice, internal notes, audit; plus templates, the API calls of a warm send, and who may see the tool."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.types import ElicitResult

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData, Record

from ..ticket_checks import by_name

ORG = "Acme Support"
TOOLSETS = "tickets,triage,reply"
SEND = "POST /api/v1/tickets/{ticketId}/sendReply"
THREADS = "GET /api/v1/tickets/{ticketId}/threads"
BILLING_FROM = "support@billing.acme-support.example"
STRANGER = "stranger@elsewhere.example"


def message(result: Any) -> str:
    return str(getattr(result.content[0], "text", ""))


def numbered(acme: OrgData, number: int) -> Record:
    return by_name(acme.tickets, str(number), "ticketNumber")


def open_client(connect: Any, **options: Any) -> Client:
    client: Client = connect(toolsets=TOOLSETS, organization=ORG, client_options=options or None)
    return client


async def send(client: Client, **arguments: Any) -> dict[str, Any]:
    result = await client.call_tool("send_reply", {"ticket": "#101", **arguments})
    assert not result.is_error, message(result)
    assert result.structured_content is not None
    return dict(result.structured_content)


def answering(action: str, seen: list[Any], confirm: bool = True) -> Any:
    async def answer(context: Any, params: Any) -> ElicitResult:
        seen.append(params)
        if action == "accept":
            return ElicitResult(action="accept", content={"confirm": confirm})
        return ElicitResult(action=action)  # type: ignore[arg-type]

    return answer


async def test_a_reply_sent_once_lands_once_in_the_outbox_from_the_departments_address(
    connect: Any, acme: OrgData, sandbox: Sandbox
) -> None:
    ticket = numbered(acme, 101)
    async with open_client(connect) as client:
        sent = await send(client, content="Your card is updated.")
    assert (sent["from"], sent["to"], sent["status"], sent["ticketId"]) == (
        BILLING_FROM,
        [ticket["email"]],
        "SUCCESS",
        ticket["id"],
    )
    [email] = sandbox.store.outbox
    assert (email["threadId"], email["from"], email["to"]) == (sent["id"], BILLING_FROM, [ticket["email"]])
    assert email["content"] == "Your card is updated." and sandbox.store.requests[SEND] == 1


async def test_a_new_recipient_is_refused_then_accepted_with_allow_new_recipients(
    connect: Any, sandbox: Sandbox
) -> None:
    async with open_client(connect) as client:
        refused = await client.call_tool("send_reply", {"ticket": "#101", "content": "Hi", "cc": STRANGER})
        assert refused.is_error and STRANGER in message(refused) and "allowNewRecipients" in message(refused)
        assert sandbox.store.outbox == [] and SEND not in sandbox.store.requests
        sent = await send(client, content="Hi", cc=STRANGER, allowNewRecipients=True)
    assert sent["cc"] == [STRANGER] and [e["cc"] for e in sandbox.store.outbox] == [[STRANGER]]


async def test_an_address_from_the_tickets_threads_is_no_new_recipient(
    connect: Any, acme: OrgData, sandbox: Sandbox
) -> None:
    ticket, copied = next(
        (acme.tickets[tid], t["cc"]) for tid, threads in acme.threads.items() for t in threads if t.get("cc")
    )
    async with open_client(connect) as client:
        sent = await send(client, ticket=ticket["id"], content="Looping your colleague in.", cc=copied)
    assert sent["cc"] == [copied] and len(sandbox.store.outbox) == 1


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_the_user_confirms_from_to_and_the_text_before_it_goes(
    connect: Any, acme: OrgData, sandbox: Sandbox, mode: str
) -> None:
    seen: list[Any] = []
    async with open_client(connect, mode=mode, elicitation_callback=answering("accept", seen)) as client:
        await send(client, content="Thanks for waiting, it is fixed.", cc=STRANGER)
    [question] = seen
    assert f"From: {BILLING_FROM}" in question.message and f"To: {numbered(acme, 101)['email']}" in question.message
    assert f"Cc: {STRANGER}" in question.message and f"NOT ON THIS TICKET BEFORE: {STRANGER}" in question.message
    assert "Thanks for waiting, it is fixed." in question.message
    assert len(sandbox.store.outbox) == 1


@pytest.mark.parametrize(("action", "confirm"), [("decline", True), ("cancel", True), ("accept", False)])
async def test_a_declined_confirmation_sends_nothing(
    connect: Any, sandbox: Sandbox, action: str, confirm: bool
) -> None:
    seen: list[Any] = []
    async with open_client(connect, elicitation_callback=answering(action, seen, confirm)) as client:
        result = await client.call_tool("send_reply", {"ticket": "#101", "content": "Hello"})
    assert result.is_error and "Cancelled" in message(result) and len(seen) == 1
    assert sandbox.store.outbox == [] and SEND not in sandbox.store.requests


async def test_a_lost_answer_then_a_retry_gives_exactly_one_email(connect: Any, sandbox: Sandbox) -> None:
    faults = sandbox.store.faults
    faults.drop_next_writes, faults.drop_mode, faults.drop_match = 1, "reset", SEND
    async with open_client(connect) as client:
        lost = await client.call_tool(
            "send_reply", {"ticket": "#101", "content": "<p>Refund issued.</p>", "contentType": "html"}
        )
        assert lost.is_error and "may or may not" in message(lost)
        again = await send(client, content="<p>Refund issued.</p>", contentType="html")
    [email] = sandbox.store.outbox
    assert again["alreadySent"] is True and again["id"] == email["threadId"]
    assert sandbox.store.requests[SEND] == 1


async def test_text_for_colleagues_is_refused_unless_confirm_public(connect: Any, sandbox: Sandbox) -> None:
    text = "Internal: this customer asked twice already, keep it short."
    async with open_client(connect) as client:
        refused = await client.call_tool("send_reply", {"ticket": "#101", "content": text})
        assert refused.is_error and "add_ticket_comment" in message(refused) and "confirmPublic" in message(refused)
        assert sandbox.store.outbox == []
        await send(client, content=text, confirmPublic=True)
    assert len(sandbox.store.outbox) == 1


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Note to self: call him back on Monday.", True),
        ("Hi,\n@agent can you check the invoice first?", True),
        ("[internal] refund approved by finance", True),
        ("Please do not send your password by e-mail.", False),
        ("Write to billing@acme.com, our team will help.", False),
    ],
)
async def test_what_reads_as_a_note_to_colleagues_is_held_back(
    connect: Any, sandbox: Sandbox, text: str, refused: bool
) -> None:
    async with open_client(connect) as client:
        result = await client.call_tool("send_reply", {"ticket": "#101", "content": text})
    assert result.is_error is refused and len(sandbox.store.outbox) == (0 if refused else 1)


async def test_a_template_is_rendered_with_the_tickets_data(connect: Any, acme: OrgData, sandbox: Sandbox) -> None:
    ticket = numbered(acme, 101)
    contact = acme.contacts[ticket["contactId"]]
    async with open_client(connect) as client:
        await send(client, template="acknowledgement")
    [email] = sandbox.store.outbox
    assert f"Dear {contact['firstName']} {contact['lastName']}," in email["content"]
    assert "request #101" in email["content"] and "${" not in email["content"]


async def test_the_audit_record_names_the_recipients_and_thread_but_not_the_text(
    connect: Any, sandbox: Sandbox, tmp_path: Path
) -> None:
    log = tmp_path / "audit.jsonl"
    client: Client = connect(toolsets=TOOLSETS, organization=ORG, audit_log=log)
    async with client:
        sent = await send(client, content="Quetzal-4417 is your code.", bcc=STRANGER, allowNewRecipients=True)
    [record] = [json.loads(line) for line in log.read_text().splitlines()]
    assert record["tool"] == "send_reply" and sent["id"] in record["targets"] and record["outcome"] == "ok"
    assert record["recipients"] == {"to": sent["to"], "bcc": [STRANGER]}
    assert "Quetzal" not in log.read_text()


async def test_a_warm_send_costs_the_guards_one_thread_read_and_the_send(connect: Any, sandbox: Sandbox) -> None:
    async with open_client(connect) as client:
        await send(client, content="First answer.")
        before = dict(sandbox.store.requests)
        await send(client, content="Second answer.")
    spent = {k: v - before.get(k, 0) for k, v in sandbox.store.requests.items() if v != before.get(k, 0)}
    assert spent == {THREADS: 1, SEND: 1}


async def test_default_toolsets_and_read_only_mode_hide_send_reply(connect: Any) -> None:
    async with connect() as client:
        default = {t.name for t in (await client.list_tools()).tools}
    async with connect(toolsets=TOOLSETS, read_only=True) as client:
        read_only = {t.name for t in (await client.list_tools()).tools}
    assert "draft_reply" in default and "send_reply" not in default
    assert not {"send_reply", "draft_reply"} & read_only
