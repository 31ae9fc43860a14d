"""Search: `GET /tickets/search`, `GET /contacts/search` and `GET /search` (across modules), per Search.json.

Each field parameter is parsed into terms (see `search_terms`); a record matches when every given parameter
matches. No parameter is required (Search.json marks none), so a search with no criteria matches every record.
Answers are `{"data": [...], "count": <all matches>}`, or HTTP 204 when the requested window is empty.
`relevance`, the default order, is most recently modified first (the sandbox has no ranking engine).
Trashed records never match.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .. import tagging
from ..errors import scope_mismatch
from ..routing import (
    Call,
    Endpoint,
    Param,
    int_range,
    one_of,
    scopes,
    sort_field,
    time_range,
)
from ..store import OrgData, Record
from .contacts import contact_search_row, live_contacts
from .search_terms import Term, custom_field, in_range, matches, terms, time_key
from .ticket_views import public, ticket_row

MAX_FROM = 999  # docs/zoho-api.md §3.3, §10 (Search.json itself sets no maximum; Zoho's HTML doc says 4,999)
MAX_LIMIT = 100
DEFAULT_LIMIT = 10
SEARCH_INCLUDES = ["contacts", "products", "departments", "team", "assignee", "isRead"]
SEARCH_EXTRAS = ("description", "resolution", "cf", "customFields", "secondaryContacts", "sharedDepartments",
                 "entitySkills", "isArchived")
Getter = Callable[[OrgData, Record], Iterable[object]]


PAGING = {"from": Param(int_range(0, MAX_FROM)), "limit": Param(int_range(1, MAX_LIMIT))}
IDS = terms(wildcard=False, digits=True, max_len=1000)
RANGE = Param(time_range)


def answer(rows: list[Record], call: Call) -> dict[str, Any] | None:
    start = int(call.query.get("from", 0))
    limit = int(call.query.get("limit", DEFAULT_LIMIT))
    shown = rows[start : start + limit]
    return {"data": shown, "count": len(rows)} if shown else None


def by_sort(records: list[Record], sort: tuple[str, bool] | None) -> list[Record]:
    """`relevance` (the default) = most recently modified first; `-relevance` reverses it."""
    name, descending = sort or ("relevance", False)
    if name == "relevance":
        return sorted(records, key=lambda r: time_key(r.get("modifiedTime")), reverse=not descending)
    if name in ("firstName", "lastName"):
        filled = [r for r in records if r.get(name)]
        ordered = sorted(filled, key=lambda r: str(r[name]).lower(), reverse=descending)
        return ordered + [r for r in records if not r.get(name)]
    return sorted(records, key=lambda r: time_key(r.get(name)), reverse=descending)


def field_filter(query: dict[str, Any], getters: dict[str, Getter], org: OrgData) -> Callable[[Record], bool]:
    """A predicate that is true when every field parameter given matches the record."""
    wanted: list[tuple[Getter, list[Term]]] = [(getters[k], v) for k, v in query.items() if k in getters]

    def keep(record: Record) -> bool:
        return all(matches(found, getter(org, record)) for getter, found in wanted)

    return keep


def range_filter(query: dict[str, Any], ranges: dict[str, str]) -> Callable[[Record], bool]:
    wanted = [(field, query[name]) for name, field in ranges.items() if name in query]
    return lambda record: all(in_range(record.get(field), bounds) for field, bounds in wanted)


# --- tickets -----------------------------------------------------------------------------------------------
def contact_name(org: OrgData, ticket: Record) -> list[object]:
    contact = org.contacts.get(ticket.get("contactId") or "")
    if contact is None:
        return []
    return [" ".join(p for p in (contact.get("firstName"), contact.get("lastName")) if p)]


def account_name(org: OrgData, record: Record) -> list[object]:
    """The name of a ticket's or contact's account (none when it has no account)."""
    account = org.accounts.get(record.get("accountId") or "")
    return [account["accountName"]] if account and not account.get("isTrashed") else []


def product_name(org: OrgData, ticket: Record) -> list[object]:
    product = org.products.get(ticket.get("productId") or "")
    return [product["productName"]] if product else []


def field(name: str) -> Getter:
    return lambda _org, record: [record.get(name)]


def status_values(_org: OrgData, ticket: Record) -> list[object]:
    """The status name, plus `${open}` / `${onhold}` / `${closed}` for its type (see Search.json).

    Exact terms written as `${...}` lose their spaces when parsed, so `${On Hold}` finds `${onhold}`.
    """
    kind = str(ticket.get("statusType") or "Open").replace(" ", "").lower()
    return [ticket.get("status"), "${" + kind + "}"]


def all_ticket_text(org: OrgData, ticket: Record) -> list[object]:
    """`_all`: the ticket's searchable columns plus its contact's name and product's name."""
    own = [ticket.get(k) for k in ("ticketNumber", "subject", "description", "email", "phone", "category",
                                   "subCategory", "status", "priority", "channel", "resolution")]
    custom = list((ticket.get("cf") or {}).values())
    return [*own, *custom, *contact_name(org, ticket), *product_name(org, ticket)]


