"""Zoho's search-value language, shared by every `/search` endpoint: parse a query value, match a field.

Zoho documents two kinds of search parameter. *Exact match* ones (IDs, status, priority, channel) compare the
whole value, case-insensitively. *Wildcard search* ones (subject, names, e-mail, ...) take:
- `abc`   a phrase: its words appear, in order and next to each other, as whole words of the field;
- `abc*`  the field has a word starting with `abc` (Zoho: "append an asterisk after the value");
- `*abc`  the field has a word ending with `abc` (Zoho documents the leading `*` for phone numbers);
- `*abc*` the field contains `abc` anywhere.
Several values separated by commas match when any one does. Fields marked "empty check" also take `${empty}`
and `${notempty}` (any letter case). HTML in the field (ticket descriptions) is matched as its plain text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..store import parse_iso

EMPTY = "${empty}"
NOT_EMPTY = "${notempty}"


@dataclass(frozen=True)
class Term:
    """One comma-separated search value: how it matches (`phrase`, `prefix`, ...) and its lower-case text."""

    kind: str  # exact | phrase | prefix | suffix | contains | empty | notempty
    text: str = ""


def split_values(value: str) -> list[str]:
    parts = [p.strip() for p in value.split(",")]
    if not parts or any(not p for p in parts):
        raise ValueError(value)
    return parts


def special(part: str) -> Term | None:
    compact = part.replace(" ", "").lower()
    if compact == EMPTY:
        return Term("empty")
    if compact == NOT_EMPTY:
        return Term("notempty")
    return None


def wildcard_term(part: str) -> Term:
    lowered = part.lower()
    leading, trailing = lowered.startswith("*"), lowered.endswith("*") and len(lowered) > 1
    core = lowered.strip("*")
    if not core or "*" in core:
        raise ValueError(part)
    if leading and trailing:
        return Term("contains", core)
    if trailing:
        return Term("prefix", core)
    if leading:
        return Term("suffix", core)
    return Term("phrase", core)


def exact_term(part: str) -> Term:
    """A whole value; `${...}` markers (like `status=${On Hold}`) are compared without their spaces."""
    lowered = part.lower()
    return Term("exact", lowered.replace(" ", "") if lowered.startswith("${") else lowered)


def terms(
    *, wildcard: bool, empty_check: bool = False, min_len: int = 0, max_len: int = 255, digits: bool = False
) -> Callable[[str], list[Term]]:
    """A query-parameter parser (ValueError = Zoho's 422) that yields the value's terms."""

    def parse(value: str) -> list[Term]:
        if not min_len <= len(value) <= max_len:
            raise ValueError(value)
        parsed: list[Term] = []
        for part in split_values(value):
            marker = special(part)
            if marker is not None:
                if not empty_check:
                    raise ValueError(value)
                parsed.append(marker)
            elif digits and not part.isdigit():
                raise ValueError(value)
            else:
                parsed.append(wildcard_term(part) if wildcard else exact_term(part))
        return parsed

    return parse


def custom_field(value: str) -> tuple[str, list[Term]]:
    """`customFieldN=cf_api_name:value`: the field's API name, then wildcard terms with empty checks."""
    name, colon, rest = value.partition(":")
    if not colon or not name.strip() or not rest.strip():
        raise ValueError(value)
    return name.strip(), terms(wildcard=True, empty_check=True)(rest.strip())


def plain(value: object) -> str:
    """The text a value is searched as: strings with HTML tags dropped and entities decoded."""
    if value is None:
        return ""
    text = str(value)
    if "<" in text:
        text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def phrase_in(needle: str, haystack: str) -> bool:
    wanted, have = words(needle), words(haystack)
    if not wanted:
        return needle in haystack.lower()
    size = len(wanted)
    return any(have[i : i + size] == wanted for i in range(len(have) - size + 1))


def term_matches(term: Term, value: str) -> bool:
    lowered = value.lower()
    if term.kind == "exact":
        return lowered == term.text
    if term.kind == "contains":
        return term.text in lowered
    if term.kind == "prefix":
        return re.search(r"(?<!\w)" + re.escape(term.text), lowered) is not None
    if term.kind == "suffix":
        return re.search(re.escape(term.text) + r"(?!\w)", lowered) is not None
    return phrase_in(term.text, value)


def matches(wanted: list[Term], values: Iterable[object]) -> bool:
    """True when any term matches any of the field's values (a field may have several, e.g. `_all`)."""
    texts = [plain(v).strip() for v in values]
    filled = [t for t in texts if t]
    for term in wanted:
        if term.kind in ("empty", "notempty"):
            if (term.kind == "empty") == (not filled):
                return True
        elif any(term_matches(term, text) for text in filled):
            return True
    return False


def in_range(value: object, bounds: tuple[float, float]) -> bool:
    """A record time (`...Z` string) inside a `start,end` range, both ends included; null never matches."""
    if not isinstance(value, str):
        return False
    try:
        moment = parse_iso(value)
    except ValueError:
        return False
    return bounds[0] <= moment <= bounds[1]


def time_key(value: object) -> float:
    """Sort key for an ISO time that may be null (null sorts as the oldest)."""
    if isinstance(value, str):
        try:
            return parse_iso(value)
        except ValueError:
            return float("-inf")
    return float("-inf")
