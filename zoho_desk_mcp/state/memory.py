"""Shared state within one process: dictionaries with expiry and asyncio locks (the single-replica default)."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from .base import LockTimeout


class MemoryState:
    """`SharedState` for one process; `clock` is injectable so tests age entries without sleeping."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._values: dict[str, tuple[bytes, float | None]] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._windows: dict[str, tuple[float, int]] = {}
        self._slots: dict[str, dict[str, float]] = {}
        self._slot_changes: dict[str, asyncio.Condition] = {}

    def __repr__(self) -> str:
        return f"MemoryState(keys={len(self._values)})"

    async def get(self, key: str) -> bytes | None:
        found = self._values.get(key)
        if found is None:
            return None
        value, expires = found
        if expires is not None and expires <= self._clock():
            del self._values[key]
            return None
        return value

    async def set(self, key: str, value: bytes, ttl: float | None = None) -> None:
        self._values[key] = (value, None if ttl is None else self._clock() + ttl)

    async def add(self, key: str, value: bytes, ttl: float | None = None) -> bool:
        if await self.get(key) is not None:
            return False
        await self.set(key, value, ttl)
        return True

    async def pop(self, key: str) -> bytes | None:
        value = await self.get(key)
        self._values.pop(key, None)
        return value

    async def delete(self, *keys: str) -> None:
        for key in keys:
            self._values.pop(key, None)

    @asynccontextmanager
    async def lock(self, name: str, *, hold: float = 30.0, wait: float = 30.0) -> AsyncIterator[None]:
        mutex = self._locks.setdefault(name, asyncio.Lock())
        try:
            await asyncio.wait_for(mutex.acquire(), wait)
        except asyncio.TimeoutError:
            raise LockTimeout(name) from None
        try:
            yield
        finally:
            mutex.release()

    async def acquire_slot(self, name: str, limit: int, *, lease: float = 60.0, wait: float = 60.0) -> str:
        changed = self._slot_changes.setdefault(name, asyncio.Condition())
        holders = self._slots.setdefault(name, {})

        def free() -> bool:
            now = self._clock()
            for token in [t for t, until in holders.items() if until <= now]:
                del holders[token]
            return len(holders) < max(1, limit)

        async with changed:
            try:
                await asyncio.wait_for(changed.wait_for(free), wait)
            except asyncio.TimeoutError:
                raise LockTimeout(name) from None
            token = secrets.token_hex(8)
            holders[token] = self._clock() + lease
            return token

    async def release_slot(self, name: str, token: str) -> None:
        self._slots.get(name, {}).pop(token, None)
        changed = self._slot_changes.get(name)
        if changed is not None:
            async with changed:
                changed.notify_all()

    async def count(self, key: str, window: float) -> int:
        now = self._clock()
        started, seen = self._windows.get(key, (now, 0))
        if now - started >= window:
            started, seen = now, 0
        self._windows[key] = (started, seen + 1)
        return seen + 1

    async def close(self) -> None:
        self._values.clear()
