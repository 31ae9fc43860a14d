"""Matching a user's value against an organization's records: exact (case-insensitive) or the closest few."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import ZohoDeskError

MAX_CHOICES = 20
# Only this much of a value is compared when ranking suggestions: no name is longer, and difflib's cost grows with
# the length, so a megabyte-long "name" would otherwise stall the server for seconds per record.
MAX_COMPARED_CHARS = 200


@dataclass(frozen=True)
class Choice:
    """A valid value offered when a name did not resolve: the record's ID, its name and e-mail (if any)."""

    id: str
    name: str
    email: str | None = None
    aliases: tuple[str, ...] = ()  # other names that also match exactly (an organization's portal name)
    record: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)  # Zoho's row, nulls dropped

    def label(self) -> str:
        return f"{self.name} <{self.email}> ({self.id})" if self.email else f"{self.name} ({self.id})"


class ResolutionError(ZohoDeskError):
    """A name, e-mail, ID or ticket reference that matched nothing (or several records) in one organization.

    `choices` holds the closest valid values: all of them when there are at most 20, else the 20 closest
    (`total` says how many exist). For an ambiguous value, `choices` are the records it matched.
    """

    def __init__(
        self,
        kind: str,
        value: str,
        choices: list[Choice],
        *,
        total: int | None = None,
        ambiguous: bool = False,
    ) -> None:
        self.kind = kind
        self.value = value
        self.choices = choices
        self.total = len(choices) if total is None else total
        self.ambiguous = ambiguous
        super().__init__(self._text())

    def _text(self) -> str:
        shown = repr(self.value[:100])
        if self.ambiguous:
            head = f"{self.kind} {shown} matches {len(self.choices)} records; use the ID of one"
        else:
            head = f"no {self.kind} matches {shown}"
        if not self.choices:
            return head
        listed = "; ".join(c.label() for c in self.choices)
        more = f" (the {len(self.choices)} closest of {self.total})" if self.total > len(self.choices) else ""
        return f"{head}. Valid {self.kind} values{more}: {listed}"


def normalized(text: str) -> str:
    return " ".join(text.casefold().split())


def exact_matches(value: str, choices: Sequence[Choice]) -> list[Choice]:
    """Records whose ID is the value, else those whose name or e-mail equals it, ignoring case and spacing."""
    by_id = [c for c in choices if c.id == value.strip()]
    if by_id:
        return by_id[:1]
    wanted = normalized(value)
    return [c for c in choices if wanted in {normalized(t) for t in _texts(c)}]


def _texts(choice: Choice) -> tuple[str, ...]:
    return (choice.name, *((choice.email,) if choice.email else ()), *choice.aliases)


def closeness(value: str, choice: Choice) -> float:
    wanted = normalized(value[: MAX_COMPARED_CHARS * 4])[:MAX_COMPARED_CHARS]
    best = 0.0
    for text in _texts(choice):
        candidate = normalized(text)
        if not candidate:
            continue
        score = difflib.SequenceMatcher(None, wanted, candidate).ratio()
        if wanted and (wanted in candidate or candidate in wanted):
            score += 0.5
        best = max(best, score)
    return best


def closest(value: str, choices: Sequence[Choice], limit: int = MAX_CHOICES) -> list[Choice]:
    """All choices when there are at most `limit`, else the `limit` closest; closest first either way."""
    ranked = sorted(choices, key=lambda c: (-closeness(value, c), normalized(c.name)))
    return ranked[:limit]


def pick(kind: str, value: str, choices: Sequence[Choice]) -> str:
    """The one record `value` names, or a ResolutionError carrying the valid choices."""
    found = exact_matches(value, choices)
    if len(found) == 1:
        return found[0].id
    if found:
        raise ResolutionError(kind, value, found[:MAX_CHOICES], total=len(found), ambiguous=True)
    raise ResolutionError(kind, value, closest(value, choices), total=len(choices))
