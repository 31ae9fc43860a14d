"""E-mail replies on a ticket (Thread.json): `sendReply`, `draftReply` and updating a draft.

A sent reply becomes an outgoing thread written by the token's agent and lands in the store's outbox (what
`GET /_sandbox/outbox` shows); a draft is an outgoing thread with status DRAFT that no customer sees.
Zoho's checks: `channel`, `content` and `fromEmailAddress` are required, From must be an active reply address
of the ticket's department, and an e-mail reply needs `to`. Thread.json's `emailThreadSendReply` omits `cc`
and `bcc`, which Zoho's reference (and its thread object) carry, so they are accepted here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .. import conversation_records, history, records
from ..errors import ZohoError, url_not_found
from ..reply_data import ADDRESS
from ..routing import Call, Endpoint, Param, record_id, scopes
from ..store import Record, iso
from ..validation import BodyCheck
from .comments import attachment_ids, check_parent
from .reply_addresses import active_addresses
from .threads import thread_detail, ticket_threads

UPDATE = scopes("Desk.tickets.UPDATE")
CHANNELS = (
    "FACEBOOK", "TWITTER", "EMAIL", "FORUMS", "PHONE", "WEB", "FEEDBACK", "FEEDBACK_WIDGET",
    "TWITTER_DM", "ONLINE_CHAT", "OFFLINE_CHAT", "CUSTOMERPORTAL",
)  # fmt: skip
KEYS = (
    "channel", "content", "contentType", "fromEmailAddress", "to", "cc", "bcc", "attachmentIds",
    "ticketStatus", "isForward", "inReplyToThreadId",
)  # fmt: skip
CONTENT_TYPES = {"plainText": "text/plain", "html": "text/html", "text/html": "text/html"}
MAX_CONTENT = 16_000_000
MAX_RECIPIENTS_CHARS = 13_000
ANGLED = re.compile(r"<([^<>]*)>\s*$")


@dataclass
class Reply:
    """A validated reply body, ready to become a thread."""

    content: str
    content_type: str
    sender: str
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    bcc: list[str] = field(default_factory=list)
    upload_ids: list[str] = field(default_factory=list)
    ticket_status: str | None = None
    is_forward: bool = False


def addresses(check: BodyCheck, name: str, *, required: bool = False) -> list[str]:
    """`a@x.com, Name <b@y.com>; c@z.com` -> bare addresses; a bad one is INVALID_DATA on that field."""
    raw = check.string(name, required=required, max_len=MAX_RECIPIENTS_CHARS)
    found: list[str] = []
    for part in re.split(r"[,;]", raw or ""):
        if not part.strip():
            continue
        angled = ANGLED.search(part)
        address = (angled.group(1) if angled else part).strip()
        if not ADDRESS.match(address):
            check.fail(name, "invalid", f"'{name}' holds a value that is not an e-mail address: {address[:80]}.")
            return []
        if address.lower() not in (a.lower() for a in found):
            found.append(address)
    if required and raw is not None and raw.strip() and not found:
        check.fail(name, "missing", f"'{name}' is required.")
    return found


def read_reply(call: Call, ticket: Record, *, needs_to: bool) -> Reply:
    check = BodyCheck(call.body, KEYS)
    channel = check.choice("channel", CHANNELS, required=True)
    if channel not in (None, "EMAIL"):
        check.fail("channel", "invalid", "Only an EMAIL reply can be sent on this ticket.")
    content = check.string("content", required=True, max_len=MAX_CONTENT)
    content_type = check.choice("contentType", tuple(CONTENT_TYPES)) or "plainText"
    sender = check.string("fromEmailAddress", required=True, max_len=300)
    if sender is not None and sender.strip().lower() not in (
        a.lower() for a in active_addresses(call.org, str(ticket["departmentId"]))
    ):
        message = "'fromEmailAddress' is not an active reply address of the ticket's department."
        check.fail("fromEmailAddress", "invalid", message)
    reply = Reply(content=content or "", content_type=CONTENT_TYPES[content_type], sender=(sender or "").strip())
    reply.to = addresses(check, "to", required=needs_to)
    reply.cc = addresses(check, "cc")
    reply.bcc = addresses(check, "bcc")
    reply.upload_ids = attachment_ids(check, call.org.uploads)
    reply.ticket_status = check.choice("ticketStatus", tuple(records.STATUS_TYPES))
    reply.is_forward = bool(check.boolean("isForward"))
    thread_ids = {t["id"] for t in ticket_threads_of(call, ticket)}
    check.reference("inReplyToThreadId", thread_ids.__contains__)  # checked; the sandbox keeps no reply chains
    check.done()
    return reply


def ticket_threads_of(call: Call, ticket: Record) -> list[Record]:
    return list(call.org.threads.get(str(ticket["id"]), []))


def files_of(call: Call, ticket_id: str, upload_ids: list[str]) -> list[Record]:
    """Uploads named in `attachmentIds` become the thread's files (and leave the unused uploads)."""
    files = [
        {"id": i, "name": call.org.uploads[i]["name"], "size": call.org.uploads[i]["size"], "previewurl": None}
        for i in upload_ids
    ]
    for upload_id in upload_ids:
        del call.org.uploads[upload_id]
    return files


