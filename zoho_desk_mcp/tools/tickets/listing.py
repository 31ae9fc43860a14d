"""list_tickets: a page of slim ticket rows, filtered by department, team, assignee, status and age."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context
from mcp.types import CallToolResult
from pydantic import Field

from ..kit.args import MultiValue, Organization, from_alias, opt
from ..kit.context import services
from ..kit.output import answer
from ..kit.pickers import OrgId
from ..kit.registry import desk_tool
from .models import TicketList, fit, row
from .query import build_query, fetch_page

ROWS_BUDGET = 25_000  # bytes of compact JSON for the rows: a 100-row page stays under 25 KB


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
    ctx: Context[Any, Any],
    *,
    organization: Organization = None,
    org_id: OrgId,
    from_: Annotated[int, Field(alias="from", ge=1, le=10_000, description="1-based position of the first row")] = 1,
    limit: Annotated[int, Field(ge=1, le=100, description="Rows per page (1-100, default 25)")] = 25,
    departments: Annotated[MultiValue, opt("Departments by name or ID (default: all)")] = None,
    teams: Annotated[MultiValue, opt("Teams by name or ID")] = None,
    assignee: Annotated[MultiValue, opt("Agents by e-mail, name or ID, or Unassigned")] = None,
    channel: Annotated[MultiValue, opt("Channels: Email, Phone, Web, Chat, ...")] = None,
    status: Annotated[MultiValue, opt("Open, On Hold, Escalated, Closed")] = None,
    priority: Annotated[MultiValue, opt("High, Medium, Low")] = None,
    sortBy: Annotated[
        Literal["createdTime", "dueDate", "recentThread", "responseDueDate", "customerResponseTime", "ticketNumber"]
        | None,
        opt("Sort field (default: newest first)"),
    ] = None,
    sortOrder: Annotated[Literal["asc", "desc"] | None, opt("asc (default with sortBy) or desc")] = None,
    receivedInDays: Annotated[
        int | None, Field(default=None, ge=1, description="Only tickets created in the last N days")
    ] = None,
    include: Annotated[MultiValue, opt("Also name the team and/or product per row: team, products")] = None,
    fields: Annotated[MultiValue, opt("Extra Zoho fields per row, e.g. category, email, cf_order_id")] = None,
) -> CallToolResult:
    """List tickets, newest first unless sortBy/sortOrder say otherwise, filtered by department, team,
    assignee (or Unassigned), channel, status, priority and age in days. Page with from/limit (use nextFrom)."""
    svc = services(ctx)
    args = {**locals(), "from": from_}
    query = await build_query(svc, org_id, args, datetime.now(timezone.utc))
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
