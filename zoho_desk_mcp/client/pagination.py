"""Walking Zoho's `from`/`limit` lists: 0-based offsets, no totals, the end is a short page or an HTTP 204."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any, TypeVar

from .errors import UnexpectedResponseError

T = TypeVar("T")

# Fetch one page: (from, limit) -> the rows, or None when Zoho answered 204 (nothing there).
PageFetcher = Callable[[int, int], Awaitable[Sequence[T] | None]]


async def paginate(
    fetch: PageFetcher[T], *, page_size: int, start: int = 0, max_items: int | None = None
) -> AsyncIterator[T]:
    """Yield rows page by page until a page comes back shorter than asked, empty/204, or `max_items` is hit.

    A short page ends the walk without asking for the next one: Zoho has no total, and each list call costs
    API credits.
    """
    if page_size < 1:
        raise ValueError("page_size must be at least 1")
    offset, yielded = start, 0
    while max_items is None or yielded < max_items:
        limit = page_size if max_items is None else min(page_size, max_items - yielded)
        rows = await fetch(offset, limit)
        if not rows:
            return
        for row in rows:
            yield row
        yielded += len(rows)
        offset += len(rows)
        if len(rows) < limit:
            return


def rows_of(body: Any, key: str = "data") -> list[dict[str, Any]] | None:
    """The list under `key` of a Zoho list answer; None for 204 (body None)."""
    if body is None:
        return None
    if not isinstance(body, dict) or not isinstance(body.get(key), list):
        raise UnexpectedResponseError(f"expected a Zoho list answer with a {key!r} array")
    return [row for row in body[key] if isinstance(row, dict)]


async def collect(iterator: AsyncIterator[T]) -> list[T]:
    return [item async for item in iterator]
