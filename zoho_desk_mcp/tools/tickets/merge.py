"""merge_tickets: merge duplicates into the ticket that stays; the merged ones stop existing.

Every ticket is read first (a miss fails the call before anything is merged); the user confirms the list when
the client can be asked. Zoho moves the merged tickets' threads and comments to the remaining ticket.
"""

from __future__ import annotations

from typing import Annotated

from mcp.server.elicitation import AcceptedElicitation, ElicitationResult
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.resolve import Elicit, Resolve
from mcp.types import CallToolResult
from pydantic import BaseModel, Field

from ...client import Ticket, WriteOutcomeUnknown
from ...client.ticket_bulk import MAX_MERGE
from ..kit.args import MultiValue, Organization, no_ticket, values
from ..kit.context import Ctx, DeskServices, services
from ..kit.errors import InputError, as_tool_errors
from ..kit.output import Slim, answer
from ..kit.pickers import OrgId, can_elicit, organization_id
from ..kit.registry import desk_tool
from ..kit.text import clip
from .bulk_plan import read_tickets
from .models import subject_text

CANCELLED = "Cancelled: the user did not confirm, so nothing was merged. Do not retry unless asked to."
LOST = (
    "The merge reached Zoho but its answer was lost, so it may or may not have happened: get_ticket on a merged "
    "ticket answers 'no ticket' once it is merged."
)


class MergedTicket(Slim):
    id: str
    ticket_number: str | None = None
    subject: str | None = None


class MergeResult(Slim):
    ticket: MergedTicket
    merged: list[MergedTicket]
    thread_count: int | None = None
    comment_count: int | None = None
    note: str
    untrusted: str = "customer-written: subject"


class MergePlan(BaseModel):
    target: Ticket
    merged: list[Ticket]


class Confirmation(BaseModel):
    confirm: bool = Field(description="true: merge these tickets; false: merge nothing")


def shown(ticket: Ticket) -> MergedTicket:
    return MergedTicket(id=ticket.id, ticket_number=ticket.ticket_number, subject=subject_text(ticket.subject))


async def plan_merge(
    ctx: Ctx, org_id: Annotated[str, Resolve(organization_id)], ticket: str, tickets: MultiValue
) -> MergePlan:
    """The ticket that stays and the ones merged into it, all read; any miss fails before anything changes."""
    with as_tool_errors():  # resolvers run before the tool's own error translation
        return await merge_plan(services(ctx), org_id, ticket, values(tickets))


async def merge_plan(svc: DeskServices, org_id: str, ticket: str, tickets: list[str]) -> MergePlan:
    portal = svc.client.org(org_id)
    found = await read_tickets(svc, portal, org_id, [ticket, *tickets])
    missing = [o.ref for o in found if o.ticket is None]
    if missing:
        if ticket in missing:
            raise no_ticket(ticket)
        raise InputError("Nothing was merged: no ticket matches " + ", ".join(repr(m[:100]) for m in missing))
    target, *merged = [o.ticket for o in found if o.ticket is not None]
    if not merged:
        raise InputError("tickets must name at least one ticket other than the one that stays (ticket)")
    if len(merged) > MAX_MERGE:
        raise InputError(f"at most {MAX_MERGE} tickets merge into one per call ({len(merged)} given)")
    return MergePlan(target=target, merged=merged)


async def confirm_merge(
    ctx: Ctx, plan: Annotated[MergePlan, Resolve(plan_merge)]
) -> Confirmation | Elicit[Confirmation]:
    if not can_elicit(ctx):
        return Confirmation(confirm=True)
    lines = [f"- #{t.ticket_number or t.id}: {clip(subject_text(t.subject) or '', 80)[0]}" for t in plan.merged]
    keep = f"#{plan.target.ticket_number or plan.target.id}"
    return Elicit(f"Merge these tickets into {keep}? They stop existing; their conversations move to {keep}.\n"
                  + "\n".join(lines), Confirmation)


@desk_tool(
    name="merge_tickets",
    title="Merge tickets",
    toolset="danger",
    read_only=False,
    destructive=True,
    idempotent=False,
    scopes=[("Desk.tickets.UPDATE", "Desk.tickets.ALL")],
)
async def merge_tickets(
    ctx: Ctx,
    orgId: OrgId,
    plan: Annotated[MergePlan, Resolve(plan_merge)],
    confirmation: Annotated[ElicitationResult[Confirmation], Resolve(confirm_merge)],
    *,
    organization: Organization = None,
    ticket: Annotated[str, Field(description="The ticket that stays: ID, number or Desk URL")],
    tickets: Annotated[MultiValue, Field(description=f"Up to {MAX_MERGE} tickets merged into it")],
) -> CallToolResult:
    """Merge duplicate tickets into one; the merged tickets stop existing and their conversations move over."""
    if not (isinstance(confirmation, AcceptedElicitation) and confirmation.data.confirm):
        raise ToolError(CANCELLED)
    portal = services(ctx).client.org(orgId)
    try:
        after = await portal.ticket_bulk.merge(plan.target.id, [t.id for t in plan.merged])
    except WriteOutcomeUnknown:
        raise ToolError(LOST) from None
    keep = f"#{after.ticket_number or after.id}"
    return answer(
        MergeResult(
            ticket=shown(after),
            merged=[shown(t) for t in plan.merged],
            thread_count=int(after.thread_count) if after.thread_count else None,
            comment_count=int(after.comment_count) if after.comment_count else None,
            note=f"The merged tickets no longer exist; their threads and comments are now on {keep}.",
        )
    )

