"""Shared state for several replicas: tokens, locks, caches and budgets, in the process or in Redis.

Imports nothing else from the package; the server opens it from ZOHO_DESK_STATE_URL (None: in the process).
"""

from __future__ import annotations

from .base import LockTimeout, SharedState
from .crypto import Sealer, SealError, derive
from .memory import MemoryState


def open_state(url: str | None) -> SharedState:
    """`redis://…`/`rediss://…`/`unix://…` → Redis (the client connects lazily); None → this process only."""
    if url is None:
        return MemoryState()
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError("ZOHO_DESK_STATE_URL must be a redis://, rediss:// or unix:// URL")
    from .redis_state import RedisState  # the Redis client is imported only when configured

    return RedisState(url)


__all__ = ["LockTimeout", "MemoryState", "SealError", "Sealer", "SharedState", "derive", "open_state"]
