"""Ticket counts: `ticketsCount`, `ticketsCountByFieldValues`, `ticketQueueView/count` and `agentsTicketsCount`.

The first two are in Zoho's TicketCount.json (upstream zoho/zohodesk-oas, not among our copied files), the
others in Ticket.json. Every count covers the tickets not in the trash and not marked as spam (Closed
included), except the `spam` figure, which counts the spam. Count calls cost 50 credits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from .. import views
from ..errors import invalid_query_param
from ..routing import Call, Endpoint, Param, csv_of, one_of, record_id, scopes, text, time_range
from ..store import OrgData, Record, parse_iso

Test = Callable[[Record], bool]
BY_FIELD = ("statusType", "status", "priority", "channel", "spam", "overDue", "escalated")
STATUS_TYPE_VALUES = {"Open": "OPEN", "On Hold": "ONHOLD", "Closed": "CLOSED"}
MAX_AGENTS = 50
FILTERS: dict[str, Param] = {
    "contactId": Param(csv_of(record_id)),
    "departmentId": Param(csv_of(record_id, 20)),
    "createdTimeRange": Param(time_range),
    "modifiedTimeRange": Param(time_range),
    "category": Param(csv_of(text(1, 300))),
    "assigneeId": Param(csv_of(record_id)),
    **{f"customField{i}": Param(text(3, 300)) for i in (1, 2, 3)},
}
BY_FIELD_QUERY = {**FILTERS, "accountId": Param(csv_of(record_id)), "field": Param(csv_of(one_of(*BY_FIELD)), True)}
QUEUE_QUERY = {
    "viewId": Param(record_id, True), "departmentId": Param(record_id, True), "agentId": Param(record_id),
}
AGENTS_QUERY = {"agentIds": Param(csv_of(record_id, MAX_AGENTS), True), "departmentId": Param(record_id, True)}


def filters(call: Call) -> list[Test]:
    """The TicketCount.json filters in the query, as tests on a ticket."""
    query, org = call.query, call.org
    tests: list[Test] = []
    for name in ("contactId", "assigneeId", "category", "accountId"):
        if name in query:
            tests.append(value_in(name, set(query[name])))
    if "departmentId" in query:
        departments = set(query["departmentId"])
        if any(d not in org.departments for d in departments):
            raise invalid_query_param("departmentId")
        tests.append(lambda t: t.get("departmentId") in departments)
    for name, key in (("createdTimeRange", "createdTime"), ("modifiedTimeRange", "modifiedTime")):
        if name in query:
            tests.append(within(key, *query[name]))
    for i in (1, 2, 3):
        if f"customField{i}" in query:
            tests.append(custom_field_test(f"customField{i}", query[f"customField{i}"]))
    return tests


def value_in(key: str, wanted: set[str]) -> Test:
    return lambda ticket: ticket.get(key) in wanted


def within(key: str, low: float, high: float) -> Test:
    return lambda ticket: ticket.get(key) is not None and low <= parse_iso(ticket[key]) <= high


def custom_field_test(name: str, value: str) -> Test:
    """`cf_api_name:value`, exact and case-insensitive."""
    api_name, sep, wanted = value.partition(":")
    if not sep or not api_name.startswith("cf_"):
        raise invalid_query_param(name)
    return lambda t: str((t.get("cf") or {}).get(api_name) or "").lower() == wanted.lower()


def chosen(org: OrgData, tests: list[Test], *, spam: bool = False) -> list[Record]:
    return [
        t for t in org.tickets.values()
        if not t.get("isTrashed") and bool(t.get("isSpam")) == spam and all(test(t) for test in tests)
    ]


def tickets_count(call: Call) -> dict[str, Any]:
    return {"count": len(chosen(call.org, filters(call)))}


def buckets(tickets: list[Record], key: Callable[[Record], str | None]) -> list[dict[str, Any]]:
    """`[{value, count}]`, largest first; counts are strings, as in Zoho's example."""
    counted = Counter(key(t) for t in tickets)
    ordered = sorted(counted.items(), key=lambda item: (-item[1], item[0] or ""))
    return [{"value": value, "count": str(count)} for value, count in ordered]


