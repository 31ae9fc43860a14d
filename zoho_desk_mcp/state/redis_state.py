"""Shared state in Redis (`ZOHO_DESK_STATE_URL=redis://…`), so every replica sees the same tokens and locks.

The lock is Redis's documented single-instance pattern: `SET name token NX PX hold` to take it, and a script that
deletes the key only while it still holds our token to release it, so a holder whose lease ran out never frees a
lock someone else has taken since. Waiters poll with a short, growing pause (bounded by `wait`).
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import redis.asyncio as aioredis

from .base import LockTimeout

RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"
COUNT = (
    "local n = redis.call('incr', KEYS[1]) "
    "if n == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end "
    "return n"
)

# Slots: a sorted set of holders scored by when their lease ends, on the Redis server's clock.
SLOT = (
    "local t = redis.call('time') local now = t[1] * 1000 + math.floor(t[2] / 1000) "
    "redis.call('zremrangebyscore', KEYS[1], '-inf', now) "
    "if redis.call('zcard', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end "
    "redis.call('zadd', KEYS[1], now + tonumber(ARGV[1]), ARGV[3]) "
    "redis.call('pexpire', KEYS[1], ARGV[1]) "
    "return 1"
)


def _ms(seconds: float) -> int:
    return max(1, int(seconds * 1000))


class RedisState:
    """`SharedState` over one Redis; every key carries `prefix`, so deployments can share a server."""

    def __init__(self, url: str, *, prefix: str = "zoho-desk-mcp:") -> None:
        self._redis: Any = aioredis.from_url(url)
        self._prefix = prefix
        self._release = self._redis.register_script(RELEASE)
        self._count = self._redis.register_script(COUNT)
        self._slot = self._redis.register_script(SLOT)

    def __repr__(self) -> str:
        return f"RedisState(prefix={self._prefix!r})"  # the URL may carry a password

    def _k(self, key: str) -> str:
        return self._prefix + key

    async def get(self, key: str) -> bytes | None:
        value = await self._redis.get(self._k(key))
        return bytes(value) if value is not None else None

    async def set(self, key: str, value: bytes, ttl: float | None = None) -> None:
        await self._redis.set(self._k(key), value, px=_ms(ttl) if ttl is not None else None)

    async def add(self, key: str, value: bytes, ttl: float | None = None) -> bool:
        return bool(await self._redis.set(self._k(key), value, nx=True, px=_ms(ttl) if ttl is not None else None))

    async def pop(self, key: str) -> bytes | None:
        value = await self._redis.getdel(self._k(key))
        return bytes(value) if value is not None else None

    async def delete(self, *keys: str) -> None:
        if keys:
            await self._redis.delete(*(self._k(k) for k in keys))

    @asynccontextmanager
    async def lock(self, name: str, *, hold: float = 30.0, wait: float = 30.0) -> AsyncIterator[None]:
        key, token = self._k("lock:" + name), secrets.token_hex(16)
        loop = asyncio.get_running_loop()
        deadline, pause = loop.time() + wait, 0.005
        while not await self._redis.set(key, token, nx=True, px=_ms(hold)):
            if loop.time() >= deadline:
                raise LockTimeout(name)
            await asyncio.sleep(pause)  # a bounded poll: Redis has no blocking "wait for key deletion"
            pause = min(pause * 2, 0.1)
        try:
            yield
        finally:
            await self._release(keys=[key], args=[token])

    async def acquire_slot(self, name: str, limit: int, *, lease: float = 60.0, wait: float = 60.0) -> str:
        key, token = self._k("slots:" + name), secrets.token_hex(8)
        loop = asyncio.get_running_loop()
        deadline, pause = loop.time() + wait, 0.005
        while not await self._slot(keys=[key], args=[_ms(lease), max(1, limit), token]):
            if loop.time() >= deadline:
                raise LockTimeout(name)
            await asyncio.sleep(pause)  # bounded poll, as for the lock
            pause = min(pause * 2, 0.1)
        return token

    async def release_slot(self, name: str, token: str) -> None:
        await self._redis.zrem(self._k("slots:" + name), token)

    async def count(self, key: str, window: float) -> int:
        return int(await self._count(keys=[self._k("count:" + key)], args=[_ms(window)]))

    async def close(self) -> None:
        await self._redis.aclose()
