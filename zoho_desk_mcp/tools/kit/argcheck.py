"""Checks every tool's arguments pass before the tool runs: known names only, and valid Unicode text.

JSON can carry lone UTF-16 surrogates (`"\\ud800"`), and Python decodes them into `str`; nothing can encode such a
string as UTF-8, so it would fail deep inside httpx, after earlier steps of the tool (a contact created, a lookup
made) had run. Refusing it up front keeps the call whole: nothing is sent, and the message names the argument.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping

from .errors import InputError

_MAX_DEPTH = 8


def refuse_unencodable(arguments: Mapping[str, object]) -> None:
    """Raise InputError when any text in the arguments (keys and nested values too) holds a lone surrogate."""
    for name, value in arguments.items():
        bad = _first_surrogate(value, 0)
        if bad is not None:
            raise InputError(
                f"{name} contains U+{ord(bad):04X}, half of a UTF-16 surrogate pair, which is not valid text; "
                "remove it or send the whole character"
            )


def _first_surrogate(value: object, depth: int) -> str | None:
    if isinstance(value, str):
        return next((ch for ch in value if "\ud800" <= ch <= "\udfff"), None) if not value.isascii() else None
    if depth >= _MAX_DEPTH:
        return None
    if isinstance(value, Mapping):
        items: list[object] = [*value.keys(), *value.values()]
    elif isinstance(value, list | tuple | set | frozenset):
        items = list(value)
    else:
        return None
    return next((found for item in items if (found := _first_surrogate(item, depth + 1)) is not None), None)


def admit(
    tool: str, arguments: Mapping[str, object], known: Collection[str], aliases: Mapping[str, str]
) -> dict[str, object]:
    """The arguments as the tool declares them: accepted aliases renamed (`ticketId` → `ticket`), and any name
    the tool does not know refused, naming the valid ones (closest spellings first) — a typo must never be
    silently ignored (an unknown filter would list every ticket; an unknown field would change nothing)."""
    admitted: dict[str, object] = {}
    for name, value in arguments.items():
        target = aliases.get(name, name)
        if target not in known:
            raise InputError(unknown_argument(tool, name, known))
        if target in admitted:
            raise InputError(f"{tool}: {name} and {target} are the same argument; give it once")
        admitted[target] = value
    return admitted


def unknown_argument(tool: str, name: str, known: Collection[str]) -> str:
    close = difflib.get_close_matches(name[:60], list(known), n=3, cutoff=0.6)
    close += [k for k in known if name[:60].lower() in k.lower() and k not in close]
    rest = sorted(k for k in known if k not in close)
    shown = ", ".join([*close, *rest])
    hint = f" Did you mean {close[0]}?" if close else ""
    return f"{tool} has no argument {name[:60]!r}.{hint} Its arguments are: {shown}."
