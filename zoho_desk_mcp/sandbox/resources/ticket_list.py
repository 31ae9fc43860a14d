"""`GET /tickets`: its query parameters, filters, sort orders and the `fields` projection.

Zoho's OAS lists include, from, limit, departmentId, assignee, teamIds, channel, status, receivedInDays,
dueDate, closedTime and sortBy; its HTML docs add viewId, departmentIds, priority and fields. All are taken.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from .. import records, views
from ..errors import invalid_query_param
from ..routing import Call, Param, csv_of, one_of, page, paging, record_id, sort_field
from ..store import OrgData, Record, Store, parse_iso
from .ticket_views import LIST_INCLUDES, counts, includes, public, ticket_row

DEFAULT_LIMIT = 10  # neither the OAS nor the docs state it; 10 is Zoho's usual list default
DAY = 86_400.0
SORT_FIELDS = (
    "createdTime", "dueDate", "recentThread", "responseDueDate", "customerResponseTime", "ticketNumber",
)
DUE_WINDOWS = ("overdue", "tomorrow", "currentWeek", "currentMonth", "today")
CLOSED_WINDOWS = ("today", "yesterday", "currentWeek", "currentMonth", "last3days", "last7days", "last15days",
                  "last30days")
CUSTOM_FIELD = re.compile(r"^cf_[A-Za-z0-9_]{1,100}$")
Predicate = Callable[[Record], bool]


def _field_names() -> frozenset[str]:
    """Every field a ticket row can carry: what the builder makes, the derived counts and `lastThread`."""
    org = OrgData(org={"id": "0", "portalName": "fields"})
    sample = records.ticket(Store(), org, {}, created=0.0, creator_id=None)
    return frozenset(public(sample)) | frozenset(counts(org, sample["id"])) | {"lastThread"}


FIELD_NAMES = _field_names()


def field_name(value: str) -> str:
    if value not in FIELD_NAMES and not CUSTOM_FIELD.match(value):
        raise ValueError(value)
    return value


def assignee_item(value: str) -> str:
    return value if value == "Unassigned" else record_id(value)


QUERY: dict[str, Param] = {
    **paging(100),
    "include": Param(csv_of(one_of(*LIST_INCLUDES))),
    "viewId": Param(record_id),
    "departmentId": Param(record_id),
    "departmentIds": Param(csv_of(record_id, 20)),
    "teamIds": Param(csv_of(record_id)),
    "assignee": Param(csv_of(assignee_item)),
    "channel": Param(csv_of(one_of(*records.CHANNELS))),
    "status": Param(csv_of(one_of(*records.STATUS_TYPES))),
    "priority": Param(csv_of(one_of(*records.PRIORITIES), 20)),
    "receivedInDays": Param(one_of("15", "30", "90")),
    "dueDate": Param(csv_of(one_of(*DUE_WINDOWS))),
    "closedTime": Param(one_of(*CLOSED_WINDOWS)),
    "fields": Param(csv_of(field_name, 30)),
    "sortBy": Param(sort_field(*SORT_FIELDS)),
}


def list_tickets(call: Call) -> dict[str, Any] | None:
    org, query = call.org, call.query
    tests = predicates(call)
    chosen = [t for t in org.tickets.values() if views.listed(t) and all(test(t) for test in tests)]  # no spam
    field, descending = query.get("sortBy", ("createdTime", True))
    window = page(sort_tickets(org, chosen, field, descending), call, DEFAULT_LIMIT)
    if window is None:
        return None
    wanted = list(query.get("include", []))
    return {"data": [row(org, t, wanted, query.get("fields")) for t in window["data"]]}


def row(org: OrgData, record: Record, wanted: list[str], fields: list[str] | None) -> Record:
    """A list row; with `fields`, only `id` and the named fields (custom ones under `cf`), plus includes."""
    full = ticket_row(org, record, wanted)
    if not fields:
        return full
    source = {**public(record), **full}
    slim: Record = {"id": record["id"]}
    for name in fields:
        if name.startswith("cf_"):
            slim.setdefault("cf", {})[name] = (record.get("cf") or {}).get(name)
        else:
            slim[name] = source.get(name)
    slim.update(includes(org, record, wanted))
    return slim


def predicates(call: Call) -> list[Predicate]:
    query, now = call.query, call.now
    tests: list[Predicate] = []
    departments = department_filter(call.org, query)
    if departments is not None:
        tests.append(lambda t: t.get("departmentId") in departments)
    if "viewId" in query:
        tests.append(view_test(call))
    if "teamIds" in query:
        teams = set(query["teamIds"])
        tests.append(lambda t: t.get("teamId") in teams)
    if "assignee" in query:
        agents = set(query["assignee"])
        tests.append(lambda t: (t.get("assigneeId") or "Unassigned") in agents)
    for name in ("channel", "priority"):
        if name in query:
            tests.append(field_in(name, set(query[name])))
    if "status" in query:
        statuses = set(query["status"])  # a status name, or a status type (Open also matches Escalated)
        tests.append(lambda t: t.get("status") in statuses or t.get("statusType") in statuses)
    if "receivedInDays" in query:
        since = now - int(query["receivedInDays"]) * DAY
        tests.append(lambda t: moment(t.get("customerResponseTime") or t["createdTime"]) >= since)
    if "dueDate" in query:
        windows = [due_window(w, now) for w in query["dueDate"]]
        tests.append(lambda t: any(due_match(t, w, now) for w in windows))
    if "closedTime" in query:
        low, high = closed_window(query["closedTime"], now)
        tests.append(lambda t: t.get("closedTime") is not None and low <= moment(t["closedTime"]) < high)
    return tests


def view_test(call: Call) -> Predicate:
    """`viewId`: one of the organization's views (views.py); an unknown view is 422."""
    view, now = views.view_filter(call.org, call.query["viewId"]), call.now
    if view is None:
        raise invalid_query_param("viewId")
    return lambda ticket: view(ticket, now)


