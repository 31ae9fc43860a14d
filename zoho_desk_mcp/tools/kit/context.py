"""What every tool works with: the process's one Desk client, its resolver, and the server's defaults.

The server builds one `DeskServices` per process and its lifespan yields it (SSE runs a lifespan per connection,
so the object itself lives at process level); tools reach it through their `Context`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mcp.server.mcpserver import Context

from ...client import DeskClient, Resolver
from .audit import AuditLog
from .fetching import FileDataOptions


@dataclass(eq=False)  # hashable by identity: domains may key their own per-process state on it
class DeskServices:
    """The shared client and resolver; `granted_scopes` is None when the token's scopes are unknown.

    `file_options` are the limits and hooks the file tools download `fileData` URLs with (None: the defaults);
    tests set a fake resolver and transport here to drive the SSRF guard end to end. `audit` receives one record
    per write (None: stderr).
    """

    client: DeskClient
    resolver: Resolver
    granted_scopes: frozenset[str] | None = None
    file_options: FileDataOptions | None = None
    audit: AuditLog | None = None


Ctx = Context[Any, Any]
"""The context every tool receives (the SDK's, with our lifespan's DeskServices behind it)."""


def services(ctx: Ctx) -> DeskServices:
    """The process's DeskServices, as the lifespan yielded them."""
    found = ctx.request_context.lifespan_context
    if not isinstance(found, DeskServices):  # a server built without our lifespan: a wiring bug
        raise RuntimeError("the Zoho Desk services are not available in this server's lifespan")
    return found
