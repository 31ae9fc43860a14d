"""`zohodesk://me`: the agent this server acts as, {id, name, email}: the signed-in user with `--users zoho`, the
token's owner otherwise (in the default organization, or the first one the token reaches)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mcp.server import MCPServer

from ..client import ResolutionError
from ..tools.kit.context import DeskServices


def register_me(mcp: MCPServer, current: Callable[[], DeskServices]) -> None:
    @mcp.resource("zohodesk://me", name="me", title="Me", mime_type="application/json")
    async def me() -> dict[str, Any]:
        """The Zoho Desk agent this server acts as: id, name and e-mail."""
        resolver = current().resolver
        try:
            org_id = await resolver.organization(None)
        except ResolutionError:  # several organizations and no default: any of them knows who we are
            org_id = (await resolver.choices("organizations"))[0].id
        agent = await resolver.me(org_id)
        return {"id": agent.id, "name": agent.name, "email": agent.email}
