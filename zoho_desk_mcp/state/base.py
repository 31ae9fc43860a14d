"""What replicas share: a small key-value store with expiry, a mutex per name, slots, and counted windows.

Two implementations: `MemoryState` (one process, today's behaviour) and `RedisState` (every replica that points
at one Redis). Values are bytes; callers encrypt what is secret (`state/crypto.py`) before it gets here.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Protocol


class LockTimeout(Exception):
    """The lock stayed held by someone else for longer than the caller was willing to wait."""


class SharedState(Protocol):
    """The operations the server needs from shared state; every method is safe to call concurrently."""

    async def get(self, key: str) -> bytes | None:
        """The value, or None when absent or expired."""
        ...

    async def set(self, key: str, value: bytes, ttl: float | None = None) -> None:
        """Store `value`, expiring after `ttl` seconds (None: never)."""
        ...

    async def add(self, key: str, value: bytes, ttl: float | None = None) -> bool:
        """Store only when absent; True when this call stored it (single-use codes, first approvals)."""
        ...

    async def pop(self, key: str) -> bytes | None:
        """Remove and return in one step, so a single-use value is used once across every replica."""
        ...

    async def delete(self, *keys: str) -> None: ...

    def lock(self, name: str, *, hold: float = 30.0, wait: float = 30.0) -> AbstractAsyncContextManager[None]:
        """A mutex across everyone sharing this state; `hold` bounds how long a crashed holder can block others."""
        ...

    async def acquire_slot(self, name: str, limit: int, *, lease: float = 60.0, wait: float = 60.0) -> str:
        """One of `limit` slots shared by everyone (a semaphore across replicas); a token for `release_slot`.
        A holder that never releases loses its slot after `lease` seconds."""
        ...

    async def release_slot(self, name: str, token: str) -> None: ...

    async def count(self, key: str, window: float) -> int:
        """Add one to a counter that starts afresh every `window` seconds; the count including this one."""
        ...

    async def close(self) -> None: ...
