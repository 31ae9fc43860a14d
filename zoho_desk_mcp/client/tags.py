"""Ticket tags (TicketTag.json): tag and untag a ticket, a ticket's tags, a department's tags, tickets by tag.

Tags belong to a department. Tagging and untagging need the Desk.tickets.CREATE scope (not UPDATE).
"""

from __future__ import annotations

from collections.abc import Sequence

from .models import ZohoModel
from .pagination import rows_of
from .resource import OrgResource, without_none
from .tickets import Ticket

MAX_LIMIT = 100


class Tag(ZohoModel):
    id: str
    name: str
    tag_type: str | None = None
    ticket_count: str | None = None  # only in department lists


class TagsAPI(OrgResource):
    async def add(self, ticket_id: str, names: Sequence[str]) -> list[Tag]:
        """Tag a ticket (new names become new tags of its department); answers every named tag."""
        body = await self._post(f"/tickets/{ticket_id}/associateTag", {"tags": list(names)})
        return [Tag.model_validate(row) for row in rows_of(body) or []]

    async def remove(self, ticket_id: str, names: Sequence[str]) -> None:
        """Untag a ticket; names it does not carry are ignored."""
        await self._post(f"/tickets/{ticket_id}/dissociateTag", {"tags": list(names)})

    async def of_ticket(self, ticket_id: str) -> list[Tag]:
        body = await self._get(f"/tickets/{ticket_id}/tags")
        return [Tag.model_validate(row) for row in rows_of(body, "tags") or []]

    async def of_department(self, department_id: str, *, sort_by: str | None = None) -> list[Tag]:
        """Every tag of a department with its `ticket_count` (sort_by: createdTime or count, both descending)."""
        params = without_none({"departmentId": department_id, "sortBy": sort_by})
        return [Tag.model_validate(row) async for row in self._walk("/ticketTags", params, page_size=MAX_LIMIT)]

    async def search(self, department_id: str, text: str) -> list[Tag]:
        params = {"departmentId": department_id, "searchVal": text}
        return [Tag.model_validate(row) async for row in self._walk("/tags/search", params, page_size=MAX_LIMIT)]

    async def tickets(self, tag_id: str, *, max_items: int | None = None) -> list[Ticket]:
        rows = self._walk(f"/tags/{tag_id}/tickets", None, page_size=MAX_LIMIT, max_items=max_items)
        return [Ticket.model_validate(row) async for row in rows]
