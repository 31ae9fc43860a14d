"""Per-portal bookkeeping: a concurrency cap Zoho sets by edition, and the API credits Zoho says are left."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx

# Concurrent calls Zoho allows per portal, by edition (docs/zoho-api.md §3.2). Unknown editions get the floor.
EDITION_CONCURRENCY: dict[str, int] = {
    "FREE": 5,
    "EXPRESS": 10,
    "STANDARD": 10,
    "PROFESSIONAL": 15,
    "ENTERPRISE": 25,
    "ZOHOONE": 25,
    "CRMPLUS": 25,
}
DEFAULT_CONCURRENCY = 5


def concurrency_for(edition: str | None) -> int:
    return EDITION_CONCURRENCY.get((edition or "").upper().replace(" ", "").replace("_", ""), DEFAULT_CONCURRENCY)


class PortalLimiter:
    """A semaphore whose size can change (once the portal's edition is known); waiters re-check on release."""

    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self.in_flight = 0
        self._changed = asyncio.Condition()

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._changed:
            await self._changed.wait_for(lambda: self.in_flight < self.limit)
            self.in_flight += 1
        try:
            yield
        finally:
            async with self._changed:
                self.in_flight -= 1
                self._changed.notify_all()


@dataclass(frozen=True)
class Credits:
    """Zoho's last word on a portal's API credits: `remaining` today, `weight` of the reporting call."""

    remaining: int
    weight: int | None
    observed_at: float


def credits_from(response: httpx.Response) -> Credits | None:
    remaining = response.headers.get("X-Rate-Limit-Remaining-v3", "")
    if not remaining.strip().isdigit():
        return None
    weight = response.headers.get("X-Rate-Limit-Request-Weight-v3", "").strip()
    return Credits(int(remaining), int(weight) if weight.isdigit() else None, time.time())
