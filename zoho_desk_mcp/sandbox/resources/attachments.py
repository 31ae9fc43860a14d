"""Ticket attachments: attach a file to a ticket (`?isPublic=`) and list a ticket's attachments.

Files sent with e-mail threads hang off the threads, not off this list (docs/zoho-api.md §9); only files attached
to the ticket itself are listed here, and they are what the ticket's `attachmentCount` counts.
"""

from __future__ import annotations

from typing import Any

from .. import conversation_records, files, history
from ..routing import Call, Endpoint, Param, boolean, csv_of, one_of, page, paging, scopes, sort_field
from ..store import OrgData, Record

READ = scopes("Desk.tickets.READ")
UPDATE = scopes("Desk.tickets.UPDATE")  # TicketAttachment.json lists only UPDATE for the create operation
DEFAULT_LIMIT = 50


def creator(org: OrgData, person_id: str | None) -> Record | None:
    """`include=creator`: who attached the file (an agent, or a contact for files from the portal)."""
    person = org.agents.get(person_id or "") or org.contacts.get(person_id or "")
    if person is None:
        return None
    return {
        "id": person["id"],
        "firstName": person.get("firstName"),
        "lastName": person.get("lastName"),
        "email": person.get("emailId") or person.get("email"),
        "photoURL": person.get("photoURL"),
    }


def list_attachments(call: Call) -> dict[str, Any] | None:
    ticket_id = call.org.ticket(call.path["ticketId"])["id"]
    rows = list(call.org.attachments.get(ticket_id, []))
    if "isPublic" in call.query:
        rows = [row for row in rows if row["isPublic"] is call.query["isPublic"]]
    field, descending = call.query.get("sortBy", ("createdTime", False))
    rows.sort(key=lambda row: str(row[field]), reverse=descending)
    wanted = call.query.get("include") or []
    served = [
        {**row, "creator": creator(call.org, row["creatorId"])} if "creator" in wanted else dict(row)
        for row in rows
    ]
    return page(served, call, DEFAULT_LIMIT)


def create_attachment(call: Call) -> dict[str, Any]:
    ticket = call.org.ticket(call.path["ticketId"])
    file = call.files[0]
    record = conversation_records.attachment(
        call.store,
        ticket["id"],
        file.filename,
        file.size,
        is_public=bool(call.query.get("isPublic", False)),
        creator_id=call.caller()["id"],
        when=call.now,
    )
    call.org.attachments.setdefault(ticket["id"], []).append(record)
    files.keep(call.org, record["id"], file.filename, file.data, file.content_type)
    history.attachment_added(call.org, ticket["id"], record, history.actor(call.caller()))
    ticket["modifiedTime"] = record["createdTime"]  # the same instant as the attachment
    return dict(record)


ENDPOINTS = [
    Endpoint(
        "GET",
        "/api/v1/tickets/{ticketId}/attachments",
        list_attachments,
        READ,
        query={
            **paging(100),
            "include": Param(csv_of(one_of("creator"))),
            "isPublic": Param(boolean),
            "sortBy": Param(sort_field("createdTime")),
        },
        weight="list",
    ),
    Endpoint(
        "POST",
        "/api/v1/tickets/{ticketId}/attachments",
        create_attachment,
        UPDATE,
        query={"isPublic": Param(boolean)},
        body="multipart",
    ),
]
