"""Tags for create_ticket and update_ticket: `tags` adds, `removeTags` (update only) removes.

Zoho keeps tags per department, lower-case, 3 to 100 characters (letters, digits, spaces, `_ . - + %`); the names
are checked here before any write. Tagging is its own call after the ticket's write (it needs the
Desk.tickets.CREATE scope); update_ticket reads the current tags first so that it sends only real changes and
answers them before and after, as it does for fields.
"""

from __future__ import annotations

import re
from typing import Annotated

from mcp.server.mcpserver.exceptions import ToolError

from ...client import Portal, Ticket, ZohoDeskError
from ..kit.args import MultiValue, opt, values
from ..kit.errors import InputError, describe
from ..kit.text import neutralise
from .changes import Change

Tags = Annotated[MultiValue, opt()]
NAME = re.compile(r"^(?!null$)[a-z0-9_.\-+%\s\u0080-\U0010ffff]{3,100}$")


def tag_names(value: MultiValue, argument: str) -> list[str]:
    """The names given, normalised as Zoho keeps them (lower-case, single spaces); a bad one is an InputError."""
    names = list(dict.fromkeys(" ".join(v.split()).lower() for v in values(value)))
    for name in names:
        if not NAME.match(name):
            raise InputError(
                f"{argument}: {name[:60]!r} is not a tag name: 3 to 100 letters, digits, spaces or _ . - + %"
            )
    return names


def search_tag(value: str) -> str:
    """search_tickets' `tag`: one tag name (any case; `*` as a wildcard), 3 to 100 characters."""
    name = " ".join(value.split()).lower()
    if not 3 <= len(name) <= 100:
        raise InputError(f"tag {value[:60]!r} is not a tag name: tags have 3 to 100 characters")
    return name


def joined(names: list[str]) -> str | None:
    return ", ".join(neutralise(n) for n in names) or None


async def retag(portal: Portal, ticket_id: str, add: list[str], remove: list[str]) -> Change | None:
    """Add the missing tags and remove the present ones; the change before and after, or None if none."""
    before = [t.name for t in await portal.tags.of_ticket(ticket_id)]
    adding = [n for n in add if n not in before]
    removing = [n for n in remove if n in before and n not in add]
    if adding:
        await portal.tags.add(ticket_id, adding)
    if removing:
        await portal.tags.remove(ticket_id, removing)
    if not adding and not removing:
        return None
    after = [n for n in before if n not in removing] + adding
    return Change(field="tags", before=joined(before), after=joined(after))


async def tagged(portal: Portal, ticket: Ticket, names: list[str]) -> list[str]:
    """create_ticket's tags, added once the ticket exists; a failure says the ticket was made without them."""
    if not names:
        return []
    try:
        return [t.name for t in await portal.tags.add(ticket.id, names)]
    except ZohoDeskError as error:
        raise ToolError(
            f"The ticket was created (ID {ticket.id}, number {ticket.ticket_number}) but its tags were not added: "
            f"{describe(error)} Add them with update_ticket (tags); do not "
            "create the ticket again."
        ) from None
