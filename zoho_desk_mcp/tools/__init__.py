"""MCP tools and resources over the Desk client: one package per domain, built from the kit.

`DOMAINS` is the one list a new domain package is added to; every tool's toolset, annotations and scopes come
from its own `@desk_tool` declaration (kit/registry.py).
"""

from __future__ import annotations

from . import agents, conversation, customers, files, knowledge, options, replies, tickets
from .kit.registry import DEFAULT_TOOLSETS, TOOLSETS, ToolSpec, install, missing_scopes, select
from .options.resources import register_resources

DOMAINS = (tickets, conversation, files, options, agents, customers, knowledge, replies)
ALL_TOOLS: list[ToolSpec] = [spec for domain in DOMAINS for spec in domain.TOOLS]

__all__ = [
    "ALL_TOOLS",
    "DEFAULT_TOOLSETS",
    "TOOLSETS",
    "ToolSpec",
    "install",
    "missing_scopes",
    "register_resources",
    "select",
]
