"""Ticket threads (the e-mail conversation): the list (summaries only), one thread in full, the latest thread.

Thread.json describes the list; the single-thread and latest-thread reads come from Zoho's HTML reference and
docs/zoho-api.md (§6.5, §9), and serve the thread object of Thread.json's `emailThreadResponseJson`.
Lists never carry `content` or `attachments`: a body needs a call per thread, as on a live portal.
"""

from __future__ import annotations

from typing import Any

from .. import records
from ..errors import url_not_found
from ..routing import Call, Endpoint, Param, csv_of, one_of, page, paging, scopes, sort_field
from ..store import Record

READ = scopes("Desk.tickets.READ")
DEFAULT_LIMIT = 50
LIST_OMITS = ("content", "attachments")
SYSTEM_SOURCE = {"appName": None, "extId": None, "type": "SYSTEM", "permalink": None, "appPhotoURL": None}


def ticket_threads(call: Call) -> tuple[str, list[Record]]:
    ticket_id = call.org.ticket(call.path["ticketId"])["id"]
    return ticket_id, sorted(call.org.threads.get(ticket_id, []), key=lambda t: str(t["createdTime"]))


def is_description(thread: Record, oldest_first: list[Record]) -> bool:
    """The customer's first message is the one the ticket was raised from."""
    return bool(oldest_first) and oldest_first[0]["id"] == thread["id"] and thread["direction"] == "in"


def thread_fields(thread: Record, oldest_first: list[Record]) -> Record:
    """Fields every thread object carries that the store does not keep per thread."""
    return {
        "isDescriptionThread": is_description(thread, oldest_first),
        "canReply": True,
        "source": dict(SYSTEM_SOURCE),
        "channelRelatedInfo": None,
        "actions": [],
        "respondedIn": None,
        "impersonatedUser": None,
        "fullContentURL": None,
        "replyTo": None,
    }


def thread_row(thread: Record, oldest_first: list[Record]) -> Record:
    row = {k: v for k, v in thread.items() if k not in LIST_OMITS and not k.startswith("_")}
    return {**thread_fields(thread, oldest_first), **row, "lastRatingIconURL": None}


def thread_detail(call: Call, ticket_id: str, thread: Record, oldest_first: list[Record]) -> Record:
    """The full thread: `content`, and `attachments` in Thread.json's shape with thread-scoped links."""
    base = f"{records.desk_host(call.store)}/api/v1/tickets/{ticket_id}/threads/{thread['id']}/attachments"
    stored = {k: v for k, v in thread.items() if not k.startswith("_")}
    detail = {**thread_fields(thread, oldest_first), **stored}
    detail["attachments"] = [
        {
            "id": item["id"],
            "name": item["name"],
            "size": item["size"],
            "href": f"{base}/{item['id']}/content",
            "previewurl": item.get("previewurl"),
        }
        for item in thread.get("attachments") or []
    ]
    if "plainText" in (call.query.get("include") or []):
        content = str(thread.get("content") or "")
        detail["plainText"] = records.text_summary(content, limit=len(content))
    return detail


def list_threads(call: Call) -> dict[str, Any] | None:
    _, oldest_first = ticket_threads(call)
    _, descending = call.query.get("sortBy", ("sendDateTime", True))  # Zoho's default: newest first
    ordered = list(reversed(oldest_first)) if descending else oldest_first
    return page([thread_row(t, oldest_first) for t in ordered], call, DEFAULT_LIMIT)


def get_thread(call: Call) -> dict[str, Any]:
    ticket_id, oldest_first = ticket_threads(call)
    for thread in oldest_first:
        if thread["id"] == call.path["threadId"]:
            return thread_detail(call, ticket_id, thread, oldest_first)
    raise url_not_found()


def latest_thread(call: Call) -> dict[str, Any] | None:
    ticket_id, oldest_first = ticket_threads(call)
    if not oldest_first:
        return None
    return thread_detail(call, ticket_id, oldest_first[-1], oldest_first)


INCLUDE = {"include": Param(csv_of(one_of("plainText")))}

ENDPOINTS = [
    Endpoint(
        "GET",
        "/api/v1/tickets/{ticketId}/threads",
        list_threads,
        READ,
        query={**paging(200), "sortBy": Param(sort_field("sendDateTime"))},
        weight="list",
    ),
    Endpoint("GET", "/api/v1/tickets/{ticketId}/threads/{threadId}", get_thread, READ, query=INCLUDE),
    Endpoint("GET", "/api/v1/tickets/{ticketId}/latestThread", latest_thread, READ, query=INCLUDE),
]
