"""FailureThrottle: a client that keeps sending a wrong bearer token gets its 401s ever more slowly.

Only refusals wait, never a request with the right token, so a valid client sharing an address (a NAT, a proxy)
with a guesser is not slowed. Everything is bounded: the delay (2 s), the addresses remembered (4,096, oldest
forgotten first) and the refusals waiting at once (256; past that a refusal is answered at once), so the
throttle cannot itself become a way to exhaust the server.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import anyio

FREE_FAILURES = 5  # typos and a client started with a stale token are not punished
FIRST_DELAY_SECONDS = 0.1
MAX_DELAY_SECONDS = 2.0
FORGET_AFTER_SECONDS = 600.0  # ten quiet minutes and an address starts afresh
MAX_ADDRESSES = 4096
MAX_WAITING = 256


@dataclass
class _Record:
    failures: int
    last: float


class FailureThrottle:
    """Counts bearer-token failures per client address and delays the 401 once they pass `FREE_FAILURES`."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
        max_addresses: int = MAX_ADDRESSES,
        max_waiting: int = MAX_WAITING,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._max_addresses = max_addresses
        self._max_waiting = max_waiting
        self._records: OrderedDict[str, _Record] = OrderedDict()
        self.waiting = 0

    def __len__(self) -> int:
        return len(self._records)

    def record_failure(self, address: str) -> float:
        """Count one failure from `address`; the delay its 401 should wait (0 while failures are few)."""
        now = self._clock()
        record = self._records.pop(address, None)
        if record is None or now - record.last > FORGET_AFTER_SECONDS:
            record = _Record(failures=0, last=now)
        record.failures += 1
        record.last = now
        self._records[address] = record  # most recent last: the oldest is forgotten first
        while len(self._records) > self._max_addresses:
            self._records.popitem(last=False)
        excess = record.failures - FREE_FAILURES
        return 0.0 if excess <= 0 else min(FIRST_DELAY_SECONDS * 2 ** (excess - 1), MAX_DELAY_SECONDS)

    async def refused(self, address: str) -> None:
        """Wait before a 401 goes out to `address` (at once when too many refusals are already waiting)."""
        delay = self.record_failure(address)
        if delay <= 0 or self.waiting >= self._max_waiting:
            return
        self.waiting += 1
        try:
            await self._sleep(delay)
        finally:
            self.waiting -= 1