def field_in(name: str, allowed: set[str]) -> Predicate:
    return lambda ticket: ticket.get(name) in allowed


def department_filter(org: OrgData, query: dict[str, Any]) -> set[str] | None:
    """`departmentId` (one; 0 = all) or `departmentIds` (up to 20), never both; unknown IDs are 422."""
    if "departmentId" in query and "departmentIds" in query:
        raise invalid_query_param("departmentIds")
    name = "departmentIds" if "departmentIds" in query else "departmentId"
    raw = query.get(name)
    if raw is None:
        return None
    ids = set(raw if isinstance(raw, list) else [raw])
    if ids <= {"0"}:
        return None
    if any(i != "0" and i not in org.departments for i in ids):
        raise invalid_query_param(name)
    return ids - {"0"}


@functools.lru_cache(maxsize=65_536)
def moment(value: str) -> float:
    """Cached: every list request sorts every ticket on a time (strptime was 40% of a 25-row list's CPU)."""
    return parse_iso(value)


def day_start(now: float) -> float:
    return now - now % DAY


def week_start(now: float) -> float:
    return day_start(now) - datetime.fromtimestamp(now, tz=timezone.utc).weekday() * DAY


def month_range(now: float) -> tuple[float, float]:
    today = datetime.fromtimestamp(now, tz=timezone.utc)
    first = day_start(now) - (today.day - 1) * DAY
    return first, first + calendar.monthrange(today.year, today.month)[1] * DAY


def due_window(name: str, now: float) -> tuple[float, float] | None:
    """The UTC window a `dueDate` value stands for; None for `overdue` (due before now, still open)."""
    today = day_start(now)
    windows = {
        "today": (today, today + DAY),
        "tomorrow": (today + DAY, today + 2 * DAY),
        "currentWeek": (week_start(now), week_start(now) + 7 * DAY),
        "currentMonth": month_range(now),
    }
    return windows.get(name)


def due_match(ticket: Record, window: tuple[float, float] | None, now: float) -> bool:
    due = ticket.get("dueDate")
    if due is None:
        return False
    if window is None:
        return moment(due) < now and ticket.get("statusType") != "Closed"
    return window[0] <= moment(due) < window[1]


def closed_window(name: str, now: float) -> tuple[float, float]:
    today = day_start(now)
    if name.startswith("last"):
        return now - int(name[4:-4]) * DAY, now + 1
    windows = {
        "today": (today, today + DAY),
        "yesterday": (today - DAY, today),
        "currentWeek": (week_start(now), week_start(now) + 7 * DAY),
        "currentMonth": month_range(now),
    }
    return windows[name]


def sort_key(org: OrgData, ticket: Record, field: str) -> float | None:
    if field == "ticketNumber":
        return float(ticket["ticketNumber"])
    if field == "recentThread":
        threads = org.threads.get(ticket["id"])
        value = threads[-1]["createdTime"] if threads else ticket.get("customerResponseTime")
    else:
        value = ticket.get(field)
    return None if value is None else moment(value)


def sort_tickets(org: OrgData, tickets: list[Record], field: str, descending: bool) -> list[Record]:
    """Sorted on `field` (ties by ticket number, same direction); tickets without a value come last."""
    keyed = [(sort_key(org, t, field), int(t["ticketNumber"]), t) for t in tickets]
    present = [k for k in keyed if k[0] is not None]
    missing = [k for k in keyed if k[0] is None]
    present.sort(key=lambda k: (k[0], k[1]), reverse=descending)
    missing.sort(key=lambda k: k[1], reverse=descending)
    return [k[2] for k in present + missing]
