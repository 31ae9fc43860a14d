"""A contact's history and edits: `GET /contacts/{contactId}/statistics`, `GET /contacts/{contactId}/tickets`
(Ticket.json) and `PATCH /contacts/{contactId}` (Contact.json), plus the ticket statistics accounts share.

Statistics count the customer's tickets that are not in the trash, as Zoho's `getStatistics` shape: counts as
strings, `openTickets` by status type (Escalated is of type Open and is also counted in `escalatedTickets`),
spam counted apart. The sandbox measures no times or happiness ratings: those are "0".
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..errors import FieldError, invalid_data
from ..routing import Call, Endpoint, Param, boolean, csv_of, one_of, paging, record_id, scopes, sort_field
from ..store import OrgData, Record
from ..validation import BodyCheck
from .contacts import CREATE_KEYS, EMAIL, TEXT_FIELDS, contact_detail, live_contact
from .ticket_list import DUE_WINDOWS, due_match, due_window
from .ticket_views import ticket_row

READ = scopes("Desk.contacts.READ")
UPDATE = scopes("Desk.contacts.UPDATE")
# Ticket.json lists all three for getTicketsByContact; one security requirement = every scope in it.
TICKETS_READ = scopes("Desk.contacts.READ", "Desk.tickets.READ", "Desk.search.READ")
TICKET_INCLUDES = ("products", "departments", "team", "isRead", "assignee")
DEFAULT_LIMIT = 10


def ticket_statistics(tickets: list[Record]) -> Record:
    """Zoho's statistics for a set of tickets (a contact's or an account's)."""
    live = [t for t in tickets if not t.get("isTrashed")]
    kept = [t for t in live if not t.get("isSpam")]
    kinds = Counter(str(t.get("statusType") or "Open") for t in kept)
    channels = Counter(str(t.get("channel") or "Email") for t in kept)
    return {
        "firstResponseTime": "0", "responseTime": "0", "resolutionTime": "0",
        "totalTickets": str(len(kept)), "openTickets": str(kinds["Open"]), "onholdTickets": str(kinds["On Hold"]),
        "closedTickets": str(kinds["Closed"]),
        "escalatedTickets": str(sum(1 for t in kept if t.get("isEscalated"))),
        "overdueTickets": str(sum(1 for t in kept if t.get("isOverDue"))),
        "spamTickets": str(len(live) - len(kept)),
        "channelWiseCount": {name: str(count) for name, count in sorted(channels.items())},
        "customerHappiness": {"badCount": "0", "goodCount": "0", "okCount": "0"},
    }


def tickets_of_contact(org: OrgData, contact_id: str) -> list[Record]:
    return [t for t in org.tickets.values() if t.get("contactId") == contact_id and not t.get("isTrashed")]


def filter_tickets(call: Call, tickets: list[Record]) -> list[Record]:
    """`departmentId`, `dueDate` (any of the windows), `isSpam` (default: spam left out), then `sortBy`."""
    query = call.query
    spam = bool(query.get("isSpam", False))
    kept = [t for t in tickets if bool(t.get("isSpam")) == spam]
    if "departmentId" in query:
        kept = [t for t in kept if t.get("departmentId") == query["departmentId"]]
    if "dueDate" in query:
        windows = [due_window(name, call.now) for name in query["dueDate"]]
        kept = [t for t in kept if any(due_match(t, w, call.now) for w in windows)]
    field, descending = query.get("sortBy") or ("createdTime", True)
    return sorted(kept, key=lambda t: (str(t.get(field) or ""), int(t["ticketNumber"])), reverse=descending)


def ticket_rows(call: Call, tickets: list[Record], start: int, default_limit: int) -> dict[str, Any] | None:
    limit = int(call.query.get("limit", default_limit))
    wanted = list(call.query.get("include", []))
    shown = filter_tickets(call, tickets)[start : start + limit]
    return {"data": [ticket_row(call.org, t, wanted) for t in shown]} if shown else None


def ticket_query(includes: tuple[str, ...], paging: dict[str, Param]) -> dict[str, Param]:
    return {
        **paging,
        "include": Param(csv_of(one_of(*includes))),
        "departmentId": Param(record_id),
        "dueDate": Param(csv_of(one_of(*DUE_WINDOWS))),
        "sortBy": Param(sort_field("createdTime", "modifiedTime")),
        "isSpam": Param(boolean),
    }


# --- handlers -----------------------------------------------------------------------------------------------
def contact_statistics(call: Call) -> Record:
    contact = live_contact(call.org, call.path["contactId"])
    return ticket_statistics(tickets_of_contact(call.org, contact["id"]))


def contact_tickets(call: Call) -> dict[str, Any] | None:
    contact = live_contact(call.org, call.path["contactId"])
    tickets = tickets_of_contact(call.org, contact["id"])
    return ticket_rows(call, tickets, int(call.query.get("from", 0)), DEFAULT_LIMIT)


def checked_email(check: BodyCheck, org: OrgData, contact: Record, name: str) -> str | None:
    """An e-mail that is well formed and, for the primary one, used by no other contact (Zoho: duplicate)."""
    value = check.string(name, max_len=TEXT_FIELDS[name])
    if value is None:
        return None
    if not EMAIL.match(value):
        check.fail(name, "invalid", f"'{name}' is not a valid e-mail address.")
        return None
    other = org.contact_by_email(value) if name == "email" else None
    if other is not None and other["id"] != contact["id"]:
        check.fail(name, "duplicate", f"A contact with the e-mail address {value} already exists.")
        return None
    return value


def validate_update(call: Call, contact: Record) -> dict[str, Any]:
    """Only the keys sent change; null clears a field, but `lastName` can never become empty."""
    org, body = call.org, call.body
    if isinstance(body, dict) and isinstance(body.get("zip"), int) and not isinstance(body["zip"], bool):
        body = {**body, "zip": str(body["zip"])}
    check = BodyCheck(body, CREATE_KEYS)
    if not check.body:
        raise invalid_data([FieldError("/", "missing", "Send at least one field to change.")])
    changes: dict[str, Any] = {}
    for name, max_len in TEXT_FIELDS.items():
        if check.has(name):
            email = name in ("email", "secondaryEmail")
            changes[name] = checked_email(check, org, contact, name) if email else check.string(
                name, max_len=max_len, required=name == "lastName"
            )
    lookups = {"accountId": org.accounts.__contains__, "ownerId": org.agents.__contains__,
               "layoutId": lambda _id: False}
    for name, exists in lookups.items():
        if check.has(name):
            changes[name] = check.reference(name, exists)
    for name in ("cf", "customFields"):
        if check.has(name):
            changes[name] = {**(contact.get(name) or {}), **(check.string_map(name, max_value_len=100) or {})}
    check.done()
    return changes


def update_contact(call: Call) -> Record:
    contact = live_contact(call.org, call.path["contactId"])
    changes = validate_update(call, contact)
    contact.update(changes)
    if "accountId" in changes:
        contact["accountCount"] = "1" if changes["accountId"] else "0"
    contact["modifiedTime"] = call.store.now_iso()
    return contact_detail(call.org, contact, [])


ENDPOINTS = [
    Endpoint("GET", "/api/v1/contacts/{contactId}/statistics", contact_statistics, READ),
    Endpoint(
        "GET", "/api/v1/contacts/{contactId}/tickets", contact_tickets, TICKETS_READ,
        query=ticket_query(TICKET_INCLUDES, paging(100)),
        weight="list",
    ),
    Endpoint("PATCH", "/api/v1/contacts/{contactId}", update_contact, UPDATE, body="json"),
]
