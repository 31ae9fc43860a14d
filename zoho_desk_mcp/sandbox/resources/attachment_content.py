"""Downloads: `GET …/attachments/{attachmentId}/content` for a ticket's, a thread's and a comment's files.

The paths are the `href`s Zoho's own answers carry (TicketAttachment.json and the fact sheet §7.2 for ticket
files, Thread.json's thread detail, TicketComment.json's examples for comment files); none of the OpenAPI
files declares the download as an operation. Bytes and content types come from files.py. Also Thread.json's
`DELETE /tickets/{ticketId}/threads/{threadId}/attachments/{attachmentId}`.
"""

from __future__ import annotations

from starlette.responses import Response

from .. import files, history
from ..errors import url_not_found
from ..routing import Call, Endpoint, scopes
from ..store import Record

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


ENDPOINTS = [
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
