"""Names, e-mails and references → Zoho records, with a per-organization TTL cache of every lookup.

Departments, agents, teams, products and organizations are cached whole (one list call each, then free until
the TTL ends), so a warm `create_ticket` that names its department, assignee, team and product costs only the
create itself. Contacts are too many to list: each lookup is a search, and its answer is cached; so are the
authenticated agent (`GET /myinfo`, per organization) and ticket numbers. A miss on a warm cache reloads once
(the record may be new) before it becomes a `ResolutionError` listing the choices.

The `*_choice` methods return the matched `Choice` (ID, name, e-mail, Zoho's row), so a caller never needs a
second lookup to name what it resolved; the older methods return the ID alone.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

from .matching import Choice, ResolutionError, closest, folded, neutralised, pick_choice
from .refs import parse_ticket_ref
from .searched import Searched, UnknownEmailError, contact_choice, find

if TYPE_CHECKING:
    from .core import DeskClient

DEFAULT_TTL_SECONDS = 300.0
DEFAULT_ORG_SETTING = "ZOHO_DESK_ORG"
ME = "me"  # the agent value that names the authenticated agent
Loader = Callable[[], Awaitable[list[Choice]]]
Value = str | int  # a number is accepted where an ID or ticket number is expected
ORG_ID = re.compile(r"[1-9][0-9]{5,19}")  # Zoho organization IDs: long numbers, never a name
LISTED = {"organization": "organizations", "department": "departments", "agent": "agents", "team": "teams",
          "product": "products"}

__all__ = ["Choice", "ResolutionError", "Resolver", "UnknownEmailError", "no_ticket"]


def no_ticket(ref: Value) -> ResolutionError:
    """The one "no such ticket" error, whichever form the reference took (ID, number or URL)."""
    text = str(ref)
    detail = f"no ticket matches {neutralised(text[:100])!r} in this organization (or it is in the trash)"
    return ResolutionError("ticket", text, [], detail=detail)


class Resolver:
    """Resolves values for one DeskClient; `clock` is injectable: tests age the cache without sleeping.

    `more` maps a kind ("agent") to how a caller lists all of its values, shown when only the 20 closest of
    more are offered; `default_org_setting` names where `default_org` came from, for the error when it is wrong.
    """

    def __init__(
        self,
        client: DeskClient,
        *,
        ttl: float = DEFAULT_TTL_SECONDS,
        default_org: str | None = None,
        default_org_setting: str = DEFAULT_ORG_SETTING,
        more: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.ttl = ttl
        self.default_org = default_org
        self.default_org_setting = default_org_setting
        self.more = dict(more or {})
        self._clock = clock
        self._lists: dict[tuple[str | None, str], tuple[float, list[Choice]]] = {}
        self._found: dict[tuple[str, str, str], tuple[float, Choice]] = {}
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

    async def _pick(self, singular: str, org_id: str | None, value: Value) -> Choice:
        text, kind, more = str(value), LISTED[singular], self.more.get(singular)
        cached_before = (org_id, kind) in self._lists
        try:
            return pick_choice(singular, text, await self.choices(kind, org_id), more=more)
        except ResolutionError as error:
            if error.ambiguous or not cached_before:
                raise
        return pick_choice(singular, text, await self.choices(kind, org_id, fresh=True), more=more)

    # -- records --

    async def choice(self, kind: str, org_id: str | None, value: Value) -> Choice:
        """The record `value` names, for any kind: organization, department, agent, team, product or contact."""
        singular = kind[:-1] if kind.endswith("s") else kind
        if singular == "organization":
            return await self.organization_choice(value)
        if org_id is None:
            raise ValueError(f"a {singular} belongs to an organization: pass org_id")
        if singular == "agent":
            return await self.agent_choice(org_id, value)
        if singular == "contact":
            return await self.contact_choice(org_id, value)
        if singular not in LISTED:
            raise ValueError(f"unknown kind {kind!r}; one of {sorted(LISTED)} or contact")
        return await self._pick(singular, org_id, value)

    async def organization_choice(self, value: Value | None = None) -> Choice:
        """An organization by name, portal name or ID; None means the default, or the only one."""
        text = str(value).strip() if value is not None else ""
        if text:
            return await self._pick("organization", None, text)
        if self.default_org is None:
            orgs = await self.choices("organizations")
            if len(orgs) == 1:
                return orgs[0]
            raise ResolutionError("organization", "", closest("", orgs), total=len(orgs))
        try:
            return await self._pick("organization", None, self.default_org)
        except ResolutionError as error:
            raise self._bad_default(error) from None

    def _bad_default(self, error: ResolutionError) -> ResolutionError:
        """The configured default names no organization (or several): the setting is what must change."""
        setting, value = self.default_org_setting, self.default_org or ""
        problem = f"matches {error.total} organizations" if error.ambiguous else "matches no organization"
        listed = "; ".join(c.label() for c in error.choices)
        detail = (
            f"the setting {setting}={value[:100]!r} (the default organization) {problem} this token reaches; "
            f"correct {setting}, or pass organization. Valid organization values: {listed}"
        )
        return ResolutionError("organization", value, error.choices, total=error.total,
                               ambiguous=error.ambiguous, detail=detail)

    async def department_choice(self, org_id: str, value: Value) -> Choice:
        return await self._pick("department", org_id, value)

    async def agent_choice(self, org_id: str, value: Value) -> Choice:
        """An agent by e-mail, name or ID; `me` is the authenticated agent."""
        if folded(str(value)) == ME:
            return await self.me(org_id)
        return await self._pick("agent", org_id, value)

    async def team_choice(self, org_id: str, value: Value) -> Choice:
        return await self._pick("team", org_id, value)

    async def product_choice(self, org_id: str, value: Value) -> Choice:
        return await self._pick("product", org_id, value)

    async def me(self, org_id: str) -> Choice:
        """The agent who owns the token, in this organization (`GET /myinfo`), cached like the lists."""
        key = (org_id, ME, "")
        async with self._locks.setdefault((org_id, ME), asyncio.Lock()):
            hit = self._found.get(key)
            if hit is not None and hit[0] > self._clock():
                return hit[1]
            agent = await self.client.org(org_id).agents.me()
            found = Choice(agent.id, agent.display_name, agent.email_id, record=agent.raw())
            self._found[key] = (self._clock() + self.ttl, found)
            return found

    async def contact_choice(self, org_id: str, value: Value) -> Choice:
        """A contact by e-mail, name or ID (searched, not listed: there can be many).

        Raises `UnknownEmailError` (a ResolutionError) for an e-mail no contact has; two contacts of the same
        name are an ambiguous ResolutionError listing both with their e-mails, never one picked silently.
        """
        text = str(value).strip()
        key = (org_id, "contact", folded(text))
        hit = self._found.get(key)
        if hit is not None and hit[0] > self._clock():
            return hit[1]
        found = await find(self._contacts(org_id), text, self.more.get("contact"))
        self._found[key] = (self._clock() + self.ttl, found)
        return found

    async def contact_choice_by_email(self, org_id: str, email: str) -> Choice | None:
        """The contact with this e-mail, or None (the caller may then create it, as Zoho would)."""
        try:
            return await self.contact_choice(org_id, email)
        except UnknownEmailError:
            return None

    def _contacts(self, org_id: str) -> Searched:
        api = self.client.org(org_id).contacts

        async def get(contact_id: str) -> Choice:
            return contact_choice(await api.get(contact_id))

        async def search(**criteria: Any) -> list[Choice]:
            return [contact_choice(c) for c in await api.search(**criteria)]

        return Searched("contact", get, search, name_field="fullName")

    # -- IDs (kept for callers written before the `*_choice` methods) --

    async def organization(self, value: Value | None = None) -> str:
        """The organization's ID; one shaped like a Zoho organization ID is taken as it is while the list is not
        loaded (Zoho checks the orgId header on the call itself), so a cold call by ID costs no listing."""
        text = str(value).strip() if value is not None else ""
        given = text or (self.default_org or "").strip()
        if ORG_ID.fullmatch(given) and (None, "organizations") not in self._lists:
            return given
        return (await self.organization_choice(value)).id

    async def department(self, org_id: str, value: Value) -> str:
        return (await self.department_choice(org_id, value)).id

    async def agent(self, org_id: str, value: Value) -> str:
        return (await self.agent_choice(org_id, value)).id

    async def team(self, org_id: str, value: Value) -> str:
        return (await self.team_choice(org_id, value)).id

    async def product(self, org_id: str, value: Value) -> str:
        return (await self.product_choice(org_id, value)).id

    async def contact(self, org_id: str, value: Value) -> str:
        return (await self.contact_choice(org_id, value)).id

    async def contact_by_email(self, org_id: str, email: str) -> str | None:
        found = await self.contact_choice_by_email(org_id, email)
        return None if found is None else found.id

    # -- tickets --

    async def ticket(self, org_id: str, ref: Value) -> str:
        """A ticket by ID, number (`101`, `#101`) or Desk web URL; a number costs one search (cached).

        A URL of another portal than the organization's is an error naming both portals.
        """
        text = str(ref)
        parsed = parse_ticket_ref(text)
        if parsed is None:
            detail = f"no ticket matches {neutralised(text[:100])!r}: it is not a ticket ID, number or Desk URL"
            raise ResolutionError("ticket", text, [], detail=detail)
        if parsed.portal is not None:
            await self._same_portal(org_id, parsed.portal, text)
        if parsed.kind == "id":
            return parsed.value
        key = (org_id, "ticket-number", parsed.value)
        hit = self._found.get(key)
        if hit is not None:
            return hit[1].id  # a number never moves to another ticket: no expiry needed
        page = await self.client.org(org_id).tickets.search(ticketNumber=parsed.value, limit=1)
        if not page.tickets:
            raise no_ticket(text)
        found = page.tickets[0]
        self._found[key] = (float("inf"), Choice(found.id, f"#{parsed.value}", record=found.raw()))
        return found.id

    async def _same_portal(self, org_id: str, portal: str, ref: str) -> None:
        orgs = await self.choices("organizations")
        own = next((o for o in orgs if o.id == org_id), None)
        names = [folded(a) for a in own.aliases] if own is not None else []
        if own is None or not names or folded(portal) in names:
            return
        owner = next((o for o in orgs if folded(portal) in [folded(a) for a in o.aliases]), None)
        whose = f" (organization {owner.name!r})" if owner is not None else " (not one this token reaches)"
        raise ResolutionError("ticket", ref, [], detail=(
            f"the ticket URL is of the portal {neutralised(portal[:60])!r}{whose}, but the organization given is "
            f"{own.name!r} of the portal {own.aliases[0]!r}; pass the URL's organization, or this one's ticket"
        ))
