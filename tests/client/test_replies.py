"""The client's replies, reply addresses and templates, against the sandbox; a reply is never sent twice."""

from __future__ import annotations

from typing import Any

import anyio
import httpx
import pytest

from zoho_desk_mcp.client import (
    DeskClient,
    InvalidDataError,
    ReplyDraft,
    ServerError,
    WriteOutcomeUnknown,
    addresses_of,
)
from zoho_desk_mcp.sandbox import Sandbox, SandboxTransport
from zoho_desk_mcp.sandbox.store import Record

from .support import BASE_URL, Sleeps, set_faults, stats

SEND = "POST /api/v1/tickets/{ticketId}/sendReply"
PATCH_DRAFT = "PATCH /api/v1/tickets/{ticketId}/draftReply/{threadId}"


@pytest.fixture
def ticket(sandbox: Sandbox) -> Record:
    return next(iter(sandbox.store.first_org().tickets.values()))


async def sender(desk: DeskClient, org_id: str, ticket: Record) -> str:
    default = await desk.org(org_id).reply_addresses.default(ticket["departmentId"])
    assert default is not None
    return default.address


async def outbox(http: httpx.AsyncClient) -> list[dict[str, Any]]:
    return list((await http.get("/_sandbox/outbox")).json()["emails"])


def test_addresses_of_reads_zohos_recipient_text() -> None:
    assert addresses_of("a@x.com, Bea <b@y.com>; A@X.com") == ["a@x.com", "b@y.com"]
    assert addresses_of(None) == [] and addresses_of(["c@z.com", " c@z.com "]) == ["c@z.com"]


async def test_the_default_reply_address_is_the_departments_first_active_one(
    desk: DeskClient, org_id: str, ticket: Record
) -> None:
    addresses = await desk.org(org_id).reply_addresses.list(ticket["departmentId"])
    assert [a.address for a in addresses] == ["support@billing.acme-support.example"]
    assert (addresses[0].department_id, addresses[0].is_active) == (ticket["departmentId"], True)
    assert await sender(desk, org_id, ticket) == addresses[0].address


async def test_a_sent_reply_comes_back_as_its_thread_and_lands_in_the_outbox_once(
    desk: DeskClient, http: httpx.AsyncClient, org_id: str, ticket: Record
) -> None:
    reply = ReplyDraft(
        "Fixed now.", await sender(desk, org_id, ticket), to=[ticket["email"]], cc=["boss@customer.test"]
    )
    thread = await desk.org(org_id).replies.send(ticket["id"], reply)
    assert (thread.status, thread.is_draft, thread.direction) == ("SUCCESS", False, "out")
    assert (addresses_of(thread.to), addresses_of(thread.cc), thread.bcc) == (
        [ticket["email"]],
        ["boss@customer.test"],
        None,
    )
    [email] = await outbox(http)
    assert (email["threadId"], email["to"], email["from"]) == (thread.id, [ticket["email"]], reply.from_address)


async def test_a_reply_without_to_is_refused_before_any_call(
    desk: DeskClient, http: httpx.AsyncClient, org_id: str, ticket: Record
) -> None:
    with pytest.raises(ValueError, match="'to'"):
        await desk.org(org_id).replies.send(ticket["id"], ReplyDraft("Hi", "support@x.example"))
    assert SEND not in await stats(http)


async def test_a_from_address_of_another_department_is_invalid_data_naming_the_field(
    desk: DeskClient, org_id: str, ticket: Record
) -> None:
    reply = ReplyDraft("Hi", "support@sales.acme-support.example", to=[ticket["email"]])
    with pytest.raises(InvalidDataError) as caught:
        await desk.org(org_id).replies.send(ticket["id"], reply)
    assert [e.field_name for e in caught.value.field_errors] == ["/fromEmailAddress"]


async def test_a_draft_is_saved_and_rewritten_without_sending(
    desk: DeskClient, http: httpx.AsyncClient, org_id: str, ticket: Record
) -> None:
    replies = desk.org(org_id).replies
    from_address = await sender(desk, org_id, ticket)
    draft = await replies.draft(ticket["id"], ReplyDraft("First try", from_address))
    assert (draft.status, draft.is_draft, draft.to) == ("DRAFT", True, None)
    second = ReplyDraft("<b>Better</b>", from_address, to=[ticket["email"]], content_type="html")
    updated = await replies.update_draft(ticket["id"], draft.id, second)
    assert (updated.id, updated.status, updated.content, addresses_of(updated.to)) == (
        draft.id,
        "DRAFT",
        "<b>Better</b>",
        [ticket["email"]],
    )
    listed = await desk.org(org_id).threads.list(ticket["id"])
    assert [t.status for t in listed if t.id == draft.id] == ["DRAFT"]
    assert await outbox(http) == []


async def test_templates_are_listed_by_department_and_rendered_for_a_ticket(
    desk: DeskClient, org_id: str, ticket: Record
) -> None:
    templates = desk.org(org_id).templates
    listed = await templates.list(ticket["departmentId"])
    assert [t.template_name for t in listed] == ["Acknowledgement", "Request more information", "Resolved"]
    assert [t.template_name for t in await templates.list(ticket["departmentId"], search="*more*")] == [
        "Request more information"
    ]
    assert (await templates.get(listed[0].template_id)).subject == "Re: ${Cases.Subject}"
    rendered = await templates.render(listed[0].template_id, ticket["id"])
    assert rendered.subject == f"Re: {ticket['subject']}"
    assert rendered.body is not None and "${" not in rendered.body


@pytest.mark.parametrize("mode", ["reset", "timeout"])
async def test_a_send_whose_answer_was_lost_is_not_repeated_and_went_out_once(
    sandbox: Sandbox, auth: httpx.Auth, http: httpx.AsyncClient, org_id: str, ticket: Record, mode: str
) -> None:
    await set_faults(http, dropNextWrites=1, dropMode=mode, dropMatch=SEND)
    short = httpx.Timeout(5.0, read=0.2)
    transport = SandboxTransport(sandbox.app)
    async with DeskClient(f"{BASE_URL}/api/v1", auth, transport=transport, timeout=short) as desk:
        reply = ReplyDraft("Once", await sender(desk, org_id, ticket), to=[ticket["email"]])
        with anyio.fail_after(5), pytest.raises(WriteOutcomeUnknown):
            await desk.org(org_id).replies.send(ticket["id"], reply)
    assert (await stats(http))[SEND] == 1
    assert len(await outbox(http)) == 1


async def test_a_failed_send_or_draft_update_is_not_retried(
    desk: DeskClient, http: httpx.AsyncClient, org_id: str, ticket: Record, sleeps: Sleeps
) -> None:
    replies = desk.org(org_id).replies
    reply = ReplyDraft("Hi", await sender(desk, org_id, ticket), to=[ticket["email"]])
    draft = await replies.draft(ticket["id"], reply)
    await set_faults(http, failNext=2, failStatus=503)
    with pytest.raises(ServerError):
        await replies.send(ticket["id"], reply)
    with pytest.raises(ServerError):
        await replies.update_draft(ticket["id"], draft.id, reply)
    requests = await stats(http)
    assert (requests[SEND], requests[PATCH_DRAFT], sleeps.delays) == (1, 1, [])
    assert await outbox(http) == []
