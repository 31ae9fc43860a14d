"""list_agents: the organization's agents with e-mail, status and departments, paged."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.types import CallToolResult
from pydantic import Field

from ..kit.args import Organization, from_alias
from ..kit.context import Ctx, services
from ..kit.errors import InputError
from ..kit.output import answer
from ..kit.pickers import OrgId
from ..kit.registry import desk_tool
from .models import (
    AgentList,
    Status,
    department_names,
    row,
)

MAX_PAGE = 200  # Zoho's largest agents page
SEARCH_CHARS = 98  # Zoho's searchStr takes 1-100 characters; two of them are our `*` wildcards


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
    ctx: Ctx,
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
) -> CallToolResult:
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
    next_from = from_ + limit if has_more else None
    page = {"agents": rows, "count": len(rows), "from": from_, "limit": limit, "has_more": has_more}
    return answer(AgentList.model_validate({**page, "next_from": next_from}))
