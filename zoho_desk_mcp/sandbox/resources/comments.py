"""Ticket comments: list a ticket's comments and add one, attaching earlier uploads by their IDs.

An upload named in `attachmentIds` is used up by the comment (it leaves the store's unused uploads); the
attachment keeps the upload's ID, as Zoho's examples show.
"""

from __future__ import annotations

from typing import Any

from .. import conversation_records, history, records
from ..errors import invalid_query_param
from ..routing import Call, Endpoint, Param, csv_of, one_of, page, paging, record_id, scopes, sort_field
from ..store import Record
from ..validation import BodyCheck

READ = scopes("Desk.tickets.READ")
UPDATE = scopes("Desk.tickets.UPDATE")  # TicketComment.json lists only UPDATE for createTicketComment
DEFAULT_LIMIT = 50
MAX_CONTENT = 32_000
MAX_ATTACHMENTS = 50
CREATE_KEYS = ("content", "contentType", "isPublic", "attachmentIds")


def served(record: Record, wanted: list[str]) -> Record:
    """A comment as Zoho serves it: `mention` and `plainText` only when `include` asks for them."""
    row = {k: v for k, v in record.items() if k != "mention"}
    if "mentions" in wanted:
        row["mention"] = list(record.get("mention") or [])
    if "plainText" in wanted:
        row["plainText"] = records.text_summary(record.get("content"), limit=MAX_CONTENT)
    return row


def list_comments(call: Call) -> dict[str, Any] | None:
    ticket_id = call.org.ticket(call.path["ticketId"])["id"]
    rows = list(call.org.comments.get(ticket_id, []))
    field, descending = call.query.get("sortBy", ("commentedTime", False))
    rows.sort(key=lambda row: str(row[field]), reverse=descending)
    wanted = call.query.get("include") or []
    return page([served(row, wanted) for row in rows], call, DEFAULT_LIMIT)


def check_parent(call: Call, ticket_id: str) -> None:
    """`parentConversationId` (a reply in a comment thread) must name a comment or thread of this ticket."""
    parent = call.query.get("parentConversationId")
    if parent is None:
        return
    known = [c["id"] for c in call.org.comments.get(ticket_id, [])] + [
        t["id"] for t in call.org.threads.get(ticket_id, [])
    ]
    if parent not in known:
        raise invalid_query_param("parentConversationId")


def attachment_ids(check: BodyCheck, uploads: dict[str, Record]) -> list[str]:
    ids = check.references("attachmentIds", uploads.__contains__, max_items=MAX_ATTACHMENTS) or []
    if len(set(ids)) != len(ids):
        check.fail("attachmentIds", "duplicate", "'attachmentIds' names the same upload twice.")
        return []
    return ids


def create_comment(call: Call) -> dict[str, Any]:
    ticket = call.org.ticket(call.path["ticketId"])
    check_parent(call, ticket["id"])
    body = dict(call.body) if isinstance(call.body, dict) else call.body
    if isinstance(body, dict) and body.get("isPublic") in ("true", "false"):
        body["isPublic"] = body["isPublic"] == "true"  # Zoho's own example sends the string form
    check = BodyCheck(body, CREATE_KEYS)
    content = check.string("content", required=True, max_len=MAX_CONTENT)
    content_type = check.choice("contentType", ("html", "plainText")) or "html"
    is_public = check.boolean("isPublic")
    ids = attachment_ids(check, call.org.uploads)
    check.done()
    assert content is not None  # done() has already rejected a missing content
    record = conversation_records.comment(
        call.store,
        content=content,
        content_type=content_type,
        is_public=bool(is_public),
        commenter=call.caller(),
        when=call.now,
    )
    base = f"{records.desk_host(call.store)}/api/v1/tickets/{ticket['id']}/comments/{record['id']}"
    record["attachments"] = [
        {
            "id": upload_id,
            "name": call.org.uploads[upload_id]["name"],
            "size": call.org.uploads[upload_id]["size"],
            "href": f"{base}/attachments/{upload_id}/content",
            "previewurl": None,
        }
        for upload_id in ids
    ]
    for upload_id in ids:
        del call.org.uploads[upload_id]
    call.org.comments.setdefault(ticket["id"], []).append(record)
    summary = records.text_summary(content) if content_type == "html" else content[:100]
    history.comment_added(call.org, ticket["id"], record, history.actor(call.caller()), summary)
    ticket["modifiedTime"] = record["commentedTime"]  # the same instant as the comment
    return served(record, [])


ENDPOINTS = [
    Endpoint(
        "GET",
        "/api/v1/tickets/{ticketId}/comments",
        list_comments,
        READ,
        query={
            **paging(100),
            "include": Param(csv_of(one_of("mentions", "plainText"))),
            "sortBy": Param(sort_field("commentedTime")),
        },
        weight="list",
    ),
    Endpoint(
        "POST",
        "/api/v1/tickets/{ticketId}/comments",
        create_comment,
        UPDATE,
        query={"parentConversationId": Param(record_id)},
        body="json",
    ),
]
