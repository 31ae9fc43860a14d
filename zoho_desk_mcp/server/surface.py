"""Which tools a server offers — the chosen toolsets, read-only mode, the token's scopes — and `--toolsets dynamic`.

Everything is derived from the tools' own declarations (tools/kit/registry.py). In dynamic mode the server starts
with the `tickets` toolset plus `list_toolsets` and `enable_toolset`; enabling a toolset registers its tools at run
time (read-only mode and scope hiding still apply) and tells the client with `notifications/tools/list_changed`.
The chosen toolsets belong to the server process, so on a shared HTTP server enabling one enables it for everyone.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any

from mcp.server.lowlevel.server import NotificationOptions
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult, ServerCapabilities, ToolAnnotations
from pydantic import Field

from ..config import DYNAMIC, ConfigError, Settings
from ..tools import ALL_TOOLS, DEFAULT_TOOLSETS, TOOLSETS, ToolSpec, install, select
from ..tools.kit.output import Slim, answer

if TYPE_CHECKING:
    from .app import DeskMCPServer

logger = logging.getLogger(__name__)
DYNAMIC_START = ("tickets",)


def chosen_toolsets(settings: Settings) -> tuple[tuple[str, ...], bool]:
    """The toolsets to start with and whether the model may enable more; unknown names are a ConfigError."""
    names = settings.toolsets or DEFAULT_TOOLSETS
    if names == (DYNAMIC,):
        return DYNAMIC_START, True
    unknown = [n for n in names if n not in TOOLSETS]
    if unknown:
        raise ConfigError(
            f"ZOHO_DESK_TOOLSETS / --toolsets: unknown toolset(s) {', '.join(unknown)}; choose from "
            f"{', '.join(TOOLSETS)}, or {DYNAMIC}"
        )
    return tuple(names), False


class ToolSurface:
    """The tools on offer and why each other one is not; the one place that adds and removes tools."""

    def __init__(self, server: DeskMCPServer, settings: Settings, specs: Iterable[ToolSpec] = ALL_TOOLS) -> None:
        self.server = server
        self.specs = list(specs)
        self.toolsets, self.dynamic = chosen_toolsets(settings)
        self.read_only = settings.read_only
        self.granted: frozenset[str] | None = None

    def apply(self) -> list[str]:
        """Install what is now offered, withhold the rest; the names newly offered."""
        offered, withheld = select(
            self.specs, toolsets=self.toolsets, read_only=self.read_only, granted_scopes=self.granted
        )
        listed = self.server.tool_names()
        new = [spec for spec in offered if spec.name not in listed]
        install(self.server, new)
        for spec in new:
            self.server.withheld.pop(spec.name, None)
            self.server.aliases[spec.name] = spec.aliases
        self.server.withhold(withheld)
        return [spec.name for spec in new]

    def restrict_to_scopes(self, granted: frozenset[str] | None) -> None:
        """Hide what the token cannot do (None: its scopes are unknown, so nothing is hidden for them)."""
        if granted is not None:
            self.granted = granted
            self.apply()

    def enable(self, toolset: str) -> list[str]:
        if toolset not in TOOLSETS:
            raise ToolError(f"toolset {toolset[:40]!r} does not exist; choose from {', '.join(TOOLSETS)}")
        if toolset not in self.toolsets:
            self.toolsets = (*self.toolsets, toolset)
        return self.apply()

    def install_dynamic_tools(self) -> None:
        if self.dynamic:
            add_dynamic_tools(self)
            announce_tool_changes(self.server)


class ToolsetRow(Slim):
    name: str
    description: str
    enabled: bool
    tools: list[str]


class ToolsetList(Slim):
    toolsets: list[ToolsetRow]


class Enabled(Slim):
    toolset: str
    added: list[str]
    withheld: dict[str, str] | None = None


def add_dynamic_tools(surface: ToolSurface) -> None:
    """`list_toolsets` and `enable_toolset`, the two tools of dynamic mode."""

    async def list_toolsets() -> CallToolResult:
        """List the toolsets, whether each is enabled and its tools. Enable one with enable_toolset."""
        rows = [
            ToolsetRow(
                name=name,
                description=text,
                enabled=name in surface.toolsets,
                tools=[s.name for s in surface.specs if name in s.toolsets],
            )
            for name, text in TOOLSETS.items()
        ]
        return answer(ToolsetList(toolsets=rows))

    async def enable_toolset(
        toolset: Annotated[str, Field(description=", ".join(TOOLSETS))], ctx: Context[Any, Any]
    ) -> CallToolResult:
        """Enable a toolset: its tools are added to this server's tool list."""
        added = surface.enable(toolset.strip().lower())
        if added:
            await notify_tools_changed(ctx)
        wanted = {s.name for s in surface.specs if toolset in s.toolsets}
        withheld = {n: r for n, r in surface.server.withheld.items() if n in wanted}
        return answer(Enabled(toolset=toolset, added=added, withheld=withheld or None))

    read = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)
    changes = ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=True, open_world_hint=False)
    surface.server.add_tool(list_toolsets, name="list_toolsets", title="List toolsets", annotations=read)
    surface.server.add_tool(enable_toolset, name="enable_toolset", title="Enable a toolset", annotations=changes)


def announce_tool_changes(server: DeskMCPServer) -> None:
    """Declare `tools.listChanged` on handshake-era connections, as the spec asks of a server that sends it.

    MCPServer has no setting for it (its lowlevel server takes NotificationOptions only when built by hand), so the
    capability builder is wrapped; 2026 connections derive the flag from `subscriptions/listen` by themselves.
    """
    lowlevel = server._lowlevel_server
    build = lowlevel.get_capabilities

    def with_tool_changes(
        notification_options: NotificationOptions | None = None, *args: Any, **kwargs: Any
    ) -> ServerCapabilities:
        options = notification_options or NotificationOptions()
        options.tools_changed = True
        return build(options, *args, **kwargs)

    lowlevel.get_capabilities = with_tool_changes  # type: ignore[method-assign]


async def notify_tools_changed(ctx: Context[Any, Any]) -> None:
    """Tell the client its tool list changed: on the session (handshake-era clients) and on the listen bus."""
    try:
        await ctx.request_context.session.send_tool_list_changed()
    except Exception:  # a stateless request has no session to notify
        logger.debug("no session to send tools/list_changed to")
    with contextlib.suppress(ValueError):
        await ctx.notify_tools_changed()
