"""Writes on many tickets: `POST /tickets/updateMany`, `POST /tickets/{id}/merge`, `POST /tickets/markSpam`.

Each validates the whole request first and then writes every ticket, so a rejected request changes nothing.
Merged tickets stop existing (404); their threads, comments and attachments move to the ticket that stays.
"""

from __future__ import annotations

from typing import Any

from .. import custom_fields, history, tagging
from ..errors import FieldError, invalid_data
from ..routing import Call, Endpoint, scopes
from ..store import OrgData, Record
from ..validation import BodyCheck
from . import ticket_fields as tf
from .ticket_views import ticket_detail
from .tickets import apply_changes

MAX_BULK = 100  # the OAS states no cap on `ids`; the sandbox takes one page of tickets, as our tools send
MAX_MERGE = 5  # fact sheet: `POST /tickets/{id}/merge` (≤5 ids)
BULK_FIELDS = (
    "subject", "status", "priority", "channel", "classification", "category", "subCategory", "language",
    "dueDate", "responseDueDate", "assigneeId", "teamId", "productId", "email", "phone",
)
MERGE_FIELDS = (
    "entitySkills", "subCategory", "cf", "productId", "contactId", "subject", "customFields", "dueDate", "channel",
    "description", "secondaryContacts", "priority", "classification", "assigneeId", "resolution", "phone",
    "category", "email", "status",
)


def live(org: OrgData, ticket_id: str) -> bool:
    ticket = org.tickets.get(ticket_id)
    return ticket is not None and not ticket.get("isTrashed")


def update_many(call: Call) -> None:
    """One field, one value, many tickets (Ticket.json `tickets_massupdate`): all of them or none."""
    org = call.org
    check = BodyCheck(call.body, ("fieldName", "ids", "isCustomField", "fieldValue"))
    ids = check.references("ids", lambda i: live(org, i), max_items=MAX_BULK, required=True) or []
    name = check.string("fieldName", required=True, max_len=100)
    is_custom = bool(check.boolean("isCustomField"))
    check.done()
    assert name is not None
    values = custom_values(org, name, check.body.get("fieldValue")) if is_custom else field_values(org, name, check)
    targets = [org.tickets[i] for i in dict.fromkeys(ids)]
    for ticket in targets:
        link_check = BodyCheck({}, ())
        kept = {n: ticket.get(n) for n in (*tf.LINKED, "departmentId")}
        tf.check_links(link_check, org, {**kept, **values}, [n for n in tf.LINKED if n in values])
        if link_check.errors:
            raise invalid_data([FieldError("/fieldValue", "invalid", f"Ticket {ticket['id']}: "
                                           + link_check.errors[0].message)])
    who = history.actor(call.caller())
    for ticket in targets:
        before = history.snapshot(ticket)
        apply_changes(call, ticket, {k: dict(v) if isinstance(v, dict) else v for k, v in values.items()})
        history.updated(org, before, ticket, who, ticket["modifiedTime"])


def field_values(org: OrgData, name: str, check: BodyCheck) -> dict[str, Any]:
    """A system field's value, checked as `PATCH /tickets/{id}` checks it; its errors name `fieldValue`."""
    if name not in BULK_FIELDS:
        raise invalid_data([FieldError("/fieldName", "invalid", f"'{name}' cannot be updated in bulk; allowed: "
                                       + ", ".join(BULK_FIELDS) + ".")])
    single = BodyCheck(tf.normalised({name: check.body.get("fieldValue")}), tf.UPDATE_KEYS)
    values = tf.read_fields(single, org, creating=False)
    if single.errors:
        raise invalid_data([FieldError("/fieldValue", e.error_type, e.message) for e in single.errors])
    return values


def custom_values(org: OrgData, name: str, value: Any) -> dict[str, Any]:
    """A custom field by API name (or label), its value checked against the field's type and picklist."""
    if not org.custom_fields:
        if not custom_fields.API_NAME.match(name):
            raise invalid_data([FieldError("/fieldName", "invalid", f"'{name}' is not a custom field.")])
        return {"cf": {name: custom_fields.stored(value)}}
    field = custom_fields.find(org, name)
    if field is None:
        known = ", ".join(f["apiName"] for f in org.custom_fields)
        raise invalid_data([FieldError("/fieldName", "invalid", f"'{name}' is not a custom field; known: {known}.")])
    issue = custom_fields.problem(field, value)
    if issue is not None:
        raise invalid_data([FieldError("/fieldValue", "invalid", issue)])
    return custom_fields.mirrored(org, {field["apiName"]: custom_fields.stored(value)})


