"""MCP tools and resources over the Desk client: schemas, annotations, slim outputs, one error translation."""

from __future__ import annotations

from .agents import core as agents
from .conversation import core as conversation
from .files import core as files
from .kit.registry import DEFAULT_TOOLSETS, TOOLSETS, ToolSpec, install, missing_scopes, select
from .options import core as options
from .options.resources import register_resources
from .tickets import core as tickets
from .tickets import search, trash
from .tickets import update as ticket_update

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
