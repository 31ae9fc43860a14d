"""create_ticket: a new ticket from names, e-mails or IDs, checked before anything is sent."""

from __future__ import annotations

from typing import Annotated

from mcp.types import CallToolResult
from pydantic import Field

from ..kit.args import Organization
from ..kit.context import Ctx, services
from ..kit.errors import InputError
from ..kit.output import Person, Ref, answer
from ..kit.people import AssigneeValue, ContactValue
from ..kit.pickers import DepartmentId, OrgId
from ..kit.registry import desk_tool
from . import arguments as a
from .changes import link_conflicts
from .fields import contact_plan, custom_field_key, linked_fields, named, plain_fields
from .models import CreatedTicket, subject_text
from .portal_meta import custom_values
from .tagging import Tags, tag_names, tagged


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
    ctx: Ctx,
    *,
    organization: Organization = None,
    subject: Annotated[str, Field(min_length=1, max_length=255)],
    department: str,
    org_id: OrgId,
    department_id: DepartmentId,
    picked_assignee: AssigneeValue,
    picked_contact: ContactValue,
    contact: a.Contact = None,
    contactEmail: a.ContactEmail = None,
    contactName: a.ContactName = None,
    product: a.Product = None,
    uploads: a.Uploads = None,
    phone: a.Text = None,
    description: a.Description = None,
    status: a.Status = None,
    assignee: a.Assignee = None,
    category: a.Text = None,
    subCategory: a.Text = None,
    resolution: a.Text = None,
    dueDate: a.DueDate = None,
    priority: a.Priority = None,
    language: a.Text = None,
    channel: a.Channel = None,
    classification: a.Classification = None,
    webUrl: a.Text = None,
    team: a.Team = None,
    secondaryContacts: a.SecondaryContacts = None,
    customFields: a.CustomFields = None,
    tags: Tags = None,
) -> CallToolResult:
    """Create a ticket. Without a contact it is raised for your own contact. Not idempotent: after an "outcome
    unknown" error, look for the ticket before calling again."""
    svc = services(ctx)
    given = a.TicketInput(
        contact=picked_contact or None,
        contactEmail=contactEmail,
        contactName=contactName,
        product=product,
        uploads=uploads,
        phone=phone,
        description=description,
        status=status,
        assignee=picked_assignee or None,
        category=category,
        subCategory=subCategory,
        resolution=resolution,
        dueDate=dueDate,
        priority=priority,
        language=language,
        channel=channel,
        classification=classification,
        webUrl=webUrl,
        team=team,
        secondaryContacts=secondaryContacts,
        customFields=customFields,
    ).given()
    fields = plain_fields(given)  # cheap checks first: nothing is looked up for a bad status or date
    names = tag_names(tags, "tags")
    if customFields:  # checked against the portal's custom fields (label or API name; picklist values)
        fields["cf"] = await custom_values(svc, org_id, customFields, custom_field_key)
    plan = await contact_plan(svc, org_id, picked_contact or None, contactEmail, contactName)
    linked = await linked_fields(svc, org_id, department_id, given)
    conflict = await link_conflicts(svc, org_id, None, {"departmentId": department_id, **linked.fields})
    if conflict:  # Zoho would only say "Fields: assigneeId (invalid)"
        raise InputError(conflict)
    body = {"subject": subject, "departmentId": department_id, **plan.fields, **fields, **linked.fields}
    ticket = await svc.client.org(org_id).tickets.create(body)
    added = await tagged(svc.client.org(org_id), ticket, names)
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
            tags=added or None,
            web_url=ticket.web_url,
            note=plan.note,
        )
    )
