"""What every tool works with: the process's one Desk client, its resolver, and the server's defaults.

The server builds one `DeskServices` per process and its lifespan yields it (SSE runs a lifespan per connection,
so the object itself lives at process level); tools reach it through their `Context`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mcp.server.mcpserver import Context

from ..client import DeskClient, Resolver


@dataclass
class DeskServices:
    """The shared client and resolver; `granted_scopes` is None when the token's scopes are unknown."""

    client: DeskClient
    resolver: Resolver
    granted_scopes: frozenset[str] | None = None
    notes: dict[str, Any] = field(default_factory=dict)


def services(ctx: Context[Any, Any]) -> DeskServices:
    """The process's DeskServices, as the lifespan yielded them."""
    found = ctx.request_context.lifespan_context
    if not isinstance(found, DeskServices):  # a server built without our lifespan: a wiring bug
        raise RuntimeError("the Zoho Desk services are not available in this server's lifespan")
    return found
