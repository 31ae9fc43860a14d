"""The ticket tools: create, read, list, search, update and trash tickets."""

from __future__ import annotations

from ..kit.registry import ToolSpec
from .bulk import update_tickets
from .counts import get_ticket_counts
from .create import create_ticket
from .get import get_ticket
from .history import get_ticket_history
from .listing import list_tickets
from .merge import merge_tickets
from .search import search_tickets
from .spam import mark_spam
from .trash import move_tickets_to_trash
from .update import update_ticket

TOOLS: list[ToolSpec] = [
    create_ticket, get_ticket, list_tickets, search_tickets, update_ticket, move_tickets_to_trash, get_ticket_history,
    get_ticket_counts, update_tickets, merge_tickets, mark_spam,
]
