"""get_ticket: one ticket as the model reads it (description as fenced text, names beside IDs)."""

from __future__ import annotations

from typing import Annotated

from mcp.types import CallToolResult

from ..kit.args import MultiValue, Organization, Ticket_, about_ticket, opt, ticket_id_of, values
from ..kit.context import Ctx, services
from ..kit.output import answer
from ..kit.pickers import OrgId
from ..kit.registry import desk_tool
from .fields import INCLUDES, allowed
from .files import files_and_tags, view
from .models import detail


@desk_tool(
    name="get_ticket",
    title="Get ticket",
    toolset="tickets",
    read_only=True,
    idempotent=True,
    scopes=[("Desk.tickets.READ", "Desk.tickets.ALL")],
    aliases={"ticketId": "ticket"},
)
async def get_ticket(
    ctx: Ctx,
    *,
    organization: Organization = None,
    ticket: Ticket_,
    org_id: OrgId,
    include: Annotated[MultiValue, opt("Any of contacts (adds phone), products, assignee, departments, team")] = None,
) -> CallToolResult:
    """Read one ticket: status, priority, department, team, assignee, contact, dates, custom fields, tags, the
    description as text, its files (with thread files), and counts of threads and comments."""
    svc = services(ctx)
    wanted = [allowed(i, INCLUDES, "include") for i in values(include)]
    ticket_id = await ticket_id_of(ctx, org_id, ticket)
    asked = ["contacts", "assignee", "departments", "team", *(["products"] if "products" in wanted else [])]
    portal = svc.client.org(org_id)
    with about_ticket(ticket):
        found = await portal.tickets.get(ticket_id, include=asked)
    rows, tags, note = await files_and_tags(portal, found)
    return answer(view(detail(found, with_contact_phone="contacts" in wanted), rows, tags, note))
