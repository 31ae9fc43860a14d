"""Tickets: create, get (with `include`), list with Zoho's filters, update, move to trash, search."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .models import ZohoModel, parse
from .pagination import rows_of
from .resource import OrgResource, without_none

MAX_LIMIT = 100
SEARCH_MAX_LIMIT = 100
INCLUDES = ("contacts", "products", "assignee", "departments", "team", "contract", "isRead", "skills")


class LinkedRecord(ZohoModel):
    """A nested {id, name...} that Zoho adds with `include` (department, team, product)."""

    id: str | None = None
    name: str | None = None


class TicketPerson(ZohoModel):
    """The nested assignee or contact that Zoho adds with `include`."""

    id: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None


class Ticket(ZohoModel):
    """A ticket as Zoho sends it; list rows are slimmer (no description); counts are strings."""

    id: str
    ticket_number: str | None = None
    subject: str | None = None
    description: str | None = None
    status: str | None = None
    status_type: str | None = None
    priority: str | None = None
    channel: str | None = None
    classification: str | None = None
    category: str | None = None
    sub_category: str | None = None
    language: str | None = None
    resolution: str | None = None
    department_id: str | None = None
    contact_id: str | None = None
    assignee_id: str | None = None
    team_id: str | None = None
    product_id: str | None = None
    email: str | None = None
    phone: str | None = None
    created_time: str | None = None
    modified_time: str | None = None
    due_date: str | None = None
    closed_time: str | None = None
    web_url: str | None = None
    thread_count: str | None = None
    comment_count: str | None = None
    attachment_count: str | None = None
    cf: dict[str, Any] | None = None
    department: LinkedRecord | None = None
    team: LinkedRecord | None = None
    product: LinkedRecord | None = None
    assignee: TicketPerson | None = None
    contact: TicketPerson | None = None


@dataclass(frozen=True)
class SearchPage:
    """One page of `GET /tickets/search`: the rows and Zoho's `count` of all matches (when it sends one)."""

    tickets: list[Ticket]
    count: int | None


class TicketsAPI(OrgResource):
    async def create(self, fields: Mapping[str, Any]) -> Ticket:
        """`POST /tickets` with Zoho's camelCase fields (subject, departmentId, contactId or contact{}, ...).

        Never retried once sent: if its answer is lost this raises `WriteOutcomeUnknown`.
        """
        return parse(Ticket, await self._post("/tickets", without_none(fields)))

    async def get(self, ticket_id: str, *, include: Sequence[str] | None = None) -> Ticket:
        return parse(Ticket, await self._get(f"/tickets/{ticket_id}", without_none({"include": include})))

    async def page(self, *, start: int = 0, limit: int = MAX_LIMIT, **filters: Any) -> list[Ticket]:
        """One page of `GET /tickets`; filters by Zoho's names (departmentIds, status, sortBy...)."""
        rows = await self._rows("/tickets", without_none(filters), start, limit)
        return [Ticket.model_validate(r) for r in rows]

    async def iterate(self, *, max_items: int | None = None, **filters: Any) -> AsyncIterator[Ticket]:
        async for row in self._walk("/tickets", without_none(filters), page_size=MAX_LIMIT, max_items=max_items):
            yield Ticket.model_validate(row)

    async def update(self, ticket_id: str, fields: Mapping[str, Any]) -> Ticket:
        """`PATCH /tickets/{id}`: only the given fields change; a None value is sent as null (clears it)."""
        return parse(Ticket, await self._patch(f"/tickets/{ticket_id}", dict(fields)))

    async def move_to_trash(self, ticket_ids: Sequence[str]) -> None:
        """Trashed tickets stay recoverable for 60 days."""
        await self._post("/tickets/moveToTrash", {"ticketIds": list(ticket_ids)})

    async def search(self, *, start: int = 0, limit: int = SEARCH_MAX_LIMIT, **criteria: Any) -> SearchPage:
        """One page of `GET /tickets/search`; criteria by Zoho's names (subject, ticketNumber, _all, ...)."""
        params = {**without_none(criteria), "from": start, "limit": limit}
        body = await self._get("/tickets/search", params)
        rows = rows_of(body) or []
        count = body.get("count") if isinstance(body, dict) else None
        return SearchPage(
            [Ticket.model_validate(r) for r in rows], int(count) if isinstance(count, int | str) else None
        )
