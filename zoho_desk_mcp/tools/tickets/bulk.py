"""update_tickets: one change (status, priority, assignee, team, due date, tags, custom fields) on up to 100 tickets.

Each ticket is read first, so only what differs is sent: one `updateMany` per field for the tickets that need
it (Zoho changes all of them or none), and a ticket already in that state is `unchanged`. A batch Zoho refuses
is retried ticket by ticket to name the failing ones. Above 10 tickets the user confirms when the client can
be asked. Idempotent: running the same call again changes only what is still different.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.elicitation import AcceptedElicitation, ElicitationResult
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.resolve import Elicit, Resolve
from mcp.types import CallToolResult
from pydantic import BaseModel, Field

from ...client import InvalidDataError, Portal, ZohoDeskError
from ..kit.args import MultiValue, Organization, opt, values
from ..kit.context import Ctx, services
from ..kit.errors import as_tool_errors, describe
from ..kit.output import Slim, answer
from ..kit.pickers import OrgId, can_elicit, organization_id
from ..kit.registry import desk_tool
from .bulk_plan import BulkPlan, Outcome, desired_change, label_of, needing, read_tickets
from .changes import CUSTOM

CONFIRM_ABOVE = 10
Text = Annotated[str | None, opt()]
CANCELLED = "Cancelled: the user did not confirm, so no ticket was changed. Do not retry unless asked to."
AGAIN = "update_tickets is idempotent: run the same call again to retry; it changes only what still differs."


class TicketOutcome(Slim):
    ticket: str
    id: str | None = None
    number: str | None = None
    outcome: Literal["updated", "unchanged", "failed"]
    changed: list[str] | None = None
    error: str | None = None


class BulkResult(Slim):
    results: list[TicketOutcome]
    updated: int
    unchanged: int
    failed: int
    note: str | None = None


class Confirmation(BaseModel):
    confirm: bool = Field(description="true: change these tickets; false: change nothing")


async def plan_update(
    ctx: Ctx,
    org_id: Annotated[str, Resolve(organization_id)],
    tickets: MultiValue,
    status: str | None = None,
    priority: str | None = None,
    assignee: str | None = None,
    team: str | None = None,
    dueDate: str | None = None,
    tags: MultiValue = None,
    customFields: dict[str, str] | None = None,
) -> BulkPlan:
    """The change checked first, then every ticket read (before the user is asked anything)."""
    svc = services(ctx)
    args = {"status": status, "priority": priority, "assignee": assignee, "team": team, "dueDate": dueDate,
            "tags": tags, "customFields": customFields}
    with as_tool_errors():  # resolvers run before the tool's own error translation
        plan = await desired_change(svc, org_id, args)
        plan.outcomes = await read_tickets(svc, svc.client.org(org_id), org_id, values(tickets))
    return plan


async def confirm_update(
    ctx: Ctx, plan: Annotated[BulkPlan, Resolve(plan_update)]
) -> Confirmation | Elicit[Confirmation]:
    if len(plan.live) <= CONFIRM_ABOVE or not can_elicit(ctx):
        return Confirmation(confirm=True)
    numbers = ", ".join(f"#{o.ticket.ticket_number or o.ticket.id}" for o in plan.live if o.ticket)
    return Elicit(f"Change {len(plan.live)} tickets ({plan.summary()})?\n{numbers}", Confirmation)


async def write_field(portal: Portal, key: str, value: Any, targets: list[Outcome]) -> None:
    """One updateMany for the field; a refused batch is retried per ticket (PATCH) to name the failing ones."""
    ids = [o.ticket.id for o in targets if o.ticket]
    custom = key.startswith(CUSTOM)
    name = key[len(CUSTOM) :] if custom else key
    try:
        await portal.ticket_bulk.update_many(ids, name, value, is_custom_field=custom)
    except InvalidDataError:
        for outcome in targets:
            await write_one(portal, outcome, {"cf": {name: value}} if custom else {name: value}, label_of(key))
        return
    except ZohoDeskError as error:
        for outcome in targets:
            outcome.error = f"{describe(error)} {AGAIN}"
        return
    for outcome in targets:
        outcome.changed.append(label_of(key))


async def write_one(portal: Portal, outcome: Outcome, body: dict[str, Any], label: str) -> None:
    assert outcome.ticket is not None
    try:
        await portal.tickets.update(outcome.ticket.id, body)
    except ZohoDeskError as error:
        outcome.error = describe(error)
    else:
        outcome.changed.append(label)


async def add_tags(portal: Portal, plan: BulkPlan) -> None:
    """Tags are added per ticket, only to tickets missing one of them."""
    wanted = {t.casefold() for t in plan.tags}
    for outcome in plan.live:
        assert outcome.ticket is not None
        try:
            carried = {t.name.casefold() for t in await portal.tags.of_ticket(outcome.ticket.id)}
            if not wanted <= carried:
                await portal.tags.add(outcome.ticket.id, plan.tags)
                outcome.changed.append("tags")
        except ZohoDeskError as error:
            outcome.error = describe(error)


def shown(outcome: Outcome) -> TicketOutcome:
    ticket = outcome.ticket
    state: Literal["updated", "unchanged", "failed"] = (
        "failed" if outcome.error else "updated" if outcome.changed else "unchanged"
    )
    return TicketOutcome(
        ticket=outcome.ref[:100], id=ticket.id if ticket else None, number=ticket.ticket_number if ticket else None,
        outcome=state, changed=outcome.changed or None, error=outcome.error,
    )


@desk_tool(
    name="update_tickets",
    title="Update many tickets",
    toolset="triage",
    read_only=False,
    destructive=False,
    idempotent=True,
    scopes=[("Desk.tickets.UPDATE", "Desk.tickets.ALL")],
)
async def update_tickets(
    ctx: Ctx,
    orgId: OrgId,
    plan: Annotated[BulkPlan, Resolve(plan_update)],
    confirmation: Annotated[ElicitationResult[Confirmation], Resolve(confirm_update)],
    *,
    organization: Organization = None,
    tickets: Annotated[MultiValue, Field(description="≤100")],
    status: Text = None,
    priority: Text = None,
    assignee: Text = None,
    team: Text = None,
    dueDate: Text = None,
    tags: Annotated[MultiValue, opt()] = None,
    customFields: dict[str, str] | None = None,
) -> CallToolResult:
    """Apply one change to many tickets ("none" clears; tags are added); answers each ticket's outcome."""
    if not (isinstance(confirmation, AcceptedElicitation) and confirmation.data.confirm):
        raise ToolError(CANCELLED)
    portal = services(ctx).client.org(orgId)
    for key, targets in needing(plan).items():
        live = [o for o in targets if o.error is None]
        if live:
            await write_field(portal, key, plan.desired[key], live)
    if plan.tags:
        await add_tags(portal, plan)
    rows = [shown(o) for o in plan.outcomes]
    counts = {state: sum(1 for r in rows if r.outcome == state) for state in ("updated", "unchanged", "failed")}
    return answer(BulkResult(results=rows, **counts, note=AGAIN if counts["failed"] else None))
