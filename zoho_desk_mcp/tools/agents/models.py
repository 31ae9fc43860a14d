"""What the agent tools return (slim models, no nulls), and the resolve-then-report steps of set_agent_status."""

from __future__ import annotations

from typing import Literal

from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from ...client import Agent, Choice, ResolutionError
from ...client.matching import pick
from ..kit.context import DeskServices
from ..kit.output import Slim

Status = Literal["ACTIVE", "DISABLED"]
Outcome = Literal["changed", "unchanged", "failed"]


class AgentRow(Slim):
    """One agent: pass its email, name or id to the tools that take an agent."""

    id: str = Field(description="The agent ID")
    name: str = Field(description="Full name")
    email: str | None = Field(default=None, description="E-mail address")
    status: str | None = Field(default=None, description="ACTIVE or DISABLED")
    departments: list[str] = Field(default_factory=list, description="Names of the agent's departments")


class AgentList(Slim):
    agents: list[AgentRow]
    count: int = Field(description="Rows on this page")
    from_: int = Field(alias="from", description="1-based position of the first row")
    limit: int
    has_more: bool
    next_from: int | None = Field(default=None, description="Pass as `from` for the next page")


class NewAgent(AgentRow):
    """The invited agent."""

    is_confirmed: bool | None = Field(
        default=None, description="False until the agent accepts Zoho's invitation"
    )
    role_permission_type: str | None = Field(default=None)
    note: str


class AgentStatus(Slim):
    """One agent after the change: `status` as Zoho reports it afterwards."""

    id: str
    name: str
    email: str | None = None
    status: str | None = Field(default=None)
    outcome: Outcome = Field(description="changed, unchanged (it already had that status) or failed")
    error: str | None = Field(default=None, description="Why the change failed")


class AgentStatusResult(Slim):
    status: Status = Field(description="The status asked for")
    agents: list[AgentStatus]
    changed: int
    unchanged: int
    failed: int
    note: str | None = Field(default=None)


def resolve_all(wanted: list[str], everything: list[Choice]) -> dict[str, Choice]:
    """Every named agent by ID, or one error naming each value that matched nothing (or several): all or nothing."""
    by_id = {c.id: c for c in everything}
    found: dict[str, Choice] = {}
    problems: list[ResolutionError] = []
    for value in wanted:
        try:
            agent_id = pick("agent", value, everything)
        except ResolutionError as error:
            problems.append(error)
            continue
        found.setdefault(agent_id, by_id[agent_id])
    if problems:
        # The first message carries the list of valid agents; repeating it for every miss would only add noise.
        rest = [str(e) if e.ambiguous else f"no agent matches {e.value[:100]!r}" for e in problems[1:]]
        raise ToolError("Nothing was changed: " + "; ".join([*rest, str(problems[0])]))
    return found


def _status_of(choice: Choice) -> str | None:
    value = choice.record.get("status")
    return str(value) if value else None


def _row(before: Choice, after: Choice | None, acted: bool, failure: str | None, wanted: Status) -> AgentStatus:
    now = after or before
    status = _status_of(now)
    if not acted:
        outcome: Outcome = "unchanged"
    elif status == wanted:
        outcome, failure = "changed", None  # a lost answer whose write did happen counts as done
    else:
        outcome = "failed"
        failure = failure or f"Zoho accepted the request but still reports status {status}; check with list_agents"
    return AgentStatus(id=now.id, name=now.name, email=now.email, status=status, outcome=outcome, error=failure)


def status_rows(
    chosen: dict[str, Choice],
    after: dict[str, Choice],
    acted: set[str],
    failures: dict[str, str],
    wanted: Status,
    note: str | None,
) -> AgentStatusResult:
    """Each agent with its status read back from Zoho; an error when not one of the requested changes worked."""
    rows = [_row(c, after.get(i), i in acted, failures.get(i), wanted) for i, c in chosen.items()]
    failed = [r for r in rows if r.outcome == "failed"]
    unchanged = [r for r in rows if r.outcome == "unchanged"]
    if failed and len(failed) == len(acted):
        reasons = "; ".join(f"{r.name} <{r.email}> ({r.id}): {r.error}" for r in failed)
        already = f" Already {wanted}: {', '.join(r.name for r in unchanged)}." if unchanged else ""
        raise ToolError(f"No agent was set to {wanted}. {reasons}{already}")
    if failed:
        note = f"{len(failed)} of {len(acted)} changes failed (see each agent's error); the others were made. " + (
            note or ""
        )
    return AgentStatusResult(
        status=wanted,
        agents=rows,
        changed=len(rows) - len(failed) - len(unchanged),
        unchanged=len(unchanged),
        failed=len(failed),
        note=note.strip() if note else None,
    )


async def department_names(svc: DeskServices, org_id: str) -> dict[str, str]:
    """Department ID → name, from the resolver's cached list (free once any department was resolved)."""
    return {c.id: c.name for c in await svc.resolver.choices("departments", org_id)}


def row(agent: Agent, names: dict[str, str]) -> AgentRow:
    return AgentRow(
        id=agent.id,
        name=agent.display_name,
        email=agent.email_id,
        status=agent.status,
        departments=[names.get(i, i) for i in agent.associated_department_ids or []],
    )
