"""The agent tools (admin toolset): list agents, invite one, activate or deactivate them."""

from __future__ import annotations

from ..kit.registry import ToolSpec
from .invite import add_agent
from .listing import list_agents
from .status import set_agent_status

TOOLS: list[ToolSpec] = [list_agents, add_agent, set_agent_status]
