"""A throttled token endpoint: one refusal answers every waiting call, and the next attempt backs off."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import SecretStr

from zoho_desk_mcp.auth import (
    InvalidRefreshTokenError,
    TokenRateLimitError,
    TokenSet,
    ZohoCredentials,
    exchange_self_client_code,
)

REFRESH = "sandbox-refresh-token"

CALLERS = 100


async def _expired(credentials, clock) -> None:
    await credentials.get_token()
    clock.advance(3600)


async def _all_refused(credentials) -> list[BaseException]:
    results = await asyncio.wait_for(
        asyncio.gather(*(credentials.get_token() for _ in range(CALLERS)), return_exceptions=True), 10
    )
    return [r for r in results if isinstance(r, BaseException)]


async def test_a_hundred_waiting_calls_share_one_throttled_refresh(credentials, control, clock) -> None:
    await _expired(credentials, clock)
    await control.faults(tokenErrors=["Access Denied"] * 50)
    failures = await _all_refused(credentials)
    assert len(failures) == CALLERS and all(isinstance(f, TokenRateLimitError) for f in failures)
    assert all(f.retryable for f in failures)
    assert await control.token_requests() == 2  # the first token, then one refused refresh


async def test_while_zoho_refuses_at_most_three_token_requests_leave_per_minute(credentials, control, clock) -> None:
    await _expired(credentials, clock)
    await control.faults(tokenErrors=["Access Denied"] * 50)
    before = await control.token_requests()
    for _ in range(60):  # a minute of traffic: 100 calls each second
        assert len(await _all_refused(credentials)) == CALLERS
        clock.advance(1)
    assert await control.token_requests() - before <= 3
    for _ in range(9):  # the delay keeps growing: ten minutes send far fewer than Zoho's ten
        for _ in range(60):
            await asyncio.gather(*(credentials.get_token() for _ in range(5)), return_exceptions=True)
            clock.advance(1)
    assert await control.token_requests() - before <= 8


async def test_the_refusal_during_the_back_off_says_when_the_next_request_leaves(credentials, control, clock) -> None:
    await _expired(credentials, clock)
    await control.faults(tokenErrors=["Access Denied"])
    with pytest.raises(TokenRateLimitError):
        await credentials.get_token()
    clock.advance(5)
    with pytest.raises(TokenRateLimitError, match=r"next token request waits 15 s"):
        await credentials.get_token()
    assert await control.token_requests() == 2


async def test_once_zoho_accepts_again_the_next_attempt_after_the_back_off_succeeds(
    credentials, control, clock
) -> None:
    await _expired(credentials, clock)
    await control.faults(tokenErrors=["Access Denied"])
    with pytest.raises(TokenRateLimitError):
        await credentials.get_token()
    clock.advance(20)
    token = await credentials.get_token()
    assert token and await control.token_requests() == 3
    clock.advance(3600)  # the back-off was forgotten: the next refusal starts at the first delay again
    await control.faults(tokenErrors=["Access Denied"])
    with pytest.raises(TokenRateLimitError):
        await credentials.get_token()
    clock.advance(20)
    assert await credentials.get_token() != token


async def test_a_stale_token_keeps_working_during_the_back_off(credentials, control, clock) -> None:
    first = await credentials.get_token()
    clock.advance(3600 - 120)
    await control.faults(tokenErrors=["Access Denied"] * 50)
    tokens = await asyncio.wait_for(asyncio.gather(*(credentials.get_token() for _ in range(CALLERS))), 10)
    assert set(tokens) == {first}
    assert await control.token_requests() == 2


async def test_a_revoked_refresh_token_is_asked_once_and_a_new_login_ends_the_wait(
    accounts, store, control, clock
) -> None:
    store.save(accounts.datacenter.accounts_url, accounts.client_id, TokenSet(refresh_token=SecretStr(REFRESH)))
    credentials = ZohoCredentials(accounts, store=store, clock=clock)
    await _expired(credentials, clock)
    await control.faults(revokeRefreshToken="*")
    failures = await _all_refused(credentials)
    assert all(isinstance(f, InvalidRefreshTokenError) and "auth login" in str(f) for f in failures)
    assert await control.token_requests() == 2
    code = SecretStr(await control.self_client_code())
    await exchange_self_client_code(accounts, store, code, clock=clock)  # `auth login` in another process
    assert await credentials.get_token()
    assert await control.token_requests() == 3  # the login's own exchange; the server adopted its token
