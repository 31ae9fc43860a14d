"""The admin tools for agents: list them, invite one (the licence limit explained), activate or deactivate them."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from ...client import Agent, AgentsAPI, InvalidDataError, LicenseLimitError, WriteOutcomeUnknown, ZohoDeskError
from ..agents.models import AgentList, AgentRow, AgentStatusResult, NewAgent, Status, resolve_all, status_rows
from ..kit.args import MultiValue, Organization, from_alias, values
from ..kit.context import DeskServices, services
from ..kit.errors import InputError, describe
from ..kit.pickers import OrgId
from ..kit.registry import ToolSpec, desk_tool

MAX_PAGE = 200  # Zoho's largest agents page
SEARCH_CHARS = 98  # Zoho's searchStr takes 1-100 characters; two of them are our `*` wildcards
ACTIVATE_BATCH = 50  # Zoho's ID-list endpoints take at most 50 IDs
RolePermissionType = Literal["Admin", "AgentPublic", "AgentPersonal", "AgentTeamPersonal", "Light"]
INVITED = (
    "Zoho e-mailed {email} an invitation: isConfirmed stays false until they accept it, and they cannot sign in "
    "before that. They are listed by list_agents meanwhile."
)
DISABLED_NOTE = (
    "Deactivated agents can no longer sign in and get no new tickets; their tickets stay assigned to them "
    "(reassign them with update_ticket if needed). set_agent_status with status ACTIVE restores access."
)


async def department_names(svc: DeskServices, org_id: str) -> dict[str, str]:
    """Department ID → name, from the resolver's cached list (free once any department was resolved)."""
    return {c.id: c.name for c in await svc.resolver.choices("departments", org_id)}


def row(agent: Agent, names: dict[str, str]) -> AgentRow:
    return AgentRow(
        id=agent.id,
        name=agent.display_name,
        emailId=agent.email_id,
        status=agent.status,
        departments=[names.get(i, i) for i in agent.associated_department_ids or []],
    )


def search_filters(search: str | None) -> dict[str, str]:
    """Zoho's `searchStr` as "contains" (`*text*`); a text with a space is a full name, matched on `name`."""
    text = " ".join((search or "").replace("*", " ").split())
    if not text:
        return {}
    if len(text) > SEARCH_CHARS:
        raise InputError(f"search is at most {SEARCH_CHARS} characters: part of a name or an e-mail address")
    return {"searchStr": f"*{text}*", **({"fieldName": "name"} if " " in text else {})}


@desk_tool(
    name="list_agents",
    title="List agents",
    toolset="admin",
    read_only=True,
    destructive=False,
    idempotent=True,
    open_world=True,
    scopes=[("Desk.basic.READ", "Desk.settings.READ", "Desk.agents.READ")],
)
@from_alias
async def list_agents(
    ctx: Context[Any, Any],
    orgId: OrgId,
    *,
    organization: Organization = None,
    department: Annotated[str | None, Field(description="Only agents of this department (name or ID)")] = None,
    status: Annotated[Status | None, Field(description="ACTIVE or DISABLED (deactivated); omitted: both")] = None,
    search: Annotated[
        str | None,
        Field(description="Part of the agent's name or e-mail address, any case (`jane`, `Jane Doe`, `@acme.com`)"),
    ] = None,
    from_: Annotated[int, Field(alias="from", ge=1, description="1-based position of the first row (default 1)")] = 1,
    limit: Annotated[int, Field(ge=1, le=MAX_PAGE, description="Rows per page, 1-200 (default 50)")] = 50,
) -> AgentList:
    """List the organization's agents (support staff) with their e-mail, status and departments.

    Filter by department (name or ID), status (ACTIVE, DISABLED) or a search text matched anywhere in the name
    or e-mail. Paged: pass `nextFrom` as `from` while `hasMore` is true. Use it to find whom to (de)activate.
    """
    svc = services(ctx)
    filters: dict[str, Any] = {"status": status, **search_filters(search)}
    if department and department.strip():
        filters["departmentIds"] = await svc.resolver.department(orgId, department)
    api = svc.client.org(orgId).agents
    found = await api.page(start=from_ - 1, limit=min(limit + 1, MAX_PAGE), **filters)
    has_more = len(found) > limit
    if len(found) == limit == MAX_PAGE:  # no room for the look-ahead row: ask for one row past the page
        has_more = bool(await api.page(start=from_ - 1 + limit, limit=1, **filters))
    names = await department_names(svc, orgId) if found else {}
    rows = [row(agent, names) for agent in found[:limit]]
    return AgentList.model_validate(
        {
            "agents": rows,
            "count": len(rows),
            "from": from_,
            "limit": limit,
            "hasMore": has_more,
            "nextFrom": from_ + limit if has_more else None,
        }
    )


