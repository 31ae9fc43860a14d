"""Accounts (Account.json, Search.json): list, get, statistics, an account's tickets and contacts, and search.

Zoho's bounds differ per endpoint and are kept as Account.json states them: `GET /accounts` and
`GET /accounts/{id}/tickets` count `from` from 1 (minimum 1, default 1) with `limit` 1-99; an account's contacts
take `from` from 0 and `limit` 1-99; search is like every search (`from` 0-999, `limit` 1-100, with `count`).
An account's tickets are those whose `accountId` is the account (a ticket takes its contact's account).
"""

from __future__ import annotations

from typing import Any

from ..errors import url_not_found
from ..routing import Call, Endpoint, Param, boolean, csv_of, int_range, one_of, record_id, scopes, sort_field
from ..store import OrgData, Record
from .contact_history import ticket_query, ticket_rows, ticket_statistics
from .contacts import contact_row, live_contacts, sort_contacts
from .search import IDS, PAGING, RANGE, Getter, answer, field_filter, range_filter
from .search_terms import terms, time_key
from .ticket_views import LIST_INCLUDES, public

READ = scopes("Desk.contacts.READ")
TICKETS_READ = scopes("Desk.tickets.READ", "Desk.search.READ")  # Account.json's getTicketsByAccount
SEARCH = scopes("Desk.contacts.READ", "Desk.search.READ")
LIST_ROW_FIELDS = ("id", "accountName", "website", "phone", "email", "webUrl", "createdTime", "zohoCRMAccount",
                   "customerHappiness")
LIST_SORTS = ("website", "email", "phone", "accountName", "createdTime", "modifiedTime")
CONTACT_SORTS = ("firstName", "lastName", "phone", "fullName", "email", "createdTime", "modifiedTime")
ONE_BASED = {"from": Param(int_range(1, 10_000_000)), "limit": Param(int_range(1, 99))}
DEFAULT_LIMIT = 10


def live_account(org: OrgData, account_id: str) -> Record:
    """An account that exists and is not in the trash (404 URL_NOT_FOUND otherwise)."""
    record = org.accounts.get(account_id)
    if record is None or record.get("isTrashed"):
        raise url_not_found()
    return record


def live_accounts(org: OrgData) -> list[Record]:
    return [a for a in org.accounts.values() if not a.get("isTrashed")]


def owner_of(org: OrgData, account: Record, *, search_shape: bool = False) -> Record | None:
    agent = org.agents.get(account.get("ownerId") or "")
    if agent is None:
        return None
    owner: Record = {"id": agent["id"], "firstName": agent["firstName"], "lastName": agent["lastName"]}
    if search_shape:
        owner.update({"photoURL": agent["photoURL"], "emailId": agent["emailId"], "zuid": agent["zuid"]})
    return owner


def by_text(rows: list[Record], field: str, descending: bool) -> list[Record]:
    """Sort on a field; times as times, text case-insensitively; records without a value go last."""
    if field in ("createdTime", "modifiedTime"):
        return sorted(rows, key=lambda r: time_key(r.get(field)), reverse=descending)
    filled = [r for r in rows if r.get(field)]
    ordered = sorted(filled, key=lambda r: str(r[field]).lower(), reverse=descending)
    return ordered + [r for r in rows if not r.get(field)]


def contacts_of(org: OrgData, account_id: str) -> list[Record]:
    return [c for c in live_contacts(org) if c.get("accountId") == account_id]


def tickets_of(org: OrgData, account_id: str) -> list[Record]:
    return [t for t in org.tickets.values() if t.get("accountId") == account_id and not t.get("isTrashed")]


# --- handlers -----------------------------------------------------------------------------------------------
def list_accounts(call: Call) -> dict[str, Any] | None:
    rows = live_accounts(call.org)
    if "sortBy" in call.query:
        rows = by_text(rows, *call.query["sortBy"])
    start = int(call.query.get("from", 1)) - 1
    shown = rows[start : start + int(call.query.get("limit", DEFAULT_LIMIT))]
    return {"data": [{k: a.get(k) for k in LIST_ROW_FIELDS} for a in shown]} if shown else None


def get_account(call: Call) -> Record:
    record = live_account(call.org, call.path["accountId"])
    detail = {k: v for k, v in public(record).items() if k != "customerHappiness"}
    if "owner" in call.query.get("include", []):
        detail["owner"] = owner_of(call.org, record)
    return detail


def account_statistics(call: Call) -> Record:
    record = live_account(call.org, call.path["accountId"])
    tickets = tickets_of(call.org, record["id"])
    if "departmentId" in call.query:
        tickets = [t for t in tickets if t.get("departmentId") == call.query["departmentId"]]
    return ticket_statistics(tickets)


