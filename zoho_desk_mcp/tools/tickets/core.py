"""The ticket tools: create_ticket, get_ticket and list_tickets (names, e-mails or IDs in; slim records out)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context
from mcp.types import CallToolResult
from pydantic import Field

from ..kit.args import MultiValue, Organization, from_alias, opt, values
from ..kit.context import services
from ..kit.pickers import DepartmentId, OrgId
from ..kit.registry import ToolSpec, desk_tool
from ..tickets.fields import INCLUDES, allowed, contact_plan, linked_fields, named, plain_fields
from ..tickets.models import (
    CreatedTicket,
    Person,
    Ref,
    TicketDetail,
    TicketList,
    answer,
    detail,
    fit,
    row,
    subject_text,
)
from ..tickets.query import build_query, fetch_page

ROWS_BUDGET = 25_000  # bytes of compact JSON for the rows: a 100-row page stays under 25 KB


@desk_tool(
    name="create_ticket",
    title="Create ticket",
    toolset="tickets",
    read_only=False,
    destructive=False,
    idempotent=False,
    scopes=[("Desk.tickets.CREATE", "Desk.tickets.ALL")],
)
async def create_ticket(
    ctx: Context[Any, Any],
    *,
    organization: Organization = None,
    subject: Annotated[str, Field(min_length=1, max_length=255, description="The ticket's subject line")],
    department: Annotated[str, Field(description="Department that owns the ticket, by name or ID")],
    org_id: OrgId,
    department_id: DepartmentId,
    contact: Annotated[str | None, opt("Name, e-mail or ID; a new e-mail creates the contact")] = None,
    contactEmail: Annotated[str | None, opt("Contact e-mail (found, or created)")] = None,
    product: Annotated[str | None, opt("Product by name or ID")] = None,
    uploads: Annotated[MultiValue, opt("Upload IDs from upload_file, to attach to the ticket")] = None,
    phone: Annotated[str | None, opt("Phone number for this ticket")] = None,
    description: Annotated[str | None, opt("The problem in detail (plain text or HTML)")] = None,
    status: Annotated[str | None, opt("Open (default), On Hold, Escalated or Closed")] = None,
    assignee: Annotated[str | None, opt("Agent by e-mail, name or ID (an agent of the department)")] = None,
    category: Annotated[str | None, opt()] = None,
    subCategory: Annotated[str | None, opt()] = None,
    resolution: Annotated[str | None, opt()] = None,
    dueDate: Annotated[str | None, opt("2025-12-31 (end of day, UTC) or an ISO date-time")] = None,
    priority: Annotated[str | None, opt("High, Medium or Low")] = None,
    language: Annotated[str | None, opt("Language, e.g. English")] = None,
    channel: Annotated[str | None, opt("Email, Phone, Web, Chat, ...")] = None,
    classification: Annotated[str | None, opt("Question, Problem, Request or Others")] = None,
    webUrl: Annotated[str | None, opt()] = None,
    team: Annotated[str | None, opt("Team of the department, by name or ID")] = None,
    secondaryContacts: Annotated[MultiValue, opt("More contacts (names, e-mails or IDs) to keep informed")] = None,
    customFields: Annotated[dict[str, str] | None, opt("Custom fields: API name (cf_order_id) → value")] = None,
) -> Annotated[CallToolResult, CreatedTicket]:
    """Create a Zoho Desk ticket. Without contact/contactEmail it is raised for the authenticated agent's own
    contact; an e-mail that matches no contact creates one. Not idempotent: after an "outcome unknown" error,
    check with list_tickets before calling again."""
    svc = services(ctx)
    args = dict(locals())
    fields = plain_fields(args)  # cheap checks first: nothing is looked up for a bad status or date
    plan = await contact_plan(svc, org_id, contact, contactEmail)
    linked = await linked_fields(svc, org_id, department_id, args)
    body = {"subject": subject, "departmentId": department_id, **plan.fields, **fields, **linked.fields}
    ticket = await svc.client.org(org_id).tickets.create(body)
    dept = named(await svc.resolver.choices("departments", org_id), ticket.department_id or department_id)
    agent = linked.assignee
    shown = plan.shown.model_copy(update={"id": ticket.contact_id or plan.shown.id})
    return answer(
        CreatedTicket(
            id=ticket.id,
            ticket_number=ticket.ticket_number,
            subject=subject_text(ticket.subject),
            status=ticket.status,
            created_time=ticket.created_time,
            due_date=ticket.due_date,
            assignee=Person(id=agent.id, name=agent.name, email=agent.email)
            if agent
            else (Person(id=ticket.assignee_id) if ticket.assignee_id else None),
            department=Ref(id=dept.id, name=dept.name) if dept else Ref(id=department_id),
            team=Ref(id=linked.team.id, name=linked.team.name) if linked.team else None,
            product=Ref(id=linked.product.id, name=linked.product.name) if linked.product else None,
            contact=shown,
            attachments=len(fields.get("uploads", [])) or None,
            web_url=ticket.web_url,
            note=plan.note,
        )
    )


@desk_tool(
    name="get_ticket",
    title="Get ticket",
    toolset="tickets",
    read_only=True,
    idempotent=True,
    scopes=[("Desk.tickets.READ", "Desk.tickets.ALL")],
)
async def get_ticket(
    ctx: Context[Any, Any],
    *,
    organization: Organization = None,
    ticketId: Annotated[str, Field(description="Ticket ID, number (101 or #101) or Desk URL")],
    org_id: OrgId,
    include: Annotated[MultiValue, opt("Any of contacts (adds phone), products, assignee, departments, team")] = None,
) -> Annotated[CallToolResult, TicketDetail]:
    """Read one ticket: status, priority, department, team, assignee, contact, dates, custom fields, the
    description as text, and counts of threads, comments and attachments."""
    svc = services(ctx)
    wanted = [allowed(i, INCLUDES, "include") for i in values(include)]
    ticket_id = await svc.resolver.ticket(org_id, ticketId)
    asked = ["contacts", "assignee", "departments", "team", *(["products"] if "products" in wanted else [])]
    ticket = await svc.client.org(org_id).tickets.get(ticket_id, include=asked)
    return answer(detail(ticket, with_contact_phone="contacts" in wanted))


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
) -> Annotated[CallToolResult, TicketList]:
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


TOOLS: list[ToolSpec] = [create_ticket, get_ticket, list_tickets]
