"""Shared-state fixtures: each test runs against the in-process state and a real Redis.

CI (.ci/run) starts a Redis server and exports ZOHO_DESK_TEST_REDIS_URL; only without that variable (a developer
machine without Redis) are the Redis cases skipped.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator

import pytest

from zoho_desk_mcp.state import MemoryState, SharedState
from zoho_desk_mcp.state.redis_state import RedisState

REDIS_URL = os.environ.get("ZOHO_DESK_TEST_REDIS_URL")


def redis_state() -> RedisState:
    """A Redis-backed state under a fresh prefix, so tests never see each other's keys."""
    if REDIS_URL is None:
        if os.environ.get("CI"):  # CI starts Redis: a missing URL there is a broken script, not a reason to skip
            pytest.fail("ZOHO_DESK_TEST_REDIS_URL is not set under CI")
        pytest.skip("ZOHO_DESK_TEST_REDIS_URL is not set (.ci/run starts a Redis server and sets it)")
    return RedisState(REDIS_URL, prefix=f"test-{secrets.token_hex(6)}:")


@pytest.fixture(params=["memory", "redis"])
async def state(request: pytest.FixtureRequest) -> AsyncIterator[SharedState]:
    shared: SharedState = MemoryState() if request.param == "memory" else redis_state()
    try:
        yield shared
    finally:
        await shared.close()
