"""Contacts of an organization: list, get, create, and search (by e-mail, name or any text)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from .models import ZohoModel, parse
from .resource import OrgResource, without_none

MAX_LIMIT = 100
SEARCH_MAX_LIMIT = 100


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

    async def get(self, contact_id: str) -> Contact:
        return parse(Contact, await self._get(f"/contacts/{contact_id}"))

    async def create(self, *, last_name: str, email: str | None = None, **more: Any) -> Contact:
        """Create a contact; `more` takes further Zoho fields by camelCase name (firstName, phone...)."""
        body = without_none({"lastName": last_name, "email": email, **more})
        return parse(Contact, await self._post("/contacts", body))

    async def search(self, *, start: int = 0, limit: int = SEARCH_MAX_LIMIT, **criteria: Any) -> list[Contact]:
        """One page of `GET /contacts/search`; criteria by Zoho's names (email, fullName, _all, ...)."""
        rows = await self._rows("/contacts/search", without_none(criteria), start, limit)
        return [Contact.model_validate(r) for r in rows]
