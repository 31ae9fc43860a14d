"""What update_tickets will do: the change in Zoho's terms, every ticket read, and which tickets need what.

Everything here reads; nothing writes. The change is checked before any ticket is looked up (a bad status
fails at once), each ticket reference is resolved and read (a miss becomes that ticket's `failed` outcome),
and Zoho's department rule for an assignee or team is checked per ticket, so the writes that follow only
send what really differs, to the tickets it fits.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ...client import Choice, Portal, ResolutionError, Ticket, ZohoAPIError
from ...client.matching import normalized
from ..kit.args import values, zoho_datetime
from ..kit.context import DeskServices
from ..kit.errors import InputError, describe
from ..kit.vocabulary import PRIORITIES, STATUSES
from .changes import CUSTOM, current, same
from .fields import allowed, custom_field_key
from .portal_meta import custom_values

MAX_TICKETS = 100
CONCURRENCY = 4
CLEAR_WORDS = ("none", "unassigned")
T = TypeVar("T")


@dataclass
class Outcome:
    """One ticket: as given, what was found, what changed, why it failed."""

    ref: str
    ticket: Ticket | None = None
    changed: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class BulkPlan:
    """The change (Zoho field → value; `cf:` keys for custom fields), tags to add, and each ticket's outcome."""

    desired: dict[str, Any]
    tags: list[str]
    outcomes: list[Outcome]
    assignee: Choice | None = None
    team: Choice | None = None

    @property
    def live(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.ticket is not None and o.error is None]

    def summary(self) -> str:
        parts = [f"{label_of(k)} → {v if v not in (None, '') else 'none'}" for k, v in self.desired.items()]
        if self.assignee is not None:
            parts = [p if not p.startswith("assignee") else f"assignee → {self.assignee.name}" for p in parts]
        if self.tags:
            parts.append("add tags " + ", ".join(self.tags))
        return "; ".join(parts)


def label_of(key: str) -> str:
    names = {"assigneeId": "assignee", "teamId": "team"}
    return f"customFields.{key[len(CUSTOM):]}" if key.startswith(CUSTOM) else names.get(key, key)


def cleared(value: str | None) -> bool:
    return value is not None and normalized(value) in CLEAR_WORDS


async def desired_change(svc: DeskServices, org_id: str, args: dict[str, Any]) -> BulkPlan:
    """The requested change, checked and resolved (status spelling, dates, agent, team, custom fields)."""
    desired: dict[str, Any] = {}
    plan = BulkPlan(desired, values(args.get("tags")), [])
    if args.get("status"):
        desired["status"] = allowed(args["status"], STATUSES, "status")
    if args.get("priority"):
        desired["priority"] = allowed(args["priority"], PRIORITIES, "priority")
    if args.get("dueDate"):
        due = args["dueDate"]
        desired["dueDate"] = None if cleared(due) else zoho_datetime(due, "dueDate", end_of_day=True)
    if args.get("assignee"):
        plan.assignee = None if cleared(args["assignee"]) else await svc.resolver.agent_choice(org_id, args["assignee"])
        desired["assigneeId"] = plan.assignee.id if plan.assignee else None
    if args.get("team"):
        plan.team = None if cleared(args["team"]) else await svc.resolver.team_choice(org_id, args["team"])
        desired["teamId"] = plan.team.id if plan.team else None
    custom = await custom_values(svc, org_id, args.get("customFields") or {}, custom_field_key)
    desired.update({f"{CUSTOM}{k}": v for k, v in custom.items()})
    if not desired and not plan.tags:
        raise InputError("nothing to change: give status, priority, assignee, team, dueDate, tags or customFields")
    return plan


async def bounded(gate: asyncio.Semaphore, job: Awaitable[T]) -> T:
    async with gate:
        return await job


async def read_one(svc: DeskServices, portal: Portal, org_id: str, ref: str) -> Outcome:
    try:
        ticket_id = await svc.resolver.ticket(org_id, ref)
        return Outcome(ref, await portal.tickets.get(ticket_id))
    except (ResolutionError, ZohoAPIError) as error:
        return Outcome(ref, error=f"no such ticket: {describe(error)}"[:300])


async def read_tickets(svc: DeskServices, portal: Portal, org_id: str, refs: list[str]) -> list[Outcome]:
    """Every reference resolved and read (bounded concurrency); one outcome per distinct ticket."""
    if not refs:
        raise InputError("tickets is empty: name at least one ticket (ID, number or Desk URL)")
    if len(refs) > MAX_TICKETS:
        raise InputError(f"at most {MAX_TICKETS} tickets per call ({len(refs)} given); split them into batches")
    gate = asyncio.Semaphore(CONCURRENCY)
    found = await asyncio.gather(*(bounded(gate, read_one(svc, portal, org_id, r)) for r in refs))
    seen: set[str] = set()
    outcomes = []
    for outcome in found:
        if outcome.ticket is not None and outcome.ticket.id in seen:
            continue
        seen.add(outcome.ticket.id if outcome.ticket else f"ref:{outcome.ref}")
        outcomes.append(outcome)
    return outcomes


def rule_conflict(plan: BulkPlan, ticket: Ticket) -> str | None:
    """Zoho's rule: the assignee must be an agent of the ticket's department, the team one of its teams."""
    department = ticket.department_id
    if plan.assignee is not None and department:
        departments = plan.assignee.record.get("associatedDepartmentIds")
        if departments is not None and department not in departments:
            return f"{plan.assignee.name} is not an agent of this ticket's department; nothing was changed on it"
    if plan.team is not None and department and plan.team.record.get("departmentId") not in (None, department):
        return f"team {plan.team.name} belongs to another department; nothing was changed on this ticket"
    return None


def needing(plan: BulkPlan) -> dict[str, list[Outcome]]:
    """For each desired field, the tickets whose value differs (tickets breaking the rule are failed first)."""
    for outcome in plan.live:
        assert outcome.ticket is not None
        outcome.error = rule_conflict(plan, outcome.ticket)
    return {
        key: [o for o in plan.live if o.ticket is not None and not same(key, current(o.ticket, key), value)]
        for key, value in plan.desired.items()
    }