TICKET_GETTERS: dict[str, Getter] = {
    "id": field("id"), "ticketNumber": field("ticketNumber"), "departmentId": field("departmentId"),
    "contactId": field("contactId"), "accountId": field("accountId"), "assigneeId": field("assigneeId"),
    "productId": field("productId"), "status": status_values, "priority": field("priority"),
    "channel": field("channel"), "subject": field("subject"), "description": field("description"),
    "email": field("email"), "phone": field("phone"), "category": field("category"),
    "tag": lambda org, ticket: list(tagging.names(org, ticket["id"])),
    "contactName": contact_name, "accountName": account_name, "productName": product_name,
    "_all": all_ticket_text,
}
TICKET_RANGES = {"createdTimeRange": "createdTime", "modifiedTimeRange": "modifiedTime",
                 "dueDateRange": "dueDate", "customerResponseTimeRange": "customerResponseTime"}
TICKET_QUERY: dict[str, Param] = {
    **PAGING,
    **{name: Param(IDS) for name in ("id", "ticketNumber", "departmentId", "contactId", "accountId",
                                     "assigneeId", "productId")},
    "status": Param(terms(wildcard=False, max_len=1000)),
    "priority": Param(terms(wildcard=False, max_len=1000)),
    "channel": Param(terms(wildcard=False, empty_check=True, max_len=1000)),
    "subject": Param(terms(wildcard=True, max_len=1000)),
    "description": Param(terms(wildcard=True, max_len=65_535)),
    "email": Param(terms(wildcard=True, empty_check=True)),
    "phone": Param(terms(wildcard=True, empty_check=True)),
    "category": Param(terms(wildcard=True, empty_check=True)),
    "tag": Param(terms(wildcard=True, empty_check=True, min_len=3, max_len=100)),
    "contactName": Param(terms(wildcard=True, max_len=200)),
    "accountName": Param(terms(wildcard=True, empty_check=True, max_len=200)),
    "productName": Param(terms(wildcard=True, empty_check=True, max_len=200)),
    "_all": Param(terms(wildcard=True, max_len=100)),
    **{name: RANGE for name in TICKET_RANGES},
    **{f"customField{n}": Param(custom_field) for n in range(1, 11)},
    "sortBy": Param(sort_field("relevance", "modifiedTime", "createdTime", "customerResponseTime")),
}


def custom_fields_match(query: dict[str, Any], ticket: Record) -> bool:
    """`customFieldN=cf_api_name:value`: the ticket's `cf` value under that API name must match."""
    values = ticket.get("cf") or {}
    wanted: list[tuple[str, list[Term]]] = [query[k] for k in query if k.startswith("customField")]
    return all(matches(found, [values.get(name)]) for name, found in wanted)


def ticket_search_row(org: OrgData, ticket: Record) -> Record:
    """Search.json's ticket row: the list row plus description, custom fields and the related objects."""
    row = ticket_row(org, ticket, SEARCH_INCLUDES)
    full = public(ticket)
    row.update({k: full.get(k) for k in SEARCH_EXTRAS})
    row["childTicketCount"] = "0"
    agent = org.agents.get(ticket.get("assigneeId") or "")
    row["assignee"] = None if agent is None else {
        "id": agent["id"], "firstName": agent["firstName"], "lastName": agent["lastName"],
        "photoURL": agent["photoURL"], "emailId": agent["emailId"], "zuid": agent["zuid"],
    }
    return row


def matching_tickets(org: OrgData, query: dict[str, Any]) -> list[Record]:
    by_fields = field_filter(query, TICKET_GETTERS, org)
    by_ranges = range_filter(query, TICKET_RANGES)
    found = [t for t in org.tickets.values()
             if not t.get("isTrashed") and by_fields(t) and by_ranges(t) and custom_fields_match(query, t)]
    return by_sort(found, query.get("sortBy"))


def search_tickets(call: Call) -> dict[str, Any] | None:
    rows = [ticket_search_row(call.org, t) for t in matching_tickets(call.org, call.query)]
    return answer(rows, call)


# --- contacts ----------------------------------------------------------------------------------------------
def full_name(_org: OrgData, contact: Record) -> list[object]:
    return [" ".join(p for p in (contact.get("firstName"), contact.get("lastName")) if p)]


def all_contact_text(org: OrgData, contact: Record) -> list[object]:
    own = [contact.get(k) for k in ("firstName", "lastName", "email", "secondaryEmail", "phone", "mobile",
                                    "title", "type", "city", "state", "country", "description")]
    return [*own, *full_name(org, contact), *(contact.get("cf") or {}).values()]


