"""move_tickets_to_trash: every reference checked first, the user asked to confirm, then one all-or-nothing call.

Zoho refuses the whole batch when any ticket is unknown or already in the trash, so each one is read first
(a trashed ticket answers 404) and the misses are reported by name with nothing trashed. When the client
supports elicitation the user confirms the list (number and subject); otherwise the tool's destructive
annotation is the host's cue to ask.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from mcp.server.elicitation import AcceptedElicitation, ElicitationResult
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.resolve import Elicit, Resolve
from mcp.types import CallToolResult
from pydantic import BaseModel, Field

from ...client import (
    InvalidDataError,
    NotFoundError,
    Portal,
    ResolutionError,
    ServerError,
    Ticket,
    WriteOutcomeUnknown,
)
from ..kit.args import TICKET_FORMS, MultiValue, Organization, values
from ..kit.context import Ctx, DeskServices, services
from ..kit.errors import as_tool_errors, describe
from ..kit.output import Slim, answer
from ..kit.pickers import OrgId, can_elicit, organization_id
from ..kit.registry import desk_tool
from ..kit.text import clip
from .models import subject_text

MAX_TICKETS = 50
LOOKUP_CONCURRENCY = 4  # reads in flight at once while checking the tickets
SHOWN_SUBJECT = 80  # characters of each subject in the confirmation question
RECOVERABLE = (
    "Moved to the Recycle Bin: an agent can restore them there for 60 days (Zoho Desk → Recycle Bin → Restore); "
    "after that Zoho deletes them for good."
)
CANCELLED = "Cancelled: the user did not confirm, so nothing was moved to the trash. Do not retry unless asked to."
RERUN = (
    "Running the same call again is safe: it trashes nothing if any of them is already in the trash, and names those."
)
LOST_TRASH = f"The request reached Zoho but its answer was lost, so the tickets may or may not be in the trash. {RERUN}"


class TrashedTicket(Slim):
    id: str
    ticket_number: str | None = None
    subject: str | None = None


class TrashResult(Slim):
    trashed: list[TrashedTicket]
    count: int
    note: str = RECOVERABLE
    untrusted: str = "customer-written: subject"


class TrashPlan(BaseModel):
    """The live tickets the references name, in the order given (duplicates once)."""

    tickets: list[TrashedTicket]


class Confirmation(BaseModel):
    confirm: bool = Field(description="true: move these tickets to the trash; false: keep them")


async def bounded(gate: asyncio.Semaphore, job: Any) -> Any:
    async with gate:
        return await job


async def find_one(svc: DeskServices, portal: Portal, org_id: str, ref: str) -> Ticket | str:
    """The live ticket a reference names, or the reference itself when it names none."""
    try:
        ticket_id = await svc.resolver.ticket(org_id, ref)
        return await portal.tickets.get(ticket_id)
    except (ResolutionError, NotFoundError):
        return ref


async def find_tickets(
    ctx: Ctx, org_id: Annotated[str, Resolve(organization_id)], tickets: MultiValue
) -> TrashPlan:
    """Every reference resolved and read; any miss fails the call before anything is trashed."""
    refs = values(tickets)
    if not refs:
        raise ToolError(f"tickets is empty: name at least one ticket; {TICKET_FORMS}")
    if len(refs) > MAX_TICKETS:
        raise ToolError(f"at most {MAX_TICKETS} tickets per call ({len(refs)} given); split them into batches")
    svc = services(ctx)
    portal = svc.client.org(org_id)
    gate = asyncio.Semaphore(LOOKUP_CONCURRENCY)
    with as_tool_errors():
        found = await asyncio.gather(*(bounded(gate, find_one(svc, portal, org_id, r)) for r in refs))
    missing = [f for f in found if isinstance(f, str)]
    if missing:
        listed = ", ".join(repr(m[:100]) for m in missing)
        raise ToolError(
            f"Nothing was moved to the trash: no live ticket matches {listed} in this organization (unknown, or "
            f"already in the trash). Leave {'it' if len(missing) == 1 else 'them'} out and call again; "
            f"{TICKET_FORMS}."
        )
    unique = {t.id: t for t in found if isinstance(t, Ticket)}
    return TrashPlan(
        tickets=[
            TrashedTicket(id=t.id, ticket_number=t.ticket_number, subject=subject_text(t.subject))
            for t in unique.values()
        ]
    )


def question(plan: TrashPlan) -> str:
    lines = [
        f"- #{t.ticket_number or t.id}: {clip(t.subject or '(no subject)', SHOWN_SUBJECT)[0]}" for t in plan.tickets
    ]
    many = len(plan.tickets) != 1
    return (
        f"Move {'these ' + str(len(plan.tickets)) + ' tickets' if many else 'this ticket'} to the trash? "
        f"{'They stay' if many else 'It stays'} recoverable in the Recycle Bin for 60 days.\n" + "\n".join(lines)
    )


async def confirm_trash(
    ctx: Ctx, plan: Annotated[TrashPlan, Resolve(find_tickets)]
) -> Confirmation | Elicit[Confirmation]:
    """Ask the user when the client can be asked; otherwise the host relies on the destructive annotation."""
    if not can_elicit(ctx):
        return Confirmation(confirm=True)
    return Elicit(question(plan), Confirmation)


@desk_tool(
    name="move_tickets_to_trash",
    title="Move tickets to trash",
    toolset="danger",
    read_only=False,
    destructive=True,
    idempotent=False,
    scopes=[("Desk.tickets.DELETE", "Desk.tickets.ALL")],
)
async def move_tickets_to_trash(
    ctx: Ctx,
    orgId: OrgId,
    plan: Annotated[TrashPlan, Resolve(find_tickets)],
    confirmation: Annotated[ElicitationResult[Confirmation], Resolve(confirm_trash)],
    *,
    organization: Organization = None,
    tickets: Annotated[
        MultiValue,
        Field(description=f"Up to {MAX_TICKETS} tickets: IDs, numbers (101 or #101) or Desk web URLs"),
    ],
) -> CallToolResult:
    """Move one or more tickets to Zoho's Recycle Bin (restorable there for 60 days). Every ticket is checked
    first: if any is unknown or already in the trash, nothing is trashed and the error names it. The user is
    asked to confirm when the client supports it. Not idempotent: a second call reports them as already
    trashed."""
    if not (isinstance(confirmation, AcceptedElicitation) and confirmation.data.confirm):
        raise ToolError(CANCELLED)
    portal = services(ctx).client.org(orgId)
    try:
        await portal.tickets.move_to_trash([t.id for t in plan.tickets])
    except WriteOutcomeUnknown:
        raise ToolError(LOST_TRASH) from None
    except ServerError as error:
        raise ToolError(
            f"Zoho Desk failed while trashing, so the tickets may or may not be in the trash. Zoho said "
            f"{error.error_code}. {RERUN}"
        ) from None
    except InvalidDataError as error:
        raise ToolError(
            f"Zoho refused the whole batch, so nothing was moved: {describe(error)} One of the tickets may have "
            "been trashed or deleted meanwhile; call again to see which."
        ) from None
    return answer(TrashResult(trashed=plan.tickets, count=len(plan.tickets)))