def lower(name: str) -> Callable[[Record], str | None]:
    """Zoho's example answers spell values in lower case (`open`, `high`, `twitter`)."""
    return lambda t: None if t.get(name) is None else str(t[name]).lower()


def by_field_values(call: Call) -> dict[str, Any]:
    tests = filters(call)
    live, now = chosen(call.org, tests), call.now
    answer: dict[str, Any] = {}
    for name in dict.fromkeys(call.query["field"]):
        if name in ("status", "priority", "channel"):
            answer[name] = buckets(live, lower(name))
        elif name == "statusType":
            answer[name] = buckets(live, lambda t: STATUS_TYPE_VALUES.get(t.get("statusType") or "Open"))
        elif name == "spam":
            answer[name] = len(chosen(call.org, tests, spam=True))
        elif name == "escalated":
            answer[name] = sum(1 for t in live if t.get("status") == "Escalated")
        else:
            answer[name] = sum(1 for t in live if views.overdue(t, now))
    return answer


def department_test(org: OrgData, department_id: str) -> Test:
    """One department, or `0` for every department (Zoho's convention on ticket lists)."""
    if department_id == "0":
        return lambda t: True
    if department_id not in org.departments:
        raise invalid_query_param("departmentId")
    return lambda t: t.get("departmentId") == department_id


def queue_view_count(call: Call) -> dict[str, Any]:
    org, query, now = call.org, call.query, call.now
    view = views.view_filter(org, query["viewId"])
    if view is None:
        raise invalid_query_param("viewId")
    tests = [department_test(org, query["departmentId"]), lambda t: view(t, now)]
    if "agentId" in query:
        if query["agentId"] not in org.agents:
            raise invalid_query_param("agentId")
        tests.append(lambda t: t.get("assigneeId") == query["agentId"])
    return {"count": str(len(chosen(org, tests)))}


def agents_tickets_count(call: Call) -> dict[str, Any]:
    """Open, on-hold and overdue tickets per agent (Ticket.json's getAgentsTicketCountResponse)."""
    org, now = call.org, call.now
    agent_ids = list(dict.fromkeys(call.query["agentIds"]))
    if any(a not in org.agents for a in agent_ids):
        raise invalid_query_param("agentIds")
    live = chosen(org, [department_test(org, call.query["departmentId"])])
    rows = []
    for agent_id in agent_ids:
        own = [t for t in live if t.get("assigneeId") == agent_id]
        rows.append({
            "agentId": agent_id,
            "openCount": sum(1 for t in own if t.get("statusType") == "Open"),
            "onholdCount": sum(1 for t in own if t.get("statusType") == "On Hold"),
            "overDueCount": sum(1 for t in own if views.overdue(t, now)),
            "dueIn1HrCount": sum(1 for t in own if due_within(t, now, 3600.0)),
            "isOnline": False,
        })
    return {"data": rows}


def due_within(ticket: Record, now: float, seconds: float) -> bool:
    due = ticket.get("dueDate")
    return due is not None and ticket.get("statusType") != "Closed" and now <= parse_iso(due) <= now + seconds


READ = scopes("Desk.tickets.READ")
SEARCH = scopes("Desk.tickets.READ", "Desk.search.READ")  # TicketCount.json lists both in one requirement

ENDPOINTS = [
    Endpoint("GET", "/api/v1/ticketsCount", tickets_count, SEARCH, query=FILTERS, weight="count"),
    Endpoint(
        "GET", "/api/v1/ticketsCountByFieldValues", by_field_values, SEARCH, query=BY_FIELD_QUERY, weight="count"
    ),
    Endpoint("GET", "/api/v1/ticketQueueView/count", queue_view_count, READ, query=QUEUE_QUERY, weight="count"),
    Endpoint("GET", "/api/v1/agentsTicketsCount", agents_tickets_count, READ, query=AGENTS_QUERY, weight="count"),
]
