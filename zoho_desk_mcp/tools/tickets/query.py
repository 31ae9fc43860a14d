"""list_tickets' query: names to Zoho's filter IDs, sortOrder to the `-` prefix, exact receivedInDays and statuses.

Zoho's status filter also matches a status *type*: `status=Open` brings Escalated tickets too. Asked for Open
without Escalated, the rows are filtered to exactly the statuses asked for, as below for days.

Zoho's `receivedInDays` takes only 15, 30 or 90. Any other number of days is honoured exactly: the next larger
native window is asked for (none beyond 90) and rows are filtered on `createdTime`. Positions (`from`) then
count filtered rows, so a page is found by scanning from Zoho's first row, at most MAX_SCAN_PAGES pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Literal, get_args

from ...client import Portal, Ticket
from ...client.tickets import MAX_LIMIT
from ..kit.args import values
from ..kit.context import DeskServices
from ..kit.errors import InputError
from .fields import CHOICES, INCLUDES, allowed, allowed_list

NATIVE_DAYS = (15, 30, 90)
SortField = Literal["createdTime", "dueDate", "recentThread", "responseDueDate", "customerResponseTime", "ticketNumber"]
SORT_FIELDS: tuple[str, ...] = get_args(SortField)
ALWAYS_INCLUDE = ("contacts", "assignee", "departments")  # the names a slim row shows, in the same call
ROW_FIELDS = (
    "ticketNumber",
    "subject",
    "status",
    "priority",
    "channel",
    "departmentId",
    "assigneeId",
    "contactId",
    "teamId",
    "productId",
    "createdTime",
    "dueDate",
)
MAX_FIELDS = 30
TYPE_WIDENED = {"Open", "Escalated"}  # Zoho's status filter matches a status type too: `Open` brings Escalated
MAX_SCAN_PAGES = 10


@dataclass
class ListQuery:
    """Zoho's query parameters (without from/limit), plus the exact createdTime cutoff when not native."""

    params: dict[str, Any] = field(default_factory=dict)
    since: datetime | None = None
    statuses: frozenset[str] | None = None  # exactly these (Zoho's `Open` also matches Escalated, a type-Open status)
    extra_fields: list[str] = field(default_factory=list)

    def keeps(self, ticket: Ticket) -> bool:
        """Whether a row Zoho returned is one the model asked for (exact day window, exact statuses)."""
        if self.since is not None and created(ticket) < self.since:
            return False
        return self.statuses is None or ticket.status in self.statuses

    @property
    def newest_first(self) -> bool:
        return bool(self.params.get("sortBy", "-createdTime") == "-createdTime")


def sort_param(sort_by: str | None, sort_order: str | None) -> str | None:
    """Zoho has no sortOrder: descending is a `-` before the field. Default: descending (newest, latest first)."""
    if sort_by is None and sort_order is None:
        return None
    name = allowed(sort_by or "createdTime", SORT_FIELDS, "sortBy")
    order = allowed(sort_order or "desc", ("asc", "desc"), "sortOrder")  # newest or latest first by default
    return f"-{name}" if order == "desc" else name


def received_window(days: int | None, now: datetime) -> tuple[str | None, datetime | None]:
    """(Zoho's receivedInDays value, our exact createdTime cutoff) for a number of days."""
    if days is None:
        return None, None
    if days < 1:
        raise InputError("receivedInDays must be a positive number of days")
    if days in NATIVE_DAYS:
        return str(days), None
    larger = next((n for n in NATIVE_DAYS if n > days), None)
    try:
        since = now - timedelta(days=days)
    except OverflowError:  # further back than any date: every ticket qualifies
        return (str(larger) if larger else None), None
    return (str(larger) if larger else None), since


def field_list(fields: list[str]) -> tuple[list[str], list[str]]:
    """(Zoho's `fields` value: what a row needs plus the extras, the extras alone)."""
    extra = [f for f in fields if f not in ROW_FIELDS and f != "id"]
    if len(ROW_FIELDS) + len(extra) > MAX_FIELDS:
        raise InputError(f"fields takes at most {MAX_FIELDS - len(ROW_FIELDS)} extra field names")
    return [*ROW_FIELDS, *extra], extra


