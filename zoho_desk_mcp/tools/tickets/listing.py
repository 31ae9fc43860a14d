"""list_tickets: a page of slim ticket rows, filtered by department, team, assignee, status and age."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated, Literal

from mcp.types import CallToolResult
from pydantic import Field

from ..kit.args import MultiValue, Organization, from_alias, many_of, opt, page_from, page_limit
from ..kit.context import Ctx, services
from ..kit.output import answer
from ..kit.pickers import OrgId
from ..kit.registry import desk_tool
from . import arguments as a
from .models import TicketList, fit, row
from .portal_meta import view_choice
from .query import SortField, build_query, fetch_page

ROWS_BUDGET = 25_000  # bytes of compact JSON for the rows; the whole 100-row answer stays under 26 KB


@desk_tool(
    name="list_tickets",
    title="List tickets",
    toolset="tickets",
    read_only=True,
    idempotent=True,
    scopes=[("Desk.tickets.READ", "Desk.tickets.ALL")],
)
@from_alias
async def list_tickets(
    ctx: Ctx,
    *,
    organization: Organization = None,
    org_id: OrgId,
    from_: Annotated[int, page_from()] = 1,
    limit: Annotated[int, page_limit()] = 25,
    departments: Annotated[MultiValue, opt("Default: all")] = None,
    teams: MultiValue = None,
    assignee: Annotated[MultiValue, opt("Agents, me, or Unassigned")] = None,
    channel: a.Channels = None,
    status: a.Statuses = None,
    priority: a.Priorities = None,
    sortBy: Annotated[
        SortField | None,
        opt(),
    ] = None,
    sortOrder: Annotated[Literal["asc", "desc"] | None, opt("Default desc")] = None,
    receivedInDays: Annotated[int | None, Field(default=None, ge=1, description="Created in the last N days")] = None,
    include: Annotated[MultiValue, many_of(("team", "products"), "Name the team, product per row")] = None,
    fields: Annotated[MultiValue, opt("Extra fields per row, e.g. category, cf_plan")] = None,
    view: Annotated[str | None, opt("View name or ID")] = None,
) -> CallToolResult:
    """List tickets, newest first, filtered by department, team, assignee, channel, status, priority and age."""
    svc = services(ctx)
    args = {
        "departments": departments, "teams": teams, "assignee": assignee, "channel": channel, "status": status,
        "priority": priority, "sortBy": sortBy, "sortOrder": sortOrder, "receivedInDays": receivedInDays,
        "include": include, "fields": fields,
    }  # fmt: skip
    query = await build_query(svc, org_id, args, datetime.now(timezone.utc))
    if view:
        query.params["viewId"] = (await view_choice(svc, org_id, view)).id
    page = await fetch_page(svc.client.org(org_id), query, from_ - 1, limit)
    rows = [row(t, query.extra_fields) for t in page.tickets]
    notes = [n for n in (page.note, fit(rows, ROWS_BUDGET)) if n]
    return answer(
        TicketList.model_validate(
            {
                "tickets": rows,
                "count": len(rows),
                "from": from_,
                "limit": limit,
                "hasMore": page.has_more,
                "nextFrom": from_ + len(rows) if page.has_more else None,
                "note": " ".join(notes) or None,
            }
        )
    )