def licence_text(error: LicenseLimitError, email: str) -> str:
    """What the limit is and the two ways out, in the model's terms (tool names and arguments)."""
    light = error.feature == "LIGHT_AGENTS"
    seats = "light-agent licences" if light else "agent licences"
    edition = error.extra.get("editionType")
    edition_text = f"Zoho Desk {edition} edition" if edition else "Zoho Desk edition"
    count = f"{error.max_allowed} " if error.max_allowed is not None else ""
    return (
        f"{email} was not added: the organization's {edition_text} has {count}{seats} and all of them are in use "
        f"(Zoho said {error.error_code}, feature {error.feature}). Nothing was changed. To add this agent, either "
        "free a licence by deactivating an agent who no longer needs access (list_agents status=ACTIVE shows who "
        "holds one; then set_agent_status status=DISABLED; that agent keeps their tickets and can be reactivated "
        "later), or have an administrator buy more licences or upgrade the edition in Zoho Desk "
        "(Setup > Subscription)."
    )


def is_duplicate_email(error: InvalidDataError) -> bool:
    return any(
        f.field_name.lstrip("/") == "emailId" and ("duplicate" in f.error_type.lower() or "exist" in f.message.lower())
        for f in error.field_errors
    )


async def duplicate_text(svc: DeskServices, org_id: str, email: str) -> str:
    """Name the agent who already has the address, and how to give them access again if they are disabled."""
    agents = await svc.resolver.choices("agents", org_id, fresh=True)
    same = [c for c in agents if (c.email or "").casefold() == email.casefold()]
    if not same:
        return f"Zoho refused {email}: an agent with this e-mail address already exists. Nothing was changed."
    holder = same[0]
    state = str(holder.record.get("status") or "unknown")
    hint = " To give them access again, use set_agent_status with status ACTIVE." if state == "DISABLED" else ""
    return (
        f"An agent with the e-mail address {email} already exists: {holder.label()}, status {state}. "
        f"Nothing was changed.{hint}"
    )


@desk_tool(
    name="add_agent",
    title="Add (invite) an agent",
    toolset="admin",
    read_only=False,
    destructive=False,
    idempotent=False,
    open_world=True,
    scopes=[("Desk.basic.CREATE", "Desk.settings.CREATE", "Desk.agents.CREATE")],
)
async def add_agent(
    ctx: Context[Any, Any],
    orgId: OrgId,
    *,
    organization: Organization = None,
    emailId: Annotated[str, Field(description="The new agent's e-mail address; Zoho sends the invitation there")],
    lastName: Annotated[str, Field(description="Last name (up to 50 characters)")],
    departments: Annotated[
        MultiValue,
        Field(description="The departments the agent works in: names or IDs, a JSON list or comma-separated"),
    ],
    firstName: Annotated[str | None, Field(description="First name (up to 50 characters)")] = None,
    rolePermissionType: Annotated[
        RolePermissionType,
        Field(
            description=(
                "Admin (full set-up rights), AgentPublic (sees all tickets of their departments; default), "
                "AgentPersonal (only their own tickets), AgentTeamPersonal (own and team tickets), Light "
                "(read and comment only; a separate, cheaper licence)"
            )
        ),
    ] = "AgentPublic",
) -> NewAgent:
    """Add an agent to the organization: Zoho e-mails them an invitation, and it uses one agent licence.

    Departments by name or ID (list_options kind=departments lists them). When every licence is in use the
    error says how to free one (set_agent_status) or upgrade. Not idempotent: check list_agents before retrying.
    """
    svc = services(ctx)
    email, last = emailId.strip(), lastName.strip()
    if "@" not in email:
        raise InputError(f"emailId must be the new agent's e-mail address, like jane@example.com, not {email[:60]!r}")
    if not last:
        raise InputError("lastName is required (Zoho needs at least a last name)")
    wanted = values(departments)
    if not wanted:
        raise InputError("departments: name at least one department (name or ID); list_options kind=departments")
    dept_ids = list(dict.fromkeys([await svc.resolver.department(orgId, d) for d in wanted]))
    names = await department_names(svc, orgId)
    try:
        agent = await svc.client.org(orgId).agents.add(
            email_id=email,
            last_name=last,
            first_name=(firstName or "").strip() or None,
            department_ids=dept_ids,
            role_permission_type=rolePermissionType,
        )
    except LicenseLimitError as error:
        raise ToolError(licence_text(error, email)) from None
    except InvalidDataError as error:
        if is_duplicate_email(error):
            raise ToolError(await duplicate_text(svc, orgId, email)) from None
        raise
    except WriteOutcomeUnknown:
        raise ToolError(
            f"The request reached Zoho but its answer was lost, so {email} may or may not have been added. Do not "
            f"repeat it blindly: list_agents search={email} shows whether the agent exists."
        ) from None
    svc.resolver.invalidate(orgId)  # the agents dropdown and name resolution must see the newcomer
    base = row(agent, names)
    return NewAgent(
        **base.model_dump(),
        isConfirmed=agent.is_confirmed,
        rolePermissionType=agent.role_permission_type,
        note=INVITED.format(email=agent.email_id or email),
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
    ctx: Context[Any, Any],
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
) -> AgentStatusResult:
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
    return status_rows(chosen, after, set(todo), failures, status, DISABLED_NOTE if status == "DISABLED" else None)


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


TOOLS: list[ToolSpec] = [list_agents, add_agent, set_agent_status]
