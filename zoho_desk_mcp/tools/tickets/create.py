"""create_ticket: a new ticket from names, e-mails or IDs, checked before anything is sent."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import Context
from mcp.types import CallToolResult
from pydantic import Field

from ..kit.args import MultiValue, Organization, opt
from ..kit.context import services
from ..kit.output import Person, Ref, answer
from ..kit.pickers import DepartmentId, OrgId
from ..kit.registry import desk_tool
from .fields import contact_plan, linked_fields, named, plain_fields
from .models import CreatedTicket, subject_text


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
) -> CallToolResult:
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
