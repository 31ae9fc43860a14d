"""The one registry of tools: each tool's toolset, annotations and needed scopes, and the filters built on them.

Toolsets, `--read-only` and scope-based hiding are all derived from what a tool declares here, never from a
second hand-kept list (github-mcp-server's single source of truth).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from mcp.server import MCPServer
from mcp.types import ToolAnnotations

from ...auth import scope_covers
from .argcheck import refuse_unencodable
from .audit import audited
from .client_log import forwarding
from .errors import as_tool_errors

TOOLSETS: dict[str, str] = {
    "tickets": "read tickets, customers and articles; create tickets; upload and attach files",
    "triage": "update tickets (one or many), comment, draft replies",
    "reply": "send e-mail replies to customers",
    "customers": "create and update contacts",
    "knowledge": "search and read knowledge-base articles",
    "admin": "list, invite, activate and deactivate agents",
    "danger": "trash, merge and mark tickets as spam",
}
"""Every toolset and what it offers (list_toolsets shows these lines)."""
DEFAULT_TOOLSETS = ("tickets", "triage")

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class ToolSpec:
    """A tool and what it declares: the MCP annotations and which OAuth scopes it needs (any one per group)."""

    fn: Callable[..., Awaitable[Any]]
    name: str
    title: str
    toolsets: tuple[str, ...]
    read_only: bool
    destructive: bool
    idempotent: bool
    open_world: bool
    scopes: tuple[tuple[str, ...], ...]
    aliases: Mapping[str, str] = field(default_factory=dict)

    @property
    def toolset(self) -> str:
        """The toolset the tool belongs to first (where the docs list it)."""
        return self.toolsets[0]

    @property
    def annotations(self) -> ToolAnnotations:
        return ToolAnnotations(
            title=self.title,
            read_only_hint=self.read_only,
            destructive_hint=self.destructive,
            idempotent_hint=self.idempotent,
            open_world_hint=self.open_world,
        )

    @property
    def description(self) -> str:
        return inspect.cleandoc(self.fn.__doc__ or "")


def desk_tool(
    *,
    name: str,
    title: str,
    toolset: str,
    read_only: bool,
    destructive: bool = False,
    idempotent: bool = False,
    open_world: bool = True,
    scopes: Iterable[str | tuple[str, ...]] = (),
    also: Iterable[str] = (),
    aliases: Mapping[str, str] | None = None,
) -> Callable[[Callable[P, Awaitable[R]]], ToolSpec]:
    """Declare a tool; its Zoho and input errors become tool errors the model can read and act on.

    `also` names further toolsets that offer the tool; `aliases` maps accepted old argument names to the
    argument they stand for (`{"ticketId": "ticket"}`). A tool that is not read-only leaves one audit record per
    call (kit/audit.py), whatever its outcome.
    """
    toolsets = (toolset, *also)
    unknown = [t for t in toolsets if t not in TOOLSETS]
    if unknown:
        raise ValueError(f"unknown toolset(s) {unknown!r}")

    def declare(fn: Callable[P, Awaitable[R]]) -> ToolSpec:
        groups = tuple((g,) if isinstance(g, str) else tuple(g) for g in scopes)
        needs = "; ".join(" or ".join(group) for group in groups)

        @functools.wraps(fn)
        async def run(*args: P.args, **kwargs: P.kwargs) -> R:
            async with forwarding(kwargs.get("ctx")):
                with as_tool_errors(needed_scopes=needs):
                    refuse_unencodable(kwargs)
                    if read_only:
                        return await fn(*args, **kwargs)
                    async with audited(name, args, kwargs) as entry:
                        result = await fn(*args, **kwargs)
                        entry.succeeded(result)
                        return result

        return ToolSpec(
            run, name, title, toolsets, read_only, destructive, idempotent, open_world, groups, dict(aliases or {})
        )

    return declare


def missing_scopes(spec: ToolSpec, granted: Iterable[str]) -> list[str]:
    """The scope groups this tool needs that the granted scopes do not cover (empty: usable)."""
    have = list(granted)
    return [" or ".join(group) for group in spec.scopes if not any(scope_covers(g, n) for g in have for n in group)]


def withheld_reason(
    spec: ToolSpec, *, toolsets: Iterable[str], read_only: bool, granted_scopes: Iterable[str] | None
) -> str | None:
    """Why this tool is not offered (None: it is), worded as what to change to enable it."""
    chosen = list(toolsets)
    writes_in_read_only = read_only and not spec.read_only
    read_only_text = (
        f"{spec.name} changes data and this server runs read-only (--read-only / ZOHO_DESK_READ_ONLY): "
        "start it without read-only mode"
    )
    if not set(spec.toolsets) & set(chosen):
        wanted = ",".join([*chosen, spec.toolset])
        also = f" and {read_only_text[len(spec.name) + 1 :]}" if writes_in_read_only else ""
        return (
            f"{spec.name} is in the '{spec.toolset}' toolset, which this server does not enable. "
            f"Start the server with --toolsets {wanted} (or ZOHO_DESK_TOOLSETS={wanted}){also} to use it."
        )
    if writes_in_read_only:
        return f"{read_only_text} to use this tool."
    missing = missing_scopes(spec, granted_scopes) if granted_scopes is not None else []
    if missing:
        return (
            f"{spec.name} needs the Zoho scope {'; '.join(missing)}, which the token was not granted. Add it to "
            "ZOHO_SCOPES and run `zoho-desk-mcp auth login` again."
        )
    return None


def select(
    specs: Iterable[ToolSpec],
    *,
    toolsets: Iterable[str] = DEFAULT_TOOLSETS,
    read_only: bool = False,
    granted_scopes: Iterable[str] | None = None,
) -> tuple[list[ToolSpec], dict[str, str]]:
    """The tools to offer, and for each tool withheld the reason (toolset, read-only mode, missing scope)."""
    chosen = list(toolsets)
    unknown = set(chosen) - set(TOOLSETS)
    if unknown:
        raise ValueError(f"unknown toolset(s) {', '.join(sorted(unknown))}; choose from {', '.join(TOOLSETS)}")
    granted = list(granted_scopes) if granted_scopes is not None else None
    offered: list[ToolSpec] = []
    withheld: dict[str, str] = {}
    for spec in specs:
        reason = withheld_reason(spec, toolsets=chosen, read_only=read_only, granted_scopes=granted)
        if reason is None:
            offered.append(spec)
        else:
            withheld[spec.name] = reason
    return offered, withheld


def install(server: MCPServer, specs: Iterable[ToolSpec]) -> None:
    for spec in specs:
        server.add_tool(
            spec.fn, name=spec.name, title=spec.title, description=spec.description, annotations=spec.annotations
        )
