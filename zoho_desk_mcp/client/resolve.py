"""Names, e-mails and references → Zoho IDs, with a per-organization TTL cache of the small lists.

Departments, agents, teams, products and organizations are cached whole (one list call each, then free until
the TTL ends), so a warm `create_ticket` that names its department, assignee, team and product costs only the
create itself. Contacts are too many to list: each lookup is a search, and its answer is cached. A miss on a
warm cache reloads once (the record may be new) before it becomes a `ResolutionError` listing the choices.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from .errors import NotFoundError
from .matching import Choice, ResolutionError, closest, exact_matches, normalized, pick
from .refs import parse_ticket_ref

if TYPE_CHECKING:
    from .contacts import Contact
    from .core import DeskClient

DEFAULT_TTL_SECONDS = 300.0
MAX_NAME_WORDS = 3  # searches spent, on the error path only, to suggest contacts for an unknown name
Loader = Callable[[], Awaitable[list[Choice]]]

__all__ = ["Choice", "ResolutionError", "Resolver"]


class Resolver:
    """Resolves values for one DeskClient; `clock` is injectable: tests age the cache without sleeping."""

    def __init__(
        self,
        client: DeskClient,
        *,
        ttl: float = DEFAULT_TTL_SECONDS,
        default_org: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.ttl = ttl
        self.default_org = default_org
        self._clock = clock
        self._lists: dict[tuple[str | None, str], tuple[float, list[Choice]]] = {}
        self._found: dict[tuple[str, str, str], tuple[float, str]] = {}
        self._locks: dict[tuple[str | None, str], asyncio.Lock] = {}

    def invalidate(self, org_id: str | None = None) -> None:
        """Forget cached lists and lookups (all, or one organization's) after the caller changed them."""
        self._lists = {k: v for k, v in self._lists.items() if org_id is not None and k[0] != org_id}
        self._found = {k: v for k, v in self._found.items() if org_id is not None and k[0] != org_id}

    # -- cached lists --

    async def choices(self, kind: str, org_id: str | None = None, *, fresh: bool = False) -> list[Choice]:
        """Every organization/department/agent/team/product as {id, name, email, record}; cached for `ttl` seconds."""
        key = (org_id, kind)
        async with self._locks.setdefault(key, asyncio.Lock()):
            cached = self._lists.get(key)
            if cached is not None and not fresh and cached[0] > self._clock():
                return cached[1]
            rows = await self._loader(kind, org_id)()
            self._lists[key] = (self._clock() + self.ttl, rows)
            return rows

    def _loader(self, kind: str, org_id: str | None) -> Loader:
        if kind == "organizations":
            return self._organizations
        if org_id is None:
            raise ValueError(f"{kind} belong to an organization: pass org_id")
        portal = self.client.org(org_id)

        async def departments() -> list[Choice]:
            return [Choice(d.id, d.name, record=d.raw()) async for d in portal.departments.iterate()]

        async def agents() -> list[Choice]:
            return [Choice(a.id, a.display_name, a.email_id, record=a.raw()) async for a in portal.agents.iterate()]

        async def teams() -> list[Choice]:
            return [Choice(t.id, t.name, record=t.raw()) for t in await portal.teams.list()]

        async def products() -> list[Choice]:
            return [Choice(p.id, p.name, record=p.raw()) async for p in portal.products.iterate()]

        loaders = {"departments": departments, "agents": agents, "teams": teams, "products": products}
        if kind not in loaders:
            raise ValueError(f"unknown kind {kind!r}; one of {sorted(loaders)} or organizations")
        return loaders[kind]

    async def _organizations(self) -> list[Choice]:
        orgs = await self.client.organizations.list()
        return [Choice(o.id, o.name, aliases=tuple(filter(None, [o.portal_name])), record=o.raw()) for o in orgs]

    async def _pick(self, kind: str, singular: str, org_id: str | None, value: str) -> str:
        cached_before = (org_id, kind) in self._lists
        try:
            return pick(singular, value, await self.choices(kind, org_id))
        except ResolutionError as error:
            if error.ambiguous or not cached_before:
                raise
        return pick(singular, value, await self.choices(kind, org_id, fresh=True))

    # -- public resolution --

    async def organization(self, value: str | None = None) -> str:
        """An organization by name, portal name or ID; None means the default, or the only one."""
        value = value if value is not None and value.strip() else self.default_org
        if value is None:
            orgs = await self.choices("organizations")
            if len(orgs) == 1:
                return orgs[0].id
            raise ResolutionError("organization", "", closest("", orgs), total=len(orgs))
        return await self._pick("organizations", "organization", None, value)

    async def department(self, org_id: str, value: str) -> str:
        return await self._pick("departments", "department", org_id, value)

    async def agent(self, org_id: str, value: str) -> str:
        """An agent by e-mail, name or ID."""
        return await self._pick("agents", "agent", org_id, value)

    async def team(self, org_id: str, value: str) -> str:
        return await self._pick("teams", "team", org_id, value)

    async def product(self, org_id: str, value: str) -> str:
        return await self._pick("products", "product", org_id, value)

    async def contact(self, org_id: str, value: str) -> str:
        """A contact by e-mail, full name or ID (searched, not listed: there can be many)."""
        key = (org_id, "contact", normalized(value))
        hit = self._found.get(key)
        if hit is not None and hit[0] > self._clock():
            return hit[1]
        contact_id = await self._find_contact(org_id, value.strip())
        self._found[key] = (self._clock() + self.ttl, contact_id)
        return contact_id

    async def contact_by_email(self, org_id: str, email: str) -> str | None:
        """The contact with this e-mail, or None (the caller may then create it, as Zoho would)."""
        try:
            return await self.contact(org_id, email)
        except ResolutionError as error:
            if error.ambiguous:
                raise
            return None

    async def _find_contact(self, org_id: str, value: str) -> str:
        contacts = self.client.org(org_id).contacts
        if value.isdigit():
            try:
                return (await contacts.get(value)).id
            except NotFoundError:
                raise ResolutionError("contact", value, []) from None
        if "@" in value:
            return pick("contact", value, _choices(await contacts.search(email=value)))
        rows = _choices(await contacts.search(fullName=value))
        if not exact_matches(value, rows):
            # Nothing by that exact name: offer the contacts that share one of its words instead.
            similar: dict[str, Choice] = {}
            for word in dict.fromkeys(value.split()[:MAX_NAME_WORDS]):
                similar.update((c.id, c) for c in _choices(await contacts.search(_all=word)))
            rows = list(similar.values())
        return pick("contact", value, rows)

    async def ticket(self, org_id: str, ref: str) -> str:
        """A ticket by ID, number (`101`, `#101`) or Desk web URL; a number costs one search (cached)."""
        parsed = parse_ticket_ref(ref)
        if parsed is None:
            raise ResolutionError("ticket", ref, [])
        if parsed.kind == "id":
            return parsed.value
        key = (org_id, "ticket-number", parsed.value)
        hit = self._found.get(key)
        if hit is not None:
            return hit[1]  # a number never moves to another ticket: no expiry needed
        page = await self.client.org(org_id).tickets.search(ticketNumber=parsed.value, limit=1)
        if not page.tickets:
            raise ResolutionError("ticket", ref, [])
        self._found[key] = (float("inf"), page.tickets[0].id)
        return page.tickets[0].id


def _choices(contacts: list[Contact]) -> list[Choice]:
    return [Choice(c.id, c.full_name, c.email) for c in contacts]
