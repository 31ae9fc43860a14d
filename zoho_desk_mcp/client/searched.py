"""Records too many to list (contacts; accounts next): found by ID, e-mail or name through Zoho's search.

A name is searched as a phrase first (one call, enough for an exact name); failing that, by the first letters of
each of its words, so that "ines fernandez" still finds "Inés Fernández" (Zoho's search does not fold accents) and
a first name or prefix can be recognised. Those candidates are matched as the listed kinds are (`matching`).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from .contacts import Contact
from .errors import NotFoundError
from .matching import Choice, ResolutionError, exact_matches, folded, neutralised, pick_choice

MAX_NAME_WORDS = 3  # words of a name searched by prefix (one search, values joined by commas)
WORD_PREFIX = 3  # letters of each word searched: short enough to pass an accent typed or left out later on
SEARCH_LIMIT = 100  # Zoho's largest search page: a full page means the candidates may be incomplete
Search = Callable[..., Awaitable[list[Choice]]]


class UnknownEmailError(ResolutionError):
    """No record has this e-mail: distinct from an unknown name, since a tool may create a contact from it."""

    def __init__(self, kind: str, email: str) -> None:
        super().__init__(kind, email, [], detail=f"no {kind} has the e-mail {neutralised(email.strip()[:100])!r}")
        self.email = email.strip()


@dataclass(frozen=True)
class Searched:
    """How one kind is looked up: fetch by ID, search by Zoho criteria, and the criteria's field names."""

    kind: str
    get: Callable[[str], Awaitable[Choice]]
    search: Search  # keyword criteria (Zoho's names) → one page of rows as Choices
    name_field: str  # "fullName" for contacts, "accountName" for accounts
    email_field: str | None = "email"


def is_email(value: str) -> bool:
    return "@" in value and " " not in value.strip()


async def find(spec: Searched, value: str, more: str | None = None) -> Choice:
    """The one record `value` (ID, e-mail or name) names, or a ResolutionError listing candidates closest first."""
    text = value.strip()
    if text.isdigit():
        try:
            return await spec.get(text)
        except NotFoundError:
            raise ResolutionError(spec.kind, text, []) from None
    if spec.email_field and is_email(text):
        rows = await spec.search(**{spec.email_field: text})
        found = exact_matches(text, rows)
        if not found:
            raise UnknownEmailError(spec.kind, text)
        return pick_choice(spec.kind, text, found, loose=False)
    return await _by_name(spec, text, more)


async def _by_name(spec: Searched, text: str, more: str | None) -> Choice:
    typed = re.findall(r"\w+", text)  # as typed (accents kept): commas and `*` would be Zoho's syntax
    phrase = " ".join(typed)
    rows = await spec.search(**{spec.name_field: phrase}) if phrase else []
    if exact_matches(text, rows):
        return pick_choice(spec.kind, text, rows, loose=False, more=more)
    words = [*typed[:MAX_NAME_WORDS], *re.findall(r"\w+", folded(text))[:MAX_NAME_WORDS]]
    prefixes = ",".join(dict.fromkeys(f"{w[:WORD_PREFIX].lower()}*" for w in words))
    broader = await spec.search(**{spec.name_field: prefixes}) if prefixes else []
    complete = len(broader) < SEARCH_LIMIT
    merged = list({c.id: c for c in [*rows, *broader]}.values())
    return pick_choice(spec.kind, text, merged, loose=complete, more=more)


def contact_choice(contact: Contact) -> Choice:
    """A client `Contact` as a Choice: its full name, e-mail and Zoho row."""
    return Choice(contact.id, contact.full_name, contact.email, record=contact.raw())