async def ids_of(svc: DeskServices, org_id: str, kind: str, given: list[str]) -> list[str]:
    resolve = {"departments": svc.resolver.department, "teams": svc.resolver.team, "agents": svc.resolver.agent}
    return [await resolve[kind](org_id, value) for value in given]


async def build_query(svc: DeskServices, org_id: str, args: Mapping[str, Any], now: datetime) -> ListQuery:
    query = ListQuery()
    params = query.params
    departments = await ids_of(svc, org_id, "departments", values(args.get("departments")))
    if len(departments) == 1:
        params["departmentId"] = departments[0]
    elif departments:
        params["departmentIds"] = departments
    teams = await ids_of(svc, org_id, "teams", values(args.get("teams")))
    if teams:
        params["teamIds"] = teams
    assignees = values(args.get("assignee"))
    if assignees:
        named = [a for a in assignees if a.casefold() != "unassigned"]
        params["assignee"] = (["Unassigned"] if len(named) < len(assignees) else []) + await ids_of(
            svc, org_id, "agents", named
        )
    for name in ("channel", "status", "priority"):
        chosen = allowed_list(args.get(name), CHOICES[name], name)
        if chosen:
            params[name] = chosen
    if "status" in params and not set(params["status"]) >= TYPE_WIDENED:
        query.statuses = frozenset(params["status"])
    params["sortBy"] = sort_param(args.get("sortBy"), args.get("sortOrder"))
    params["receivedInDays"], query.since = received_window(args.get("receivedInDays"), now)
    params["include"] = list(
        dict.fromkeys([*ALWAYS_INCLUDE, *(allowed(i, INCLUDES, "include") for i in values(args.get("include")))])
    )
    fields = values(args.get("fields"))
    if fields:
        params["fields"], query.extra_fields = field_list(fields)
    query.params = {k: v for k, v in params.items() if v is not None}
    return query


@dataclass
class Page:
    tickets: list[Ticket]
    has_more: bool
    note: str | None = None


async def fetch_page(portal: Portal, query: ListQuery, start: int, limit: int) -> Page:
    """Rows `start`..`start+limit` (0-based) of the query, and whether more follow."""
    if query.since is None and query.statuses is None:
        want = limit + 1 if limit < MAX_LIMIT else limit  # one extra row tells whether more follow
        rows = await portal.tickets.page(start=start, limit=want, **query.params)
        more = len(rows) > limit if limit < MAX_LIMIT else len(rows) == limit
        return Page(rows[:limit], more)
    return await scan(portal, query, start, limit)


async def scan(portal: Portal, query: ListQuery, start: int, limit: int) -> Page:
    """Filter Zoho's rows page by page (exact day window, exact statuses); stop at enough rows, the end, or
    (newest first) the day cutoff."""
    matched: list[Ticket] = []
    for page_number in range(MAX_SCAN_PAGES):
        rows = await portal.tickets.page(start=page_number * MAX_LIMIT, limit=MAX_LIMIT, **query.params)
        matched.extend(t for t in rows if query.keeps(t))
        cutoff = query.since
        past_cutoff = cutoff is not None and query.newest_first and any(created(t) < cutoff for t in rows)
        if len(matched) > start + limit or len(rows) < MAX_LIMIT or past_cutoff:
            return Page(matched[start : start + limit], len(matched) > start + limit)
    note = (
        f"Only the first {MAX_SCAN_PAGES * MAX_LIMIT} tickets Zoho matched were scanned for the exact day range "
        "or statuses; narrow the filters (or use receivedInDays 15, 30 or 90) to see the rest."
    )
    return Page(matched[start : start + limit], True, note)


def created(ticket: Ticket) -> datetime:
    if not ticket.created_time:
        return datetime.min.replace(tzinfo=timezone.utc)
    return datetime.fromisoformat(ticket.created_time.replace("Z", "+00:00"))
