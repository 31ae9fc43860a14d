"""MCP tools and resources over the Desk client: schemas, annotations, slim outputs, one error translation."""

from __future__ import annotations

from . import agents, conversation, files, options, search, ticket_update, tickets, trash
from .registry import DEFAULT_TOOLSETS, TOOLSETS, ToolSpec, install, missing_scopes, select
from .resources import register_resources

ALL_TOOLS: list[ToolSpec] = [
    *tickets.TOOLS,
    *files.TOOLS,
    *options.TOOLS,
    *agents.TOOLS,
    *search.TOOLS,
    *conversation.TOOLS,
    *ticket_update.TOOLS,
    *trash.TOOLS,
]

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
