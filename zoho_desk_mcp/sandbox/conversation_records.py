"""Builders for the records of a ticket's conversation: threads, comments, their authors, attachments, uploads.

Split from records.py (the portal's records: organizations, departments, agents, contacts, tickets); the same
conventions hold: string IDs, counts as strings, ISO times with milliseconds, nulls present.
"""

from __future__ import annotations

from .records import desk_host, text_summary
from .store import Record, Store, iso

THREAD_CHANNELS = {  # a ticket's channel → the channel code threads carry (Thread.json's enum)
    "Chat": "ONLINE_CHAT",
    "Customer Portal": "CUSTOMERPORTAL",
    "Feedback Widget": "FEEDBACK_WIDGET",
}


def thread_channel(ticket_channel: str) -> str:
    return THREAD_CHANNELS.get(ticket_channel, ticket_channel.upper().replace(" ", "_"))


def person(record: Record, kind: str) -> Record:
    """The `author`/`commenter` object threads and comments carry (an agent or a contact)."""
    first, last = record.get("firstName"), record.get("lastName")
    return {
        "id": record["id"],
        "firstName": first,
        "lastName": last,
        "name": " ".join(p for p in (first, last) if p),
        "email": record.get("emailId") or record.get("email"),
        "type": kind,
        "photoURL": None,
    }


def attachment(
    store: Store,
    ticket_id: str,
    name: str,
    size: int,
    *,
    is_public: bool,
    creator_id: str | None,
    when: float,
) -> Record:
    attachment_id = store.new_id()
    return {
        "id": attachment_id,
        "name": name,
        "size": str(size),
        "creatorId": creator_id,
        "createdTime": iso(when),
        "isPublic": is_public,
        "href": f"{desk_host(store)}/api/v1/tickets/{ticket_id}/attachments/{attachment_id}/content",
        "previewurl": None,
    }


def upload(store: Store, name: str, size: int, *, creator_id: str | None, when: float) -> Record:
    upload_id = store.new_id()
    return {
        "id": upload_id,
        "name": name,
        "size": str(size),
        "creatorId": creator_id,
        "createdTime": iso(when),
        "isPublic": False,
        "href": f"{desk_host(store)}/api/v1/uploads/{upload_id}/content",
        "previewurl": None,
    }


def thread(
    store: Store,
    *,
    ticket: Record,
    direction: str,
    content: str,
    author: Record,
    author_type: str,
    to: list[str],
    cc: list[str],
    when: float,
    attachments: list[Record],
) -> Record:
    """A conversation thread, full (with `content`); thread lists serve it without `content`."""
    return {
        "id": store.new_id(),
        "channel": thread_channel(str(ticket.get("channel") or "Email")),
        "direction": direction,
        "isDraft": False,
        "isForward": False,
        "isContentTruncated": False,
        "status": "SUCCESS",
        "visibility": "public",
        "createdTime": iso(when),
        "summary": text_summary(content),
        "content": content,
        "contentType": "text/html",
        "fromEmailAddress": author.get("emailId") or author.get("email"),
        "to": ",".join(to) if to else None,
        "cc": ",".join(cc) if cc else None,
        "bcc": None,
        "author": person(author, author_type),
        "responderId": author["id"] if author_type == "AGENT" else None,
        "hasAttach": bool(attachments),
        "attachmentCount": str(len(attachments)),
        "attachments": attachments,
    }


def comment(
    store: Store,
    *,
    content: str,
    content_type: str,
    is_public: bool,
    commenter: Record,
    when: float,
    attachments: list[Record] | None = None,
) -> Record:
    when_iso = iso(when)
    return {
        "id": store.new_id(),
        "content": content,
        "contentType": content_type,
        "isPublic": is_public,
        "commentedTime": when_iso,
        "modifiedTime": when_iso,
        "commenterId": commenter["id"],
        "commenter": {**person(commenter, "AGENT"), "roleName": commenter.get("rolePermissionType")},
        "attachments": attachments or [],
        "mention": [],
    }
