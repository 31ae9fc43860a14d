"""Contacts of an organization: list, get, create, update, search, and a contact's statistics and tickets."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

from .models import ZohoModel, parse, parse_rows
from .pagination import rows_of
from .resource import OrgResource, without_none
from .ticket_stats import Found, TicketStatistics, count_of
from .tickets import Ticket

MAX_LIMIT = 100
SEARCH_MAX_LIMIT = 100


class ContactAccount(ZohoModel):
    """The contact's account as Zoho nests it (`include=accounts`, search rows): {id, accountName, website}."""

    id: str | None = None
    account_name: str | None = None
    website: str | None = None


class Contact(ZohoModel):
    id: str
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    secondary_email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    account_id: str | None = None
    type: str | None = None
    web_url: str | None = None
    description: str | None = None
    created_time: str | None = None
    modified_time: str | None = None
    cf: dict[str, Any] | None = None
    account: ContactAccount | None = None

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or self.email or self.id


class ContactsAPI(OrgResource):
    async def page(self, *, start: int = 0, limit: int = MAX_LIMIT, **filters: Any) -> list[Contact]:
        rows = await self._rows("/contacts", without_none(filters), start, limit)
        return [Contact.model_validate(r) for r in rows]

    async def iterate(self, *, max_items: int | None = None, **filters: Any) -> AsyncIterator[Contact]:
        async for row in self._walk("/contacts", without_none(filters), page_size=MAX_LIMIT, max_items=max_items):
            yield Contact.model_validate(row)

    async def get(self, contact_id: str, *, include: Sequence[str] | None = None) -> Contact:
        """One contact; `include` takes "accounts" (the nested account) and "owner"."""
        params = {"include": ",".join(include)} if include else None
        return parse(Contact, await self._get(f"/contacts/{contact_id}", params))

    async def update(self, contact_id: str, fields: Mapping[str, Any]) -> Contact:
        """`PATCH /contacts/{id}` with Zoho's camelCase fields; a None value is sent as null (clears it).

        Never retried once sent: if its answer is lost this raises `WriteOutcomeUnknown`.
        """
        return parse(Contact, await self._patch(f"/contacts/{contact_id}", dict(fields)))

    async def statistics(self, contact_id: str) -> TicketStatistics:
        return parse(TicketStatistics, await self._get(f"/contacts/{contact_id}/statistics"))

    async def tickets(
        self,
        contact_id: str,
        *,
        start: int = 0,
        limit: int = 10,
        sort_by: str | None = "-createdTime",
        include: Sequence[str] | None = None,
        department_id: str | None = None,
    ) -> list[Ticket]:
        """One page of the contact's tickets, newest first unless `sort_by` says otherwise."""
        params = without_none({"from": start, "limit": limit, "sortBy": sort_by,
                               "include": ",".join(include) if include else None, "departmentId": department_id})
        return parse_rows(Ticket, rows_of(await self._get(f"/contacts/{contact_id}/tickets", params)))

    async def create(self, *, last_name: str, email: str | None = None, **more: Any) -> Contact:
        """Create a contact; `more` takes further Zoho fields by camelCase name (firstName, phone...)."""
        body = without_none({"lastName": last_name, "email": email, **more})
        return parse(Contact, await self._post("/contacts", body))

    async def search(self, *, start: int = 0, limit: int = SEARCH_MAX_LIMIT, **criteria: Any) -> list[Contact]:
        """One page of `GET /contacts/search`; criteria by Zoho's names (email, fullName, _all, ...)."""
        rows = await self._rows("/contacts/search", without_none(criteria), start, limit)
        return [Contact.model_validate(r) for r in rows]

    async def find(self, *, start: int = 0, limit: int = SEARCH_MAX_LIMIT, **criteria: Any) -> Found[Contact]:
        """Like `search`, with Zoho's `count` of every match (for "N found, showing M")."""
        body = await self._get("/contacts/search", {**without_none(criteria), "from": start, "limit": limit})
        return Found(parse_rows(Contact, rows_of(body)), count_of(body))