def fill_thread(thread: Record, reply: Reply, files: list[Record], *, draft: bool) -> None:
    thread.update(
        {
            "channel": "EMAIL",
            "direction": "out",
            "isDraft": draft,
            "isForward": reply.is_forward,
            "status": "DRAFT" if draft else "SUCCESS",
            "summary": records.text_summary(reply.content),
            "content": reply.content,
            "contentType": reply.content_type,
            "fromEmailAddress": reply.sender,
            "to": ",".join(reply.to) or None,
            "cc": ",".join(reply.cc) or None,
            "bcc": ",".join(reply.bcc) or None,
            "hasAttach": bool(files),
            "attachmentCount": str(len(files)),
            "attachments": files,
        }
    )


def new_thread(call: Call, ticket: Record, reply: Reply, *, draft: bool) -> Record:
    thread = conversation_records.thread(
        call.store,
        ticket=ticket,
        direction="out",
        content=reply.content,
        author=call.caller(),
        author_type="AGENT",
        to=reply.to,
        cc=reply.cc,
        when=call.now,
        attachments=[],
    )
    fill_thread(thread, reply, files_of(call, str(ticket["id"]), reply.upload_ids), draft=draft)
    call.org.threads.setdefault(str(ticket["id"]), []).append(thread)
    ticket["modifiedTime"] = thread["createdTime"]
    if reply.ticket_status is not None:
        ticket["status"] = reply.ticket_status
        records.apply_status(ticket, thread["createdTime"])
    return thread


def answer(call: Call, ticket: Record, thread: Record) -> dict[str, Any]:
    ticket_id, oldest_first = ticket_threads(call)
    return thread_detail(call, ticket_id, thread, oldest_first)


def send_reply(call: Call) -> dict[str, Any]:
    ticket = call.org.ticket(call.path["ticketId"])
    check_parent(call, str(ticket["id"]))
    reply = read_reply(call, ticket, needs_to=True)
    thread = new_thread(call, ticket, reply, draft=False)
    history.thread_added(call.org, str(ticket["id"]), thread, history.actor(call.caller()))
    call.store.outbox.append(
        {
            "ticketId": ticket["id"],
            "threadId": thread["id"],
            "from": reply.sender,
            "to": list(reply.to),
            "cc": list(reply.cc),
            "bcc": list(reply.bcc),
            "subject": f"Re: [##{ticket['ticketNumber']}##] {ticket.get('subject') or ''}".rstrip(),
            "content": reply.content,
        }
    )
    return answer(call, ticket, thread)


def draft_reply(call: Call) -> dict[str, Any]:
    ticket = call.org.ticket(call.path["ticketId"])
    check_parent(call, str(ticket["id"]))
    reply = read_reply(call, ticket, needs_to=False)
    return answer(call, ticket, new_thread(call, ticket, reply, draft=True))


def update_draft(call: Call) -> dict[str, Any]:
    """The whole draft is sent again (Thread.json requires channel, content and From here too)."""
    ticket = call.org.ticket(call.path["ticketId"])
    thread = next((t for t in ticket_threads_of(call, ticket) if t["id"] == call.path["threadId"]), None)
    if thread is None:
        raise url_not_found()
    if not thread.get("isDraft"):
        raise ZohoError(422, "UNPROCESSABLE_ENTITY", "Only a draft thread can be updated; this one was sent.")
    reply = read_reply(call, ticket, needs_to=False)
    files = files_of(call, str(ticket["id"]), reply.upload_ids) if "attachmentIds" in call.body else None
    fill_thread(thread, reply, thread["attachments"] if files is None else files, draft=True)
    ticket["modifiedTime"] = iso(call.now)
    return answer(call, ticket, thread)


PARENT = {"parentConversationId": Param(record_id)}
ENDPOINTS = [
    Endpoint("POST", "/api/v1/tickets/{ticketId}/sendReply", send_reply, UPDATE, query=PARENT, body="json"),
    Endpoint("POST", "/api/v1/tickets/{ticketId}/draftReply", draft_reply, UPDATE, query=PARENT, body="json"),
    Endpoint("PATCH", "/api/v1/tickets/{ticketId}/draftReply/{threadId}", update_draft, UPDATE, body="json"),
]
