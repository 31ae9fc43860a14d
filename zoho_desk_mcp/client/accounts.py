"""Accounts of an organization: list, get, statistics, their tickets and contacts, search, and lookup by name.

Zoho counts `from` from 1 on `GET /accounts` and `GET /accounts/{id}/tickets` (Account.json: minimum 1,
default 1) and from 0 everywhere else; every method here takes a 0-based `start` and sends what Zoho expects.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

from .contacts import Contact
from .matching import Choice
from .models import ZohoModel, parse, parse_rows
from .pagination import paginate, rows_of
from .resource import OrgResource, without_none
from .searched import Searched, find
from .ticket_stats import Found, TicketStatistics, count_of
from .tickets import Ticket

MAX_LIMIT = 99  # Account.json: accounts, an account's tickets and its contacts all stop at 99
SEARCH_MAX_LIMIT = 100


class AccountOwner(ZohoModel):
    id: str | None = None
    first_name: str | None = None
    last_name: str | None = None


class Account(ZohoModel):
    id: str
    account_name: str | None = None
    website: str | None = None
    phone: str | None = None
    email: str | None = None
    industry: str | None = None
    description: str | None = None
    owner_id: str | None = None
    web_url: str | None = None
    created_time: str | None = None
    modified_time: str | None = None
    cf: dict[str, Any] | None = None
    owner: AccountOwner | None = None

    @property
    def name(self) -> str:
        return self.account_name or self.id


class AccountsAPI(OrgResource):
    async def page(self, *, start: int = 0, limit: int = MAX_LIMIT, sort_by: str | None = None) -> list[Account]:
        """One page of `GET /accounts` (`sort_by`: accountName, createdTime..., `-` for descending)."""
        params = without_none({"from": start + 1, "limit": limit, "sortBy": sort_by})
        return parse_rows(Account, rows_of(await self._get("/accounts", params)))

    async def iterate(self, *, max_items: int | None = None, sort_by: str | None = None) -> AsyncIterator[Account]:
        async def fetch(start: int, limit: int) -> list[Account]:
            return await self.page(start=start, limit=limit, sort_by=sort_by)

        async for account in paginate(fetch, page_size=MAX_LIMIT, max_items=max_items):
            yield account

    async def get(self, account_id: str, *, include_owner: bool = False) -> Account:
        params = {"include": "owner"} if include_owner else None
        return parse(Account, await self._get(f"/accounts/{account_id}", params))

    async def statistics(self, account_id: str, *, department_id: str | None = None) -> TicketStatistics:
        params = without_none({"departmentId": department_id})
        return parse(TicketStatistics, await self._get(f"/accounts/{account_id}/statistics", params))

    async def tickets(
        self,
        account_id: str,
        *,
        start: int = 0,
        limit: int = MAX_LIMIT,
        sort_by: str | None = "-createdTime",
        include: Sequence[str] | None = None,
        department_id: str | None = None,
    ) -> list[Ticket]:
        """One page of the account's tickets, newest first unless `sort_by` says otherwise."""
        params = without_none({"from": start + 1, "limit": limit, "sortBy": sort_by,
                               "include": ",".join(include) if include else None, "departmentId": department_id})
        return parse_rows(Ticket, rows_of(await self._get(f"/accounts/{account_id}/tickets", params)))

    async def contacts(
        self, account_id: str, *, start: int = 0, limit: int = MAX_LIMIT, sort_by: str | None = None
    ) -> list[Contact]:
        """One page of the account's contacts."""
        params = without_none({"from": start, "limit": limit, "sortBy": sort_by})
        return parse_rows(Contact, rows_of(await self._get(f"/accounts/{account_id}/contacts", params)))

    async def search(
        self, *, start: int = 0, limit: int = SEARCH_MAX_LIMIT, **criteria: Any
    ) -> Found[Account]:
        """One page of `GET /accounts/search`; criteria by Zoho's names (accountName, _all, id, sortBy...)."""
        body = await self._get("/accounts/search", {**without_none(criteria), "from": start, "limit": limit})
        return Found(parse_rows(Account, rows_of(body)), count_of(body))


def account_choice(account: Account) -> Choice:
    """A client `Account` as a Choice: its name and Zoho row (accounts have no e-mail to match on)."""
    return Choice(account.id, account.name, None, record=account.raw())


async def find_account(api: AccountsAPI, value: str, more: str | None = None) -> Choice:
    """The account `value` names: an ID, or a name matched as contacts are (exact phrase, then word prefixes,
    accents and case ignored). No match or a tie raises `ResolutionError` listing the closest accounts."""

    async def get(account_id: str) -> Choice:
        return account_choice(await api.get(account_id))

    async def search(**criteria: Any) -> list[Choice]:
        return [account_choice(a) for a in (await api.search(**criteria)).rows]

    spec = Searched("account", get, search, name_field="accountName", email_field=None)
    return await find(spec, value, more)
