"""Tickets: create (with an inline contact and uploads), get with `include`, list, update and move to trash.

Each write validates the whole body first (ticket_fields) and only then changes the store, so a rejected
request leaves no contact, attachment or spent upload behind.
"""

from __future__ import annotations

from typing import Any

from .. import conversation_records, files, history, records
from ..routing import Call, Endpoint, Param, boolean, csv_of, one_of, scopes
from ..store import Record
from ..validation import BodyCheck
from . import ticket_fields as tf
from .ticket_list import QUERY as LIST_QUERY
from .ticket_list import list_tickets
from .ticket_views import GET_INCLUDES, ticket_detail

MAX_TRASH = 10_000  # Zoho documents no cap on ticketIds; this only bounds one request's work


def live_ticket(call: Call, ticket_id: str) -> Record:
    """A ticket that exists and is not in the trash (404 URL_NOT_FOUND otherwise), for other resources."""
    return call.org.ticket(ticket_id)


def create_ticket(call: Call) -> Record:
    org = call.org
    body = tf.normalised(call.body)
    check = BodyCheck(body, tf.CREATE_KEYS)
    contact_check = tf.contact_check(check)
    values = tf.read_fields(check, org, creating=True)
    new_contact = tf.read_contact(check, contact_check, org)
    tf.check_links(check, org, values, tf.LINKED)
    check.done()
    if new_contact is not None:
        contact = records.contact(call.store, org, new_contact)
        org.contacts[contact["id"]] = contact
        values["contactId"] = contact["id"]
    else:
        values["contactId"] = values.get("contactId") or tf.inline_contact_id(org, body)
    customer = org.contacts[values["contactId"]]
    for name in ("email", "phone", "accountId"):  # a ticket belongs to its contact's account, as in Zoho
        values[name] = values.get(name) or customer.get(name)
    record = records.ticket(call.store, org, values, created=call.now, creator_id=call.caller()["id"])
    record["entitySkills"] = values.get("entitySkills") or []
    record["sharedDepartments"] = values.get("sharedDepartments") or []
    org.tickets[record["id"]] = record
    history.created(org, record, history.actor(call.caller()))
    attach_uploads(call, record["id"], values.get("uploads") or [])
    return ticket_detail(org, record, [])


def get_ticket(call: Call) -> Record:
    record = call.org.ticket(call.path["ticketId"])
    return ticket_detail(call.org, record, list(call.query.get("include", [])))


def update_ticket(call: Call) -> Record:
    org = call.org
    record = org.ticket(call.path["ticketId"])
    body = tf.normalised(call.body)
    check = BodyCheck(body, tf.UPDATE_KEYS)
    values = tf.read_fields(check, org, creating=False)
    moved = "departmentId" in values and values["departmentId"] != record["departmentId"]
    kept = {name: record.get(name) for name in (*tf.LINKED, "departmentId")}
    recheck = tf.LINKED if moved else tuple(n for n in tf.LINKED if n in values)
    tf.check_links(check, org, {**kept, **values}, recheck)
    check.done()
    before = history.snapshot(record)
    apply_changes(call, record, values)
    history.updated(org, before, record, history.actor(call.caller()), record["modifiedTime"])
    return ticket_detail(org, record, [])


def apply_changes(call: Call, record: Record, values: dict[str, Any]) -> None:
    """Write a validated update: custom fields merge, a new contact brings its e-mail and phone."""
    org, now = call.org, call.store.now_iso()
    old_status = record["status"]
    attach_uploads(call, record["id"], values.pop("uploads", None) or [])
    for name in ("cf", "customFields"):
        if name in values:
            record[name] = {**(record.get(name) or {}), **(values.pop(name) or {})}
    if values.get("contactId") not in (None, record["contactId"]):
        customer = org.contacts[values["contactId"]]
        for name in ("email", "phone"):
            values.setdefault(name, customer.get(name))
    record.update(values)
    if record["status"] != old_status:
        records.apply_status(record, now)
    record["modifiedTime"] = now
    record["modifiedBy"] = call.caller()["id"]


def attach_uploads(call: Call, ticket_id: str, upload_ids: list[str]) -> None:
    """Each upload becomes an attachment of the ticket and is spent (it cannot be attached twice)."""
    for upload_id in upload_ids:
        upload = call.org.uploads.pop(upload_id)
        attachment = conversation_records.attachment(
            call.store, ticket_id, upload["name"], int(upload["size"]),
            is_public=bool(upload.get("isPublic", False)), creator_id=call.caller()["id"], when=call.now,
        )
        call.org.attachments.setdefault(ticket_id, []).append(attachment)
        files.move(call.org, upload_id, attachment["id"])
        history.attachment_added(call.org, ticket_id, attachment, history.actor(call.caller()))


def move_to_trash(call: Call) -> None:
    """All or nothing: every ID must be a live ticket. Trashed tickets stay in the store, hidden."""
    org = call.org
    check = BodyCheck(call.body, ("ticketIds",))
    ids = check.references(
        "ticketIds", lambda i: i in org.tickets and not org.tickets[i].get("isTrashed"),
        max_items=MAX_TRASH, required=True,
    )
    check.done()
    who, when = history.actor(call.caller()), call.store.now_iso()
    for ticket_id in ids or []:
        org.tickets[ticket_id]["isTrashed"] = True
        history.add(org, ticket_id, "TicketDeleted", who, when)


ENDPOINTS = [
    Endpoint(
        "GET", "/api/v1/tickets", list_tickets, scopes("Desk.tickets.READ"), query=LIST_QUERY, weight="list"
    ),
    Endpoint("POST", "/api/v1/tickets", create_ticket, scopes("Desk.tickets.CREATE"), body="json"),
    Endpoint(
        "GET", "/api/v1/tickets/{ticketId}", get_ticket, scopes("Desk.tickets.READ"),
        query={"include": Param(csv_of(one_of(*GET_INCLUDES)))},
    ),
    Endpoint(
        "PATCH", "/api/v1/tickets/{ticketId}", update_ticket, scopes("Desk.tickets.UPDATE"),
        query={"disableClosureNotification": Param(boolean)}, body="json",
    ),
    Endpoint(
        "POST", "/api/v1/tickets/moveToTrash", move_to_trash, scopes("Desk.tickets.DELETE"), body="json"
    ),
]
