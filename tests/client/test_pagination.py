"""Walking from/limit lists: 0-based, stops on a short page or a 204 without asking for more."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

import httpx
import pytest

from zoho_desk_mcp.client import DeskClient, paginate
from zoho_desk_mcp.sandbox import Sandbox

from .support import stats


async def test_every_ticket_is_walked_once_and_a_short_page_ends_the_walk(
    sandbox: Sandbox, desk: DeskClient, http: httpx.AsyncClient, org_id: str
) -> None:
    total = len(sandbox.store.first_org().tickets)  # 270: pages of 100, 100, 70
    ids = [t.id async for t in desk.org(org_id).tickets.iterate()]
    assert len(ids) == len(set(ids)) == total
    assert (await stats(http))["GET /api/v1/tickets"] == -(-total // 100)


async def test_an_exact_multiple_of_the_page_size_ends_on_zohos_204(
    desk: DeskClient, http: httpx.AsyncClient, org_id: str
) -> None:
    departments = [d async for d in paginate(_departments(desk, org_id), page_size=5)]
    assert len(departments) == 5
    assert (await stats(http))["GET /api/v1/departments"] == 2  # the second answer is the 204


async def test_max_items_stops_early_and_shrinks_the_last_request(
    desk: DeskClient, http: httpx.AsyncClient, org_id: str
) -> None:
    first = [t async for t in desk.org(org_id).tickets.iterate(max_items=130)]
    assert len(first) == 130
    assert (await stats(http))["GET /api/v1/tickets"] == 2


async def test_offsets_start_at_zero_and_advance_by_the_rows_received() -> None:
    asked: list[tuple[int, int]] = []
    rows = list(range(7))

    async def fetch(start: int, limit: int) -> Sequence[int] | None:
        asked.append((start, limit))
        return rows[start : start + limit] or None

    assert [r async for r in paginate(fetch, page_size=3)] == rows
    assert asked == [(0, 3), (3, 3), (6, 3)]


async def test_a_page_size_below_one_is_refused() -> None:
    async def fetch(start: int, limit: int) -> Sequence[int] | None:
        return None

    with pytest.raises(ValueError):
        [r async for r in paginate(fetch, page_size=0)]


def _departments(desk: DeskClient, org_id: str) -> Callable[[int, int], Awaitable[Sequence[object]]]:
    async def fetch(start: int, limit: int) -> Sequence[object]:
        return await desk.org(org_id).departments.page(start=start, limit=limit)

    return fetch
