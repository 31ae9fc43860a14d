"""The ticket tools: create, read, list, search, update and trash tickets."""

from __future__ import annotations

from ..kit.registry import ToolSpec
from .create import create_ticket
from .get import get_ticket
from .history import get_ticket_history
from .listing import list_tickets
from .search import search_tickets
from .trash import move_tickets_to_trash
from .update import update_ticket

TOOLS: list[ToolSpec] = [
    create_ticket, get_ticket, list_tickets, search_tickets, update_ticket, move_tickets_to_trash, get_ticket_history,
]