def merge(call: Call) -> Record:
    """Merge `ids` into the ticket in the path; `source` picks, per field, the ticket whose value stays."""
    org = call.org
    target = org.ticket(call.path["ticketId"])
    check = BodyCheck(call.body, ("ids", "source"))
    ids = check.references(
        "ids", lambda i: live(org, i) and i != target["id"], max_items=MAX_MERGE, required=True
    ) or []
    if len(set(ids)) != len(ids):
        check.fail("ids", "duplicate", "'ids' names the same ticket more than once.")
    chosen = read_source(check, [target["id"], *ids])
    check.done()
    values: dict[str, Any] = {}
    for field, ticket_id in chosen.items():
        values[field] = org.tickets[ticket_id].get(field)
    if "assigneeId" in values or "productId" in values:
        link_check = BodyCheck({}, ())
        kept = {n: target.get(n) for n in (*tf.LINKED, "departmentId")}
        tf.check_links(link_check, org, {**kept, **values}, [n for n in ("assigneeId", "productId") if n in values])
        if link_check.errors:
            raise invalid_data([FieldError("/source", "invalid", link_check.errors[0].message)])
    for ticket_id in ids:
        move_conversation(org, ticket_id, target["id"])
        names = tagging.names(org, ticket_id)
        if names:  # the merged ticket's tags join the remaining ticket's (in its department)
            tagging.associate(call.store, org, target, names, call.store.now_iso())
        org.ticket_tags.pop(ticket_id, None)
        del org.tickets[ticket_id]
    before = history.snapshot(target)
    apply_changes(call, target, values)
    history.updated(org, before, target, history.actor(call.caller()), target["modifiedTime"])
    return ticket_detail(org, target, [])


def read_source(check: BodyCheck, allowed: list[str]) -> dict[str, str]:
    """`source`: field name → the ID of the ticket (the one that stays or one of `ids`) whose value wins."""
    value = check.body.get("source")
    if value is None:
        return {}
    if not isinstance(value, dict):
        check.fail("source", "invalid", "'source' must be an object.")
        return {}
    chosen: dict[str, str] = {}
    for field, ticket_id in value.items():
        if field not in MERGE_FIELDS or field in ("cf", "customFields"):
            check.fail(f"source/{field}", "invalid", f"'{field}' cannot be chosen; allowed: "
                       + ", ".join(f for f in MERGE_FIELDS if f not in ("cf", "customFields")) + ".")
        elif str(ticket_id) not in allowed:
            check.fail(f"source/{field}", "invalid", "Each value must be the ID of one of the merged tickets.")
        else:
            chosen[field] = str(ticket_id)
    return chosen


def move_conversation(org: OrgData, source_id: str, target_id: str) -> None:
    """Threads, comments and attachments of a merged ticket join the remaining ticket's, in time order."""
    for table, key in ((org.threads, "createdTime"), (org.comments, "commentedTime"), (org.attachments, "createdTime")):
        moved = table.pop(source_id, [])
        if moved:
            table[target_id] = sorted([*table.get(target_id, []), *moved], key=lambda r: str(r.get(key)))


def mark_spam(call: Call) -> None:
    """Mark (`isSpam: true`) or unmark tickets; `contactSpam` marks their contacts, `handleExistingTickets`
    those contacts' other tickets too (both in the OAS example body)."""
    org = call.org
    check = BodyCheck(call.body, ("ids", "isSpam", "contactSpam", "handleExistingTickets"))
    ids = check.references("ids", lambda i: live(org, i), max_items=MAX_BULK, required=True) or []
    is_spam = check.boolean("isSpam")
    if is_spam is None:
        check.fail("isSpam", "missing", "'isSpam' is required.")
    contact_spam, existing = check.boolean("contactSpam"), check.boolean("handleExistingTickets")
    check.done()
    tickets = [org.tickets[i] for i in dict.fromkeys(ids)]
    contacts = {t["contactId"] for t in tickets if t.get("contactId")}
    if is_spam and contact_spam:
        for contact_id in contacts:
            org.contacts[contact_id]["isSpam"] = True
        if existing:
            tickets += [t for t in org.tickets.values() if t.get("contactId") in contacts and t not in tickets]
    now, who = call.store.now_iso(), call.caller()["id"]
    actor = history.actor(call.caller())
    for ticket in tickets:
        if not ticket.get("isTrashed") and ticket.get("isSpam") != is_spam:
            ticket.update(isSpam=bool(is_spam), modifiedTime=now, modifiedBy=who)
            info = [history.prop("Spam", "ValueTransition", {"previousValue": not is_spam, "updatedValue": is_spam})]
            history.add(org, ticket["id"], "TicketUpdated", actor, now, info, fields=["isSpam"])


UPDATE = scopes("Desk.tickets.UPDATE")

ENDPOINTS = [
    Endpoint("POST", "/api/v1/tickets/updateMany", update_many, UPDATE, body="json"),
    Endpoint("POST", "/api/v1/tickets/{ticketId}/merge", merge, UPDATE, body="json"),
    Endpoint("POST", "/api/v1/tickets/markSpam", mark_spam, UPDATE, body="json"),
]
