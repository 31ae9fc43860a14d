"""Shared state behaves the same in the process and in Redis: expiry, single use, one lock holder, windows."""

from __future__ import annotations

import asyncio
import secrets

import pytest

from zoho_desk_mcp.state import LockTimeout, MemoryState, Sealer, SealError, SharedState, open_state
from zoho_desk_mcp.state.redis_state import RedisState

from .conftest import REDIS_URL, redis_state

KEY = "k" * 40


async def test_values_round_trip_and_can_be_deleted(state: SharedState) -> None:
    await state.set("a", b"1")
    await state.set("b", b"2", ttl=60)
    assert (await state.get("a"), await state.get("b"), await state.get("c")) == (b"1", b"2", None)
    await state.delete("a", "b")
    assert (await state.get("a"), await state.get("b")) == (None, None)


async def test_add_stores_only_the_first_value(state: SharedState) -> None:
    assert await state.add("once", b"first", ttl=60) is True
    assert await state.add("once", b"second", ttl=60) is False
    assert await state.get("once") == b"first"


async def test_pop_hands_a_value_to_exactly_one_of_many_concurrent_takers(state: SharedState) -> None:
    await state.set("code", b"x", ttl=60)
    taken = await asyncio.gather(*(state.pop("code") for _ in range(20)))
    assert taken.count(b"x") == 1 and taken.count(None) == 19


async def test_the_lock_lets_one_holder_in_at_a_time(state: SharedState) -> None:
    inside, most = 0, 0

    async def work() -> None:
        nonlocal inside, most
        async with state.lock("refresh", hold=10, wait=10):
            inside += 1
            most = max(most, inside)
            await asyncio.sleep(0)  # yield to the others while holding it
            inside -= 1

    await asyncio.gather(*(work() for _ in range(10)))
    assert most == 1


async def test_a_lock_held_too_long_times_the_waiter_out(state: SharedState) -> None:
    async with state.lock("busy", hold=10, wait=1):
        with pytest.raises(LockTimeout):
            async with state.lock("busy", hold=10, wait=0.05):
                pass


async def test_counts_add_up_within_a_window(state: SharedState) -> None:
    assert [await state.count("portal-1", window=60) for _ in range(3)] == [1, 2, 3]
    assert await state.count("portal-2", window=60) == 1


async def test_entries_expire_and_windows_restart_when_their_time_is_up() -> None:
    now = [0.0]
    state = MemoryState(clock=lambda: now[0])
    await state.set("short", b"v", ttl=5)
    assert await state.count("w", window=10) == 1
    now[0] = 10.0
    assert await state.get("short") is None
    assert await state.count("w", window=10) == 1


async def test_redis_entries_expire_on_the_servers_clock() -> None:
    state = redis_state()
    try:
        await state.set("short", b"v", ttl=0.001)
        for _ in range(200):  # bounded: Redis expires a 1 ms key well within this
            if await state.get("short") is None:
                break
            await asyncio.sleep(0.005)
        assert await state.get("short") is None
    finally:
        await state.close()


async def test_two_clients_of_one_redis_share_values_and_locks() -> None:
    prefix = f"test-{secrets.token_hex(6)}:"
    first, second = RedisState(_url(), prefix=prefix), RedisState(_url(), prefix=prefix)
    try:
        await first.set("token", b"t")
        assert await second.get("token") == b"t"
        async with first.lock("one", hold=10):
            with pytest.raises(LockTimeout):
                async with second.lock("one", hold=10, wait=0.05):
                    pass
    finally:
        await first.close()
        await second.close()


def _url() -> str:
    redis_state()  # skips when no Redis is configured
    assert REDIS_URL is not None
    return REDIS_URL


def test_sealed_values_decrypt_only_with_the_same_key_and_under_the_same_name() -> None:
    sealer = Sealer(KEY)
    sealed = sealer.seal(b"refresh-token", "user:1")
    assert b"refresh-token" not in sealed
    assert sealer.unseal(sealed, "user:1") == b"refresh-token"
    with pytest.raises(SealError):
        sealer.unseal(sealed, "user:2")
    with pytest.raises(SealError):
        Sealer("z" * 40).unseal(sealed, "user:1")
    assert KEY not in repr(sealer)


def test_a_short_state_key_and_a_foreign_state_url_are_refused() -> None:
    with pytest.raises(ValueError, match="ZOHO_DESK_STATE_KEY"):
        Sealer("short")
    with pytest.raises(ValueError, match="ZOHO_DESK_STATE_URL"):
        open_state("http://redis.example")
    assert isinstance(open_state(None), MemoryState)


async def test_slots_let_at_most_their_limit_in_at_once(state: SharedState) -> None:
    inside, most = 0, 0

    async def call() -> None:
        nonlocal inside, most
        token = await state.acquire_slot("portal-1", 3, lease=10, wait=10)
        inside += 1
        most = max(most, inside)
        await asyncio.sleep(0.001)
        inside -= 1
        await state.release_slot("portal-1", token)

    await asyncio.gather(*(call() for _ in range(12)))
    assert most == 3


async def test_a_full_set_of_slots_times_the_next_caller_out_and_a_release_lets_it_in(state: SharedState) -> None:
    held = [await state.acquire_slot("portal-2", 2, lease=10) for _ in range(2)]
    with pytest.raises(LockTimeout):
        await state.acquire_slot("portal-2", 2, lease=10, wait=0.05)
    await state.release_slot("portal-2", held[0])
    assert await state.acquire_slot("portal-2", 2, lease=10, wait=1)


async def test_a_slot_whose_holder_vanished_is_free_again_after_its_lease() -> None:
    now = [0.0]
    state = MemoryState(clock=lambda: now[0])
    await state.acquire_slot("p", 1, lease=5)
    now[0] = 6.0
    assert await state.acquire_slot("p", 1, lease=5, wait=0.1)
