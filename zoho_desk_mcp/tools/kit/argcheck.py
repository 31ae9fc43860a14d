"""A check every tool's arguments pass before the tool runs: text must be valid Unicode.

JSON can carry lone UTF-16 surrogates (`"\\ud800"`), and Python decodes them into `str`; nothing can encode such a
string as UTF-8, so it would fail deep inside httpx, after earlier steps of the tool (a contact created, a lookup
made) had run. Refusing it up front keeps the call whole: nothing is sent, and the message names the argument.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..kit.errors import InputError

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
