"""mark_spam: mark tickets as spam (they leave the default lists and views) or take the mark off again.

Every ticket is read first: one already in the asked state is `unchanged`, a miss is `failed`; the rest go in
one `markSpam` call after the user confirms (when the client can be asked). Idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from mcp.server.elicitation import AcceptedElicitation, ElicitationResult
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.resolve import Elicit, Resolve
from mcp.types import CallToolResult
from pydantic import BaseModel, Field

from ...client import Ticket, ZohoDeskError
from ..kit.args import MultiValue, Organization, values
from ..kit.context import Ctx, services
from ..kit.errors import as_tool_errors, describe
from ..kit.output import answer
from ..kit.pickers import OrgId, can_elicit, organization_id
from ..kit.registry import desk_tool
from ..kit.text import clip
from .bulk import AGAIN, BulkResult, shown
from .bulk_plan import Outcome, read_tickets
from .models import subject_text

CANCELLED = "Cancelled: the user did not confirm, so no ticket was changed. Do not retry unless asked to."


@dataclass
class SpamPlan:
    """Each ticket read, and whether it is to be marked or unmarked."""

    is_spam: bool
    outcomes: list[Outcome]

    @property
    def to_change(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.ticket is not None and is_spam(o.ticket) != self.is_spam]


class Confirmation(BaseModel):
    confirm: bool = Field(description="true: go ahead; false: change nothing")


def is_spam(ticket: Ticket) -> bool:
    return bool((ticket.model_extra or {}).get("isSpam"))


async def plan_spam(
    ctx: Ctx, org_id: Annotated[str, Resolve(organization_id)], tickets: MultiValue, isSpam: bool = True
) -> SpamPlan:
    svc = services(ctx)
    with as_tool_errors():  # resolvers run before the tool's own error translation
        outcomes = await read_tickets(svc, svc.client.org(org_id), org_id, values(tickets))
    return SpamPlan(is_spam=isSpam, outcomes=outcomes)


async def confirm_spam(ctx: Ctx, plan: Annotated[SpamPlan, Resolve(plan_spam)]) -> Confirmation | Elicit[Confirmation]:
    if not plan.to_change or not can_elicit(ctx):
        return Confirmation(confirm=True)
    lines = [
        f"- #{o.ticket.ticket_number or o.ticket.id}: {clip(subject_text(o.ticket.subject) or '', 80)[0]}"
        for o in plan.to_change
        if o.ticket
    ]
    ask = "Mark these tickets as spam? They leave the ticket lists." if plan.is_spam else "Unmark these as spam?"
    return Elicit(ask + "\n" + "\n".join(lines), Confirmation)


@desk_tool(
    name="mark_spam",
    title="Mark tickets as spam",
    toolset="danger",
    read_only=False,
    destructive=True,
    idempotent=True,
    scopes=[("Desk.tickets.UPDATE", "Desk.tickets.ALL")],
)
async def mark_spam(
    ctx: Ctx,
    orgId: OrgId,
    plan: Annotated[SpamPlan, Resolve(plan_spam)],
    confirmation: Annotated[ElicitationResult[Confirmation], Resolve(confirm_spam)],
    *,
    organization: Organization = None,
    tickets: Annotated[MultiValue, Field(description="IDs, numbers or Desk URLs")],
    isSpam: Annotated[bool, Field(description="false: unmark")] = True,
) -> CallToolResult:
    """Mark tickets as spam (or unmark them); answers each ticket's outcome."""
    if not (isinstance(confirmation, AcceptedElicitation) and confirmation.data.confirm):
        raise ToolError(CANCELLED)
    changing = plan.to_change
    if changing:
        try:
            await services(ctx).client.org(orgId).ticket_bulk.mark_spam(
                [o.ticket.id for o in changing if o.ticket], is_spam=isSpam
            )
        except ZohoDeskError as error:
            for outcome in changing:
                outcome.error = f"{describe(error)} {AGAIN}"
        else:
            for outcome in changing:
                outcome.changed.append("isSpam")
    rows = [shown(o) for o in plan.outcomes]
    counts = {state: sum(1 for r in rows if r.outcome == state) for state in ("updated", "unchanged", "failed")}
    return answer(BulkResult(results=rows, **counts, note=AGAIN if counts["failed"] else None))