def account_tickets(call: Call) -> dict[str, Any] | None:
    record = live_account(call.org, call.path["accountId"])
    return ticket_rows(call, tickets_of(call.org, record["id"]), int(call.query.get("from", 1)) - 1, DEFAULT_LIMIT)


def account_contacts(call: Call) -> dict[str, Any] | None:
    record = live_account(call.org, call.path["accountId"])
    spam = bool(call.query.get("isSpam", False))
    rows = [c for c in contacts_of(call.org, record["id"]) if bool(c.get("isSpam")) == spam]
    if "sortBy" in call.query:
        field, descending = call.query["sortBy"]
        rows = by_full_name(rows, descending) if field == "fullName" else sort_contacts(rows, field, descending)
    start = int(call.query.get("from", 0))
    shown = rows[start : start + int(call.query.get("limit", DEFAULT_LIMIT))]
    mapping = {"mappingType": "PRIMARY", "isAccountTicketsViewable": True}
    data = [{**contact_row(call.org, c, [], None), "mappingInfo": {"mappingId": c["id"], **mapping}} for c in shown]
    return {"data": data} if data else None


def by_full_name(rows: list[Record], descending: bool) -> list[Record]:
    def name(contact: Record) -> str:
        return " ".join(p for p in (contact.get("firstName"), contact.get("lastName")) if p).lower()

    return sorted(rows, key=name, reverse=descending)


# --- search -------------------------------------------------------------------------------------------------
def all_account_text(_org: OrgData, account: Record) -> list[object]:
    own = [account.get(k) for k in ("accountName", "website", "phone", "email", "industry", "city", "country",
                                    "description", "code")]
    return [*own, *(account.get("cf") or {}).values()]


ACCOUNT_GETTERS: dict[str, Getter] = {
    "id": lambda _org, a: [a.get("id")],
    "accountName": lambda _org, a: [a.get("accountName")],
    "_all": all_account_text,
}
ACCOUNT_RANGES = {"createdTimeRange": "createdTime", "modifiedTimeRange": "modifiedTime"}
SEARCH_QUERY: dict[str, Param] = {
    **PAGING,
    "id": Param(IDS),
    "accountName": Param(terms(wildcard=True, empty_check=True, max_len=200)),
    "_all": Param(terms(wildcard=True, max_len=100)),
    **{name: RANGE for name in ACCOUNT_RANGES},
    "sortBy": Param(sort_field("relevance", "modifiedTime", "createdTime", "accountName")),
}


def matching_accounts(org: OrgData, query: dict[str, Any]) -> list[Record]:
    """Accounts matching every given search parameter; `relevance` = most recently modified first."""
    by_fields = field_filter(query, ACCOUNT_GETTERS, org)
    by_ranges = range_filter(query, ACCOUNT_RANGES)
    found = [a for a in live_accounts(org) if by_fields(a) and by_ranges(a)]
    name, descending = query.get("sortBy") or ("relevance", False)
    if name == "relevance":
        return by_text(found, "modifiedTime", not descending)
    return by_text(found, name, descending)


def account_search_row(org: OrgData, account: Record) -> Record:
    row = {k: v for k, v in public(account).items() if k != "customerHappiness"}
    return {**row, "owner": owner_of(org, account, search_shape=True)}


def search_accounts(call: Call) -> dict[str, Any] | None:
    return answer([account_search_row(call.org, a) for a in matching_accounts(call.org, call.query)], call)


ENDPOINTS = [
    Endpoint("GET", "/api/v1/accounts", list_accounts, READ,
             query={**ONE_BASED, "sortBy": Param(sort_field(*LIST_SORTS))}, weight="list"),
    Endpoint("GET", "/api/v1/accounts/search", search_accounts, SEARCH, query=SEARCH_QUERY, weight="list"),
    Endpoint("GET", "/api/v1/accounts/{accountId}", get_account, READ,
             query={"include": Param(csv_of(one_of("owner")))}),
    Endpoint("GET", "/api/v1/accounts/{accountId}/statistics", account_statistics, READ,
             query={"departmentId": Param(record_id)}),
    Endpoint("GET", "/api/v1/accounts/{accountId}/tickets", account_tickets, TICKETS_READ,
             query=ticket_query(LIST_INCLUDES, ONE_BASED), weight="list"),
    Endpoint("GET", "/api/v1/accounts/{accountId}/contacts", account_contacts, READ,
             query={"from": Param(int_range(0, 10_000_000)), "limit": Param(int_range(1, 99)),
                    "sortBy": Param(sort_field(*CONTACT_SORTS)), "isSpam": Param(boolean)}, weight="list"),
]