CONTACT_GETTERS: dict[str, Getter] = {
    "id": field("id"), "email": field("email"), "phone": field("phone"), "firstName": field("firstName"),
    "lastName": field("lastName"), "fullName": full_name, "accountName": account_name,
    "_all": all_contact_text,
}
CONTACT_RANGES = {"createdTimeRange": "createdTime", "modifiedTimeRange": "modifiedTime"}
CONTACT_QUERY: dict[str, Param] = {
    **PAGING,
    "id": Param(IDS),
    "email": Param(terms(wildcard=True, empty_check=True)),
    "phone": Param(terms(wildcard=True, empty_check=True)),
    "firstName": Param(terms(wildcard=True, empty_check=True, max_len=40)),
    "lastName": Param(terms(wildcard=True, max_len=200)),
    "fullName": Param(terms(wildcard=True, max_len=200)),
    "accountName": Param(terms(wildcard=True, empty_check=True, max_len=200)),
    "_all": Param(terms(wildcard=True, max_len=100)),
    **{name: RANGE for name in CONTACT_RANGES},
    "sortBy": Param(sort_field("relevance", "modifiedTime", "createdTime", "lastName", "firstName")),
}


def matching_contacts(org: OrgData, query: dict[str, Any]) -> list[Record]:
    by_fields = field_filter(query, CONTACT_GETTERS, org)
    by_ranges = range_filter(query, CONTACT_RANGES)
    found = [c for c in live_contacts(org) if by_fields(c) and by_ranges(c)]
    return by_sort(found, query.get("sortBy"))


def search_contacts(call: Call) -> dict[str, Any] | None:
    rows = [contact_search_row(call.org, c) for c in matching_contacts(call.org, call.query)]
    return answer(rows, call)


# --- across modules ----------------------------------------------------------------------------------------
MODULES = ("tickets", "contacts", "accounts", "tasks")
MODULE_SCOPES = {"tickets": "Desk.tickets.READ", "contacts": "Desk.contacts.READ",
                 "accounts": "Desk.contacts.READ", "tasks": "Desk.tasks.READ"}


def granted(call: Call, needed: str) -> bool:
    """Whether the token holds `needed` or its family's `.ALL` (case-insensitive, like the dispatcher)."""
    family = needed.rpartition(".")[0].lower()
    held = [s.lower() for s in (call.grant.scopes if call.grant else ())]
    return needed.lower() in held or f"{family}.all" in held


def module_rows(call: Call, module: str) -> list[Record]:
    """One module's hits for `searchStr`, each tagged with `module`; tasks do not exist here."""
    query: dict[str, Any] = {"_all": call.query["searchStr"]} if "searchStr" in call.query else {}
    if module == "tickets":
        if "departmentId" in call.query:
            query["departmentId"] = call.query["departmentId"]
        tickets = matching_tickets(call.org, query)
        return [{**ticket_search_row(call.org, t), "module": module} for t in tickets]
    if module == "contacts":
        contacts = matching_contacts(call.org, query)
        return [{**contact_search_row(call.org, c), "module": module} for c in contacts]
    if module == "accounts":
        from .accounts import account_search_row, matching_accounts  # accounts builds on this module

        return [{**account_search_row(call.org, a), "module": module} for a in matching_accounts(call.org, query)]
    return []


def search_all(call: Call) -> dict[str, Any] | None:
    module = call.query.get("module")
    if module is not None and not granted(call, MODULE_SCOPES[module]):
        raise scope_mismatch(MODULE_SCOPES[module])
    searched = [module] if module else [m for m in MODULES if granted(call, MODULE_SCOPES[m])]
    hits = {m: module_rows(call, m) for m in searched}
    rows = by_sort([row for m in searched for row in hits[m]], call.query.get("sortBy"))
    start = int(call.query.get("from", 0))
    shown = rows[start : start + int(call.query.get("limit", DEFAULT_LIMIT))]
    if not shown:
        return None
    count: Any = len(rows) if module else {m: len(hits[m]) for m in searched}
    return {"data": shown, "count": count}


SEARCH_ALL_QUERY: dict[str, Param] = {
    **PAGING,
    "searchStr": Param(terms(wildcard=True, max_len=100)),
    "module": Param(one_of(*MODULES)),
    "departmentId": Param(IDS),
    "sortBy": Param(sort_field("relevance", "modifiedTime")),
}

ENDPOINTS = [
    Endpoint("GET", "/api/v1/tickets/search", search_tickets,
             scopes("Desk.tickets.READ", "Desk.search.READ"), query=TICKET_QUERY, weight="list"),
    Endpoint("GET", "/api/v1/contacts/search", search_contacts,
             scopes("Desk.contacts.READ", "Desk.search.READ"), query=CONTACT_QUERY, weight="list"),
    Endpoint("GET", "/api/v1/search", search_all,
             scopes(("Desk.tickets.READ", "Desk.contacts.READ", "Desk.tasks.READ"), "Desk.search.READ"),
             query=SEARCH_ALL_QUERY, weight="list"),
]
