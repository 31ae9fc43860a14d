"""Putting a reply together: the ticket's facts, the default From and To, a template rendered as the text.

What a reply needs of its ticket (contact e-mail, department, secondary contacts) and of its department (reply
addresses, templates) changes rarely, so it is kept per process for a few minutes: a warm send_reply that names
its ticket costs the guard's one thread read and the send, nothing more.
"""

from __future__ import annotations

import re
import time
import weakref
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ...client import DeskClient, NotFoundError, Portal, ReplyAddress, Template
from ..kit.args import MultiValue, no_ticket, values
from ..kit.context import DeskServices
from ..kit.errors import InputError
from ..kit.text import neutralise

CACHE_SECONDS = 300.0
MAX_CONTENT_CHARS = 100_000
ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[A-Za-z]{2,}$")
T = TypeVar("T")


@dataclass(frozen=True)
class TicketFacts:
    """What a reply needs of its ticket."""

    id: str
    number: str | None
    subject: str | None
    email: str | None
    department_id: str | None
    secondary_contact_ids: tuple[str, ...] = ()


@dataclass
class ReplyCache:
    """Per process: ticket facts and each department's reply addresses and templates, each for CACHE_SECONDS."""

    entries: dict[tuple[str, ...], tuple[float, Any]] = field(default_factory=dict)

    def get(self, key: tuple[str, ...]) -> Any:
        hit = self.entries.get(key)
        return hit[1] if hit is not None and time.monotonic() - hit[0] < CACHE_SECONDS else None

    def put(self, key: tuple[str, ...], value: T) -> T:
        self.entries[key] = (time.monotonic(), value)
        return value


_CACHES: weakref.WeakKeyDictionary[DeskClient, ReplyCache] = weakref.WeakKeyDictionary()


def cache_of(svc: DeskServices) -> ReplyCache:
    return _CACHES.setdefault(svc.client, ReplyCache())


async def ticket_facts(svc: DeskServices, org_id: str, ticket_id: str, ref: str) -> TicketFacts:
    cache = cache_of(svc)
    found: TicketFacts | None = cache.get((org_id, "ticket", ticket_id))
    if found is not None:
        return found
    try:
        ticket = await svc.client.org(org_id).tickets.get(ticket_id)
    except NotFoundError:
        raise no_ticket(ref) from None
    extra = ticket.model_extra or {}
    secondary = [str(c) for c in extra.get("secondaryContacts") or [] if isinstance(c, str | int)]
    facts = TicketFacts(
        id=ticket.id,
        number=ticket.ticket_number,
        subject=ticket.subject,
        email=ticket.email,
        department_id=ticket.department_id,
        secondary_contact_ids=tuple(secondary),
    )
    return cache.put((org_id, "ticket", ticket_id), facts)


async def reply_addresses(svc: DeskServices, portal: Portal, department_id: str) -> list[ReplyAddress]:
    cache = cache_of(svc)
    found: list[ReplyAddress] | None = cache.get((portal.org_id, "addresses", department_id))
    if found is None:
        found = cache.put((portal.org_id, "addresses", department_id), await portal.reply_addresses.list(department_id))
    return found


async def templates(svc: DeskServices, portal: Portal, department_id: str) -> list[Template]:
    cache = cache_of(svc)
    found: list[Template] | None = cache.get((portal.org_id, "templates", department_id))
    if found is None:
        found = cache.put((portal.org_id, "templates", department_id), await portal.templates.list(department_id))
    return found


async def default_from(svc: DeskServices, portal: Portal, facts: TicketFacts) -> str:
    """The department's default reply address: its first active one (Zoho lists the default first)."""
    rows = await reply_addresses(svc, portal, facts.department_id or "") if facts.department_id else []
    active = [r.address for r in rows if r.is_active is not False]
    if not active:
        raise InputError(
            "fromAddress is needed: the ticket's department has no active reply address "
            "(list_options kind=reply-addresses lists them)"
        )
    return active[0]


async def rendered_template(svc: DeskServices, portal: Portal, facts: TicketFacts, template: str) -> str:
    """The body of the department's template named (or with the ID) `template`, filled in for the ticket."""
    rows = await templates(svc, portal, facts.department_id or "") if facts.department_id else []
    wanted = template.strip().casefold()
    matches = [t for t in rows if t.template_id == template.strip() or t.template_name.casefold() == wanted]
    if not matches:
        matches = [t for t in rows if t.template_name.casefold().startswith(wanted)] if wanted else []
    if len(matches) != 1:
        names = ", ".join(repr(neutralise(t.template_name)) for t in rows[:20]) or "none"
        raise InputError(f"template {template[:80]!r} names no single template of the ticket's department; {names}")
    rendered = await portal.templates.render(matches[0].template_id, facts.id)
    return rendered.body or ""


def recipients(value: MultiValue, name: str) -> list[str]:
    """Bare e-mail addresses from a `to`/`cc`/`bcc` argument (`Name <a@b.com>` accepted), each once."""
    found: list[str] = []
    for item in values(value):
        angled = re.search(r"<([^<>]+)>\s*$", item)
        address = (angled.group(1) if angled else item).strip()
        if not ADDRESS.match(address):
            raise InputError(f"{name} holds {neutralise(address[:80])!r}, which is not an e-mail address")
        if address.casefold() not in (a.casefold() for a in found):
            found.append(address)
    return found


def checked_content(content: str | None) -> str | None:
    if content is None:
        return None
    if not content.strip():
        raise InputError("content is empty; write the reply's text (or pass template)")
    if len(content) > MAX_CONTENT_CHARS:
        raise InputError(f"content has {len(content)} characters; a reply takes at most {MAX_CONTENT_CHARS}")
    return content
