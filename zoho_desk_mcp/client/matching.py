"""Matching a user's value against an organization's records: forgiving about case, accents, spacing and prefixes.

A value names a record when it is its ID, its name, e-mail or alias (ignoring case, accents and extra spaces), a
unique prefix of its name, or a unique first name. Only a real ambiguity or no match is a `ResolutionError`, and
its choices come closest first, so a model (or a person) reads the likely answer before the rest.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import ZohoDeskError

MAX_CHOICES = 20
# Only this much of a value is compared when ranking suggestions: no name is longer, and difflib's cost grows with
# the length, so a megabyte-long "name" would otherwise stall the server for seconds per record.
MAX_COMPARED_CHARS = 200
MIN_PREFIX = 3  # a shorter prefix ("J", "Ac") names too little to be taken on its own
DEFAULT_MORE = "name it more fully, or by its ID, to see others"

# Angle brackets and their look-alikes (fullwidth, small, guillemets, mathematical, CJK, Canadian syllabics,
# modifier letters), and the invisible characters that could be slipped between them.
_OPENING = "<\uff1c\ufe64\u2039\u00ab\u27e8\u3008\u2329\u276e\u276c\u1438\u02c2\u227a"
_CLOSING = ">\uff1e\ufe65\u203a\u00bb\u27e9\u3009\u232a\u276f\u276d\u1433\u02c3\u227b"
_ANGLES = _OPENING + _CLOSING
_INVISIBLE = "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_ANGLE_RUN = re.compile(rf"[{_ANGLES}](?:[\s{_INVISIBLE}]*[{_ANGLES}])+")


def neutralised(text: str) -> str:
    """`text` with every run of two or more angle brackets (or look-alikes) cut to one ASCII bracket.

    Names in choice labels come from customers (a contact is named from an e-mail's display name); the tools
    wrap customer text in a `<<<...>>>` fence, and a name must not be able to close or forge it.
    """

    def one(run: re.Match[str]) -> str:
        return "<" if run.group(0)[0] in _OPENING else ">"

    return _ANGLE_RUN.sub(one, text)


@dataclass(frozen=True)
class Choice:
    """A record a value resolved to, or a valid value offered when it did not: ID, name, e-mail, Zoho's row."""

    id: str
    name: str
    email: str | None = None
    aliases: tuple[str, ...] = ()  # other names that also match exactly (an organization's portal name)
    record: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)  # Zoho's row, nulls dropped

    def label(self) -> str:
        """`Name <email> (id)`, with fence-like bracket runs in customer-written names cut (see `neutralised`)."""
        name = neutralised(self.name)
        return f"{name} <{neutralised(self.email)}> ({self.id})" if self.email else f"{name} ({self.id})"


class ResolutionError(ZohoDeskError):
    """A name, e-mail, ID or ticket reference that matched nothing (or several records) in one organization.

    `choices` holds the closest valid values, closest first: all of them when there are at most 20, else the 20
    closest (`total` says how many exist, `more` how to reach the rest). For an ambiguous value, `choices` are the
    records it matched. `detail`, when given, is the whole message (a reason no list of choices explains).
    """

    def __init__(
        self,
        kind: str,
        value: str,
        choices: list[Choice],
        *,
        total: int | None = None,
        ambiguous: bool = False,
        more: str | None = None,
        detail: str | None = None,
    ) -> None:
        self.kind = kind
        self.value = value
        self.choices = choices
        self.total = len(choices) if total is None else total
        self.ambiguous = ambiguous
        self.more = more or DEFAULT_MORE
        super().__init__(detail or self._text())

    def _text(self) -> str:
        shown = repr(neutralised(self.value[:100]))
        if self.ambiguous:
            head = f"{self.kind} {shown} matches {self.total} records; use the ID (or e-mail) of one"
        else:
            head = f"no {self.kind} matches {shown}"
        if not self.choices:
            return head
        listed = "; ".join(c.label() for c in self.choices)
        if self.total > len(self.choices):
            return f"{head}. Valid {self.kind} values (the {len(self.choices)} closest of {self.total}; " \
                f"{self.more}): {listed}"
        return f"{head}. Valid {self.kind} values: {listed}"


def folded(text: str) -> str:
    """Case, accents and spacing dropped: "  Inés  FERNÁNDEZ" → "ines fernandez"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


normalized = folded  # the name callers already use


def _texts(choice: Choice) -> tuple[str, ...]:
    return (choice.name, *((choice.email,) if choice.email else ()), *choice.aliases)


def exact_matches(value: str, choices: Sequence[Choice]) -> list[Choice]:
    """Records whose ID is the value, else those whose name, e-mail or alias equals it (case, accents, spacing)."""
    by_id = [c for c in choices if c.id == value.strip()]
    if by_id:
        return by_id[:1]
    wanted = folded(value)
    return [c for c in choices if wanted in {folded(t) for t in _texts(c)}]


def loose_matches(value: str, choices: Sequence[Choice]) -> list[Choice]:
    """Records the value names less strictly: a prefix of the name or an alias, or the name's first word."""
    wanted = folded(value)
    if not wanted:
        return []
    found = []
    for choice in choices:
        names = [folded(t) for t in (choice.name, *choice.aliases)]
        prefix = len(wanted) >= MIN_PREFIX and any(n.startswith(wanted) for n in names)
        first_name = any(n.split(" ", 1)[0] == wanted for n in names if n)
        if prefix or first_name:
            found.append(choice)
    return found


def closeness(value: str, choice: Choice) -> float:
    wanted = folded(value[: MAX_COMPARED_CHARS * 4])[:MAX_COMPARED_CHARS]
    best = 0.0
    for text in _texts(choice):
        candidate = folded(text)
        if not candidate:
            continue
        score = difflib.SequenceMatcher(None, wanted, candidate).ratio()
        if wanted and (wanted in candidate or candidate in wanted):
            score += 0.5
        best = max(best, score)
    return best


def closest(value: str, choices: Sequence[Choice], limit: int = MAX_CHOICES) -> list[Choice]:
    """All choices when there are at most `limit`, else the `limit` closest; closest first either way."""
    ranked = sorted(choices, key=lambda c: (-closeness(value, c), folded(c.name), c.id))
    return ranked[:limit]


def pick_choice(
    kind: str, value: str, choices: Sequence[Choice], *, loose: bool = True, more: str | None = None
) -> Choice:
    """The one record `value` names, or a ResolutionError carrying the closest valid choices.

    An exact match wins over loose ones ("Jane Doe" beside "Jane Doe-Smith"); `loose=False` when `choices` may
    be a partial list (a search page), where a unique prefix there need not be unique in the organization.
    """
    found = exact_matches(value, choices) or (loose_matches(value, choices) if loose else [])
    if len(found) == 1:
        return found[0]
    if found:
        shown = closest(value, found)
        raise ResolutionError(kind, value, shown, total=len(found), ambiguous=True, more=more)
    raise ResolutionError(kind, value, closest(value, choices), total=len(choices), more=more)


def pick(kind: str, value: str, choices: Sequence[Choice]) -> str:
    """The ID of the one record `value` names (see `pick_choice`)."""
    return pick_choice(kind, value, choices).id
