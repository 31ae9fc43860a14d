"""`list_options`: the dropdown values for clients that cannot read the zohodesk:// resources."""

from __future__ import annotations

import contextlib
from typing import Annotated

from mcp.types import CallToolResult
from pydantic import Field

from ...client import ResolutionError
from ..kit.args import Organization
from ..kit.context import Ctx, services
from ..kit.output import answer
from ..kit.registry import desk_tool
from .dropdowns import Kind, options


@desk_tool(
    name="list_options",
    title="List valid values",
    toolset="tickets",
    read_only=True,
    idempotent=True,
    open_world=True,
    scopes=[("Desk.basic.READ", "Desk.settings.READ")],
)
async def list_options(
    kind: Annotated[
        Kind,
        Field(
            description="ticket-fields: dropdown values and custom fields"
        ),
    ],
    ctx: Ctx,
    organization: Organization = None,
    search: Annotated[
        str | None,
        Field(description="Only rows whose name or e-mail contains this (any case)"),
    ] = None,
) -> CallToolResult:
    """The valid values of the other tools' arguments: pass a row's name, e-mail or id. Use it when unsure of a
    name."""
    svc = services(ctx)
    org_id = None
    if kind != "organizations" and (kind != "ticket-fields" or organization):
        org_id = await svc.resolver.organization(organization)
    elif kind == "ticket-fields":  # the custom fields too, when the organization is clear without naming it
        with contextlib.suppress(ResolutionError):
            org_id = await svc.resolver.organization(None)
    return answer(await options(svc, kind, org_id, search))

