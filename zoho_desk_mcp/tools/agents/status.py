"""set_agent_status: activate or deactivate agents, each outcome read back from Zoho."""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult
from pydantic import Field

from ...client import AgentsAPI, ZohoDeskError
from ..kit.args import MultiValue, Organization, values
from ..kit.context import Ctx, services
from ..kit.errors import InputError, describe
from ..kit.output import answer
from ..kit.pickers import OrgId
from ..kit.registry import desk_tool
from .models import (
    Status,
    resolve_all,
    status_rows,
)

ACTIVATE_BATCH = 50  # Zoho's ID-list endpoints take at most 50 IDs
DISABLED_NOTE = (
    "Deactivated agents can no longer sign in and get no new tickets; their tickets stay assigned to them "
    "(reassign them with update_ticket if needed). set_agent_status with status ACTIVE restores access."
)


@desk_tool(
    name="set_agent_status",
    title="Activate or deactivate agents",
    toolset="admin",
    read_only=False,
    destructive=True,
    idempotent=True,
    open_world=True,
    scopes=[("Desk.basic.UPDATE", "Desk.settings.UPDATE", "Desk.agents.UPDATE")],
)
async def set_agent_status(
    ctx: Ctx,
    orgId: OrgId,
    *,
    organization: Organization = None,
    agents: Annotated[
        MultiValue,
        Field(description="The agents: e-mail addresses, names or IDs, a JSON list or comma-separated"),
    ],
    status: Annotated[
        Status,
        Field(description="ACTIVE (restore access) or DISABLED (deactivate: no sign-in, frees the licence)"),
    ],
) -> CallToolResult:
    """Activate (ACTIVE) or deactivate (DISABLED) one or more agents, by e-mail, name or ID.

    All agents are resolved first: an unknown one changes nothing. You cannot deactivate the agent this
    server is signed in as. Deactivated agents keep their tickets. The result gives each agent's status as
    Zoho reports it afterwards, and names any agent whose change failed.
    """
    svc = services(ctx)
    wanted = values(agents)
    if not wanted:
        raise InputError("agents: name at least one agent (e-mail, name or ID); list_agents lists them")
    chosen = resolve_all(wanted, await svc.resolver.choices("agents", orgId, fresh=True))
    api = svc.client.org(orgId).agents
    if status == "DISABLED":
        me = await api.me()
        if me.id in chosen:
            raise ToolError(
                f"Refused: {chosen[me.id].label()} is the agent this server is signed in as (the Zoho token's "
                "owner); deactivating it would lock this connection out, and Zoho refuses it too. Nothing was "
                "changed. Leave it out of `agents`, or have another administrator do it in Zoho Desk."
            )
    todo = [agent_id for agent_id, c in chosen.items() if c.record.get("status") != status]
    failures = await (deactivate(api, todo) if status == "DISABLED" else activate(api, todo))
    after = {c.id: c for c in await svc.resolver.choices("agents", orgId, fresh=True)} if todo else {}
    note = DISABLED_NOTE if status == "DISABLED" else None
    return answer(status_rows(chosen, after, set(todo), failures, status, note))


async def deactivate(api: AgentsAPI, agent_ids: list[str]) -> dict[str, str]:
    """Zoho deactivates one agent per call: go on past a failure and say which failed and why."""
    failures: dict[str, str] = {}
    for agent_id in agent_ids:
        try:
            await api.deactivate(agent_id)
        except ZohoDeskError as error:
            failures[agent_id] = describe(error)
    return failures


async def activate(api: AgentsAPI, agent_ids: list[str]) -> dict[str, str]:
    """Zoho activates a list at once, all or nothing: a failed batch fails each agent in it."""
    failures: dict[str, str] = {}
    for start in range(0, len(agent_ids), ACTIVATE_BATCH):
        batch = agent_ids[start : start + ACTIVATE_BATCH]
        try:
            await api.activate(batch)
        except ZohoDeskError as error:
            failures.update(dict.fromkeys(batch, describe(error)))
    return failures
