"""Recent tickets and one ticket for the resources, in the very shapes list_tickets and get_ticket return.

The rows come from tools/ticket_models (subjects neutralised, descriptions fenced, `untrusted` naming the
customer-written fields). A short-lived per-organization copy of the recent list feeds `ticketId` completion,
which asks on every keystroke; a resource read always fetches afresh.
"""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass

from pydantic import Field

from ..kit.context import DeskServices
from ..kit.output import Ref, Slim
from ..tickets.fields import INCLUDES
from ..tickets.files import files_and_tags, view
from ..tickets.models import UNTRUSTED_NOTE, TicketDetail, TicketRow, detail, row
from ..tickets.query import ALWAYS_INCLUDE

RECENT_LIMIT = 50
COMPLETION_MAX_AGE = 30.0  # seconds


class RecentTickets(Slim):
    """The newest tickets of one organization, newest first."""

    organization: Ref
    tickets: list[TicketRow] = Field(default_factory=list)
    count: int
    untrusted: str = UNTRUSTED_NOTE


@dataclass
class _Fetched:
    at: float
    tickets: RecentTickets


_RECENT: weakref.WeakKeyDictionary[DeskServices, dict[str, _Fetched]] = weakref.WeakKeyDictionary()
"""Per process services, per organization: the last recent-tickets list (completion asks on every keystroke)."""


async def recent_tickets(svc: DeskServices, org: Ref, *, max_age: float = 0.0) -> RecentTickets:
    """The newest tickets (one API call); with `max_age`, a list fetched at most that many seconds ago is reused."""
    cache = _RECENT.setdefault(svc, {})
    hit = cache.get(org.id)
    if hit is not None and time.monotonic() - hit.at < max_age:
        return hit.tickets
    page = await svc.client.org(org.id).tickets.page(
        limit=RECENT_LIMIT, sortBy="-createdTime", include=list(ALWAYS_INCLUDE)
    )
    rows = [row(t, []) for t in page]
    found = RecentTickets(organization=org, tickets=rows, count=len(rows))
    cache[org.id] = _Fetched(time.monotonic(), found)
    return found


async def ticket_view(svc: DeskServices, org_id: str, ticket_id: str) -> TicketDetail:
    """One ticket by ID, as get_ticket shows it with every include (one API call, more for files and tags)."""
    portal = svc.client.org(org_id)
    found = await portal.tickets.get(ticket_id, include=list(INCLUDES))
    return view(detail(found), *await files_and_tags(portal, found))
