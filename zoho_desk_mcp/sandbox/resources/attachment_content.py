"""Downloads: `GET …/attachments/{attachmentId}/content` for a ticket's, a thread's and a comment's files.

The paths are the `href`s Zoho's own answers carry (TicketAttachment.json and the fact sheet §7.2 for ticket
files, Thread.json's thread detail, TicketComment.json's examples for comment files); none of the OpenAPI
files declares the download as an operation. Bytes and content types come from files.py. Also the deletes and
the `isPublic` change of TicketAttachment.json (both answer 200 with no content) and Thread.json's delete.
"""

from __future__ import annotations

from starlette.responses import Response

from .. import files, history
from ..errors import url_not_found
from ..routing import Call, Endpoint, scopes
from ..store import Record
from ..validation import BodyCheck

READ = scopes("Desk.tickets.READ")
UPDATE = scopes("Desk.tickets.UPDATE")


def one_of_list(rows: list[Record], wanted: str) -> Record:
    for row in rows:
        if str(row["id"]) == wanted:
            return row
    raise url_not_found()


def thread_of(call: Call) -> Record:
    ticket_id = call.org.ticket(call.path["ticketId"])["id"]
    return one_of_list(call.org.threads.get(ticket_id, []), call.path["threadId"])


def ticket_file(call: Call) -> Response:
    ticket_id = call.org.ticket(call.path["ticketId"])["id"]
    record = one_of_list(call.org.attachments.get(ticket_id, []), call.path["attachmentId"])
    return files.download(call.org, record)


def thread_file(call: Call) -> Response:
    record = one_of_list(thread_of(call).get("attachments") or [], call.path["attachmentId"])
    return files.download(call.org, record)


def comment_file(call: Call) -> Response:
    ticket_id = call.org.ticket(call.path["ticketId"])["id"]
    comment = one_of_list(call.org.comments.get(ticket_id, []), call.path["commentId"])
    record = one_of_list(comment.get("attachments") or [], call.path["attachmentId"])
    return files.download(call.org, record)


def delete_thread_file(call: Call) -> Response:
    thread = thread_of(call)
    record = one_of_list(thread.get("attachments") or [], call.path["attachmentId"])
    thread["attachments"] = [a for a in thread["attachments"] if a is not record]
    thread["attachmentCount"] = str(len(thread["attachments"]))
    thread["hasAttach"] = bool(thread["attachments"])
    call.org.blobs.pop(str(record["id"]), None)
    who, name = history.actor(call.caller()), history.prop("Name", "Text", record["name"])
    history.add(call.org, call.path["ticketId"], "AttachmentDeleted", who, call.store.now_iso(), [name])
    return Response(status_code=204)


def ticket_attachment(call: Call) -> tuple[str, Record]:
    ticket_id = call.org.ticket(call.path["ticketId"])["id"]
    return ticket_id, one_of_list(call.org.attachments.get(ticket_id, []), call.path["attachmentId"])


def update_ticket_file(call: Call) -> Response:
    ticket_id, record = ticket_attachment(call)
    check = BodyCheck(call.body, ("isPublic",))
    is_public = check.boolean("isPublic")
    check.done()
    if is_public is not None and is_public != record["isPublic"]:
        change = {"previousValue": record["isPublic"], "updatedValue": is_public}
        record["isPublic"] = is_public
        info = [history.prop("Name", "Text", record["name"]), history.prop("Is Public", "ValueTransition", change)]
        history.add(call.org, ticket_id, "AttachmentUpdated", history.actor(call.caller()), call.store.now_iso(), info)
    return Response(status_code=200)


def delete_ticket_file(call: Call) -> Response:
    ticket_id, record = ticket_attachment(call)
    call.org.attachments[ticket_id] = [a for a in call.org.attachments[ticket_id] if a is not record]
    call.org.blobs.pop(str(record["id"]), None)
    who, name = history.actor(call.caller()), history.prop("Name", "Text", record["name"])
    history.add(call.org, ticket_id, "AttachmentDeleted", who, call.store.now_iso(), [name])
    return Response(status_code=200)


ENDPOINTS = [
    Endpoint(
        "PATCH", "/api/v1/tickets/{ticketId}/attachments/{attachmentId}", update_ticket_file, UPDATE, body="json"
    ),
    Endpoint("DELETE", "/api/v1/tickets/{ticketId}/attachments/{attachmentId}", delete_ticket_file, UPDATE),
    Endpoint("GET", "/api/v1/tickets/{ticketId}/attachments/{attachmentId}/content", ticket_file, READ),
    Endpoint(
        "GET", "/api/v1/tickets/{ticketId}/threads/{threadId}/attachments/{attachmentId}/content", thread_file, READ
    ),
    Endpoint(
        "GET", "/api/v1/tickets/{ticketId}/comments/{commentId}/attachments/{attachmentId}/content",
        comment_file, READ,
    ),
    Endpoint(
        "DELETE", "/api/v1/tickets/{ticketId}/threads/{threadId}/attachments/{attachmentId}",
        delete_thread_file, UPDATE,
    ),
]
