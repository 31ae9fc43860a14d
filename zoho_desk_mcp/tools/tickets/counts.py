"""get_ticket_counts: how many tickets per status, assignee, department, priority or channel, in one tool call.

Counts cover every ticket outside the trash and spam, Closed included. Status, priority and channel come from
Zoho's `ticketsCountByFieldValues` (one call). Assignees and departments, and anything within a view, are
counted from a scan of the ticket list (a few cheap pages); a portal too big to scan is counted with one
`ticketsCount` per agent or department instead. Groups with no tickets are left out.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Annotated, Literal

from mcp.types import CallToolResult

from ...client import Choice, Portal, Ticket
from ...client.tickets import MAX_LIMIT
from ..kit.args import Organization, opt
from ..kit.context import Ctx, DeskServices, services
from ..kit.output import Ref, Slim, answer
from ..kit.pickers import OrgId
from ..kit.registry import desk_tool
from ..kit.vocabulary import TICKET_VALUES
from .portal_meta import view_choice

GroupBy = Literal["status", "assignee", "department", "priority", "channel"]
MAX_SCAN_PAGES = 50  # 5,000 tickets: beyond, assignees and departments are counted one count call each
CONCURRENCY = 4
NONE_KEY = "none"
FIELDS = ["status", "priority", "channel", "assigneeId", "departmentId"]


class CountRow(Slim):
    key: str
    name: str
    count: int


class TicketCounts(Slim):
    group_by: str
    department: Ref | None = None
    view: Ref | None = None
    counts: list[CountRow]
    total: int
    note: str | None = None


def display(field: str, value: str | None) -> str:
    """A status, priority or channel as Zoho shows it on tickets (`on hold` → `On Hold`)."""
    if value is None or not value.strip():
        return NONE_KEY
    known = {v.casefold(): v for v in TICKET_VALUES.get(field, ())}
    return known.get(value.casefold(), value)


def named_rows(counted: Counter[str], names: dict[str, str]) -> list[CountRow]:
    rows = [CountRow(key=k, name=names.get(k, "(none)" if k == NONE_KEY else k), count=n) for k, n in counted.items()]
    return sorted((r for r in rows if r.count), key=lambda r: (-r.count, r.name.casefold()))


async def by_field(portal: Portal, group_by: str, department_id: str | None) -> Counter[str]:
    counts = await portal.ticket_counts.by_field([group_by], department_ids=[department_id] if department_id else None)
    counted: Counter[str] = Counter()
    for row in getattr(counts, group_by) or []:
        counted[display(group_by, row.value)] += row.count
    return counted


def key_of(group_by: str, ticket: Ticket) -> str:
    if group_by == "assignee":
        return ticket.assignee_id or NONE_KEY
    if group_by == "department":
        return ticket.department_id or NONE_KEY
    return display(group_by, getattr(ticket, group_by))


async def scan(
    portal: Portal, group_by: str, department_id: str | None, view_id: str | None
) -> tuple[Counter[str], bool]:
    """Counts from the ticket list (only the grouping fields asked for); True when it stopped at the cap."""
    params = {"departmentId": department_id, "viewId": view_id, "fields": FIELDS}
    counted: Counter[str] = Counter()
    for page in range(MAX_SCAN_PAGES):
        rows = await portal.tickets.page(start=page * MAX_LIMIT, limit=MAX_LIMIT, **params)
        counted.update(key_of(group_by, t) for t in rows)
        if len(rows) < MAX_LIMIT:
            return counted, False
    return counted, True


async def per_group(
    portal: Portal, group_by: str, department_id: str | None, groups: list[Choice]
) -> Counter[str]:
    """One `ticketsCount` per agent or department (for portals too big to scan), unassigned by difference."""
    gate = asyncio.Semaphore(CONCURRENCY)
    scope = [department_id] if department_id else None

    async def count(group_id: str | None) -> int:
        async with gate:
            if group_by == "department":
                return await portal.ticket_counts.total(department_ids=[group_id] if group_id else None)
            return await portal.ticket_counts.total(assignee_ids=[group_id] if group_id else None, department_ids=scope)

    if group_by == "department":
        groups = [g for g in groups if department_id in (None, g.id)]
    found = await asyncio.gather(*(count(g.id) for g in groups))
    counted = Counter({g.id: n for g, n in zip(groups, found, strict=True)})
    if group_by == "assignee":
        counted[NONE_KEY] = await count(None) - sum(found)
    return counted


async def names_for(svc: DeskServices, org_id: str, group_by: str) -> dict[str, str]:
    if group_by == "assignee":
        return {c.id: c.name for c in await svc.resolver.choices("agents", org_id)} | {NONE_KEY: "Unassigned"}
    if group_by == "department":
        return {c.id: c.name for c in await svc.resolver.choices("departments", org_id)}
    return {}


@desk_tool(
    name="get_ticket_counts",
    title="Count tickets",
    toolset="tickets",
    read_only=True,
    idempotent=True,
    scopes=[("Desk.tickets.READ", "Desk.tickets.ALL"), "Desk.search.READ"],
)
async def get_ticket_counts(
    ctx: Ctx,
    *,
    organization: Organization = None,
    org_id: OrgId,
    groupBy: GroupBy,
    department: Annotated[str | None, opt()] = None,
    view: Annotated[str | None, opt()] = None,
) -> CallToolResult:
    """Count tickets (Closed included; not spam) per group. Open tickets per agent: groupBy assignee, view Open
    Tickets."""
    svc = services(ctx)
    portal = svc.client.org(org_id)
    chosen_department = await svc.resolver.department_choice(org_id, department) if department else None
    department_id = chosen_department.id if chosen_department else None
    chosen_view = await view_choice(svc, org_id, view) if view else None
    note = None
    if chosen_view is None and groupBy in ("status", "priority", "channel"):
        counted = await by_field(portal, groupBy, department_id)
    else:
        counted, capped = await scan(portal, groupBy, department_id, chosen_view.id if chosen_view else None)
        if capped and chosen_view is None:
            kind = "agents" if groupBy == "assignee" else "departments"
            counted = await per_group(portal, groupBy, department_id, await svc.resolver.choices(kind, org_id))
        elif capped:
            note = f"Counted the first {MAX_SCAN_PAGES * MAX_LIMIT} tickets of the view only."
    names = await names_for(svc, org_id, groupBy)
    rows = named_rows(counted, names)
    return answer(
        TicketCounts(
            group_by=groupBy,
            department=Ref(id=chosen_department.id, name=chosen_department.name) if chosen_department else None,
            view=Ref(id=chosen_view.id, name=chosen_view.name) if chosen_view else None,
            counts=rows,
            total=sum(r.count for r in rows),
            note=note,
        )
    )
