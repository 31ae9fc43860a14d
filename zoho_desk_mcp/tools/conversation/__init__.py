"""The conversation tools: read a ticket's threads and comments, add a comment."""

from __future__ import annotations

from ..kit.registry import ToolSpec
from .comment import add_ticket_comment
from .read import get_ticket_conversation

TOOLS: list[ToolSpec] = [get_ticket_conversation, add_ticket_comment]
