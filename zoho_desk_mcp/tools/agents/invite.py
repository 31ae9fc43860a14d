"""add_agent: invite an agent, with the licence limit and a duplicate e-mail explained."""

from __future__ import annotations

from typing import Annotated, Literal

from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult
from pydantic import Field

from ...client import InvalidDataError, LicenseLimitError, WriteOutcomeUnknown
from ..kit.args import MultiValue, Organization, values
from ..kit.context import Ctx, DeskServices, services
from ..kit.errors import InputError
from ..kit.output import answer
from ..kit.pickers import OrgId
from ..kit.registry import desk_tool
from .models import (
    NewAgent,
    department_names,
    row,
)

RolePermissionType = Literal["Admin", "AgentPublic", "AgentPersonal", "AgentTeamPersonal", "Light"]
INVITED = (
    "Zoho e-mailed {email} an invitation: isConfirmed stays false until they accept it, and they cannot sign in "
    "before that. They are listed by list_agents meanwhile."
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
    aliases={"emailId": "email"},
)
async def add_agent(
    ctx: Ctx,
    orgId: OrgId,
    *,
    organization: Organization = None,
    email: Annotated[str, Field(description="The new agent's e-mail; Zoho sends the invitation there")],
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
) -> CallToolResult:
    """Add an agent to the organization: Zoho e-mails them an invitation, and it uses one agent licence.

    Departments by name or ID (list_options kind=departments lists them). When every licence is in use the
    error says how to free one (set_agent_status) or upgrade. Not idempotent: check list_agents before retrying.
    """
    svc = services(ctx)
    email, last = email.strip(), lastName.strip()
    if "@" not in email:
        raise InputError(f"email must be the new agent's e-mail address, like jane@example.com, not {email[:60]!r}")
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
    return answer(
        NewAgent(
            **dict(base),
            is_confirmed=agent.is_confirmed,
            role_permission_type=agent.role_permission_type,
            note=INVITED.format(email=agent.email_id or email),
        )
    )
