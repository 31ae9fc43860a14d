"""ZohoCredentials and ZohoAuth against the sandbox: early refresh, one refresh at a time, restarts."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
from pydantic import SecretStr

from zoho_desk_mcp.auth import (
    AccountsClient,
    InvalidRefreshTokenError,
    NotLoggedInError,
    TokenRateLimitError,
    TokenSet,
    TokenState,
    TokenStore,
    ZohoAuth,
    ZohoCredentials,
)

REFRESH = "sandbox-refresh-token"


async def test_the_first_call_refreshes_and_stores_the_access_token(
    credentials, control, store, accounts
) -> None:
    assert credentials.token_state is TokenState.EXPIRED
    token = await credentials.get_token()
    assert credentials.token_state.value == "fresh"
    assert await control.token_requests() == 1
    saved = store.load(accounts.datacenter.accounts_url, accounts.client_id)
    assert saved.access_token.get_secret_value() == token
    assert saved.refresh_token.get_secret_value() == REFRESH


async def test_a_fresh_token_is_reused_without_a_token_request(credentials, control) -> None:
    first = await credentials.get_token()
    assert await credentials.get_token() == first
    assert await control.token_requests() == 1


async def test_a_restart_within_the_hour_reuses_the_stored_token(
    credentials, control, accounts, store, clock
) -> None:
    token = await credentials.get_token()
    clock.advance(30 * 60)
    restarted = ZohoCredentials(accounts, store=store, clock=clock)
    assert restarted.token_state is TokenState.FRESH
    assert await restarted.get_token() == token
    assert await control.token_requests() == 1


async def test_the_token_is_refreshed_once_it_expires(credentials, control, clock) -> None:
    first = await credentials.get_token()
    clock.advance(3600)
    assert credentials.token_state is TokenState.EXPIRED
    second = await credentials.get_token()
    assert second != first and await control.token_requests() == 2


async def test_a_token_is_refreshed_early_when_it_goes_stale(credentials, control, clock) -> None:
    first = await credentials.get_token()
    clock.advance(3600 - 120)
    assert credentials.token_state is TokenState.STALE
    assert await credentials.get_token() != first
    assert await control.token_requests() == 2


async def test_a_stale_token_is_still_used_while_zoho_throttles_refreshes(
    credentials, control, clock
) -> None:
    first = await credentials.get_token()
    await control.faults(tokenRequestLimit=1)
    clock.advance(3600 - 120)
    assert await credentials.get_token() == first


async def test_an_expired_token_and_a_throttled_refresh_raise_a_retryable_error(
    credentials, control, clock
) -> None:
    await credentials.get_token()
    await control.faults(tokenRequestLimit=1)
    clock.advance(3600)
    with pytest.raises(TokenRateLimitError) as info:
        await credentials.get_token()
    assert info.value.retryable


async def test_a_hundred_concurrent_calls_at_expiry_cause_one_refresh(credentials, control, clock) -> None:
    await credentials.get_token()
    clock.advance(3600)
    tokens = await asyncio.wait_for(asyncio.gather(*(credentials.get_token() for _ in range(100))), 10)
    assert len(set(tokens)) == 1
    assert await control.token_requests() == 2


async def test_a_second_credentials_object_rereads_the_store_instead_of_refreshing(
    accounts, store, clock, control
) -> None:
    first = ZohoCredentials(accounts, store=store, clock=clock)
    second = ZohoCredentials(accounts, store=store, clock=clock)
    store.save(accounts.datacenter.accounts_url, accounts.client_id, _seed(REFRESH))
    assert first.token_state is second.token_state is TokenState.EXPIRED  # both loaded the expired set
    token = await first.get_token()
    assert await second.get_token() == token
    assert await control.token_requests() == 1


async def test_two_credentials_objects_racing_at_expiry_refresh_once_through_the_file_lock(
    accounts, store, clock, control
) -> None:
    store.save(accounts.datacenter.accounts_url, accounts.client_id, _seed(REFRESH))
    pair = [ZohoCredentials(accounts, store=store, clock=clock) for _ in range(2)]
    tokens = await asyncio.wait_for(asyncio.gather(*(c.get_token() for c in pair for _ in range(10))), 10)
    assert len(set(tokens)) == 1
    assert await control.token_requests() == 1


async def test_a_revoked_refresh_token_gives_the_actionable_error(credentials, control, clock) -> None:
    await credentials.get_token()
    await control.faults(revokeRefreshToken="*")
    clock.advance(3600)
    with pytest.raises(InvalidRefreshTokenError) as info:
        await credentials.get_token()
    assert "run `zoho-desk-mcp auth login`" in str(info.value)


async def test_without_any_refresh_token_the_error_says_how_to_log_in(accounts, store) -> None:
    with pytest.raises(NotLoggedInError) as info:
        await ZohoCredentials(accounts, store=store).get_token()
    assert "zoho-desk-mcp auth login" in str(info.value) and "ZOHO_REFRESH_TOKEN" in str(info.value)


async def test_an_environment_refresh_token_works_without_a_store(accounts, control) -> None:
    credentials = ZohoCredentials(accounts, refresh_token=SecretStr(REFRESH))
    assert await credentials.get_token()
    assert await control.token_requests() == 1


async def test_a_stored_token_from_another_refresh_token_is_not_reused(
    credentials, accounts, store, clock, control
):
    await credentials.get_token()
    other = ZohoCredentials(accounts, store=store, refresh_token=SecretStr("1000.someone-else"), clock=clock)
    assert other.token_state is TokenState.EXPIRED
    with pytest.raises(InvalidRefreshTokenError):
        await other.get_token()


async def test_a_refresh_never_erases_the_stored_refresh_token(accounts, store, clock) -> None:
    store.save(accounts.datacenter.accounts_url, accounts.client_id, _seed(REFRESH))
    credentials = ZohoCredentials(accounts, store=store, clock=clock)
    await credentials.get_token()
    clock.advance(3600)
    await credentials.get_token()
    saved = store.load(accounts.datacenter.accounts_url, accounts.client_id)
    assert saved.refresh_token.get_secret_value() == REFRESH


async def test_force_refresh_skips_when_the_token_already_changed(credentials, control) -> None:
    old = await credentials.get_token()
    new = await credentials.force_refresh(old)
    assert new != old
    assert await credentials.force_refresh(old) == new
    assert await control.token_requests() == 2


async def organizations(http: httpx.AsyncClient, credentials: ZohoCredentials) -> httpx.Response:
    return await http.get("/api/v1/organizations", auth=ZohoAuth(credentials))


async def test_zoho_auth_sends_the_zoho_oauthtoken_header(http, credentials) -> None:
    response = await organizations(http, credentials)
    assert response.status_code == 200 and response.json()["data"]
    assert response.request.headers["Authorization"] == f"Zoho-oauthtoken {await credentials.get_token()}"


async def test_an_invalid_oauth_401_refreshes_once_and_replays(http, credentials, control) -> None:
    await organizations(http, credentials)
    await control.faults(expireAccessTokens=True)
    response = await organizations(http, credentials)
    assert response.status_code == 200
    stats = await control.stats()
    assert stats["requests"]["POST /oauth/v2/token"] == 2
    assert stats["requests"]["GET /api/v1/organizations"] == 3


async def test_concurrent_401s_after_server_side_expiry_cause_one_refresh(http, credentials, control) -> None:
    await organizations(http, credentials)
    await control.faults(expireAccessTokens=True)
    responses = await asyncio.wait_for(
        asyncio.gather(*(organizations(http, credentials) for _ in range(20))), 10
    )
    assert {r.status_code for r in responses} == {200}
    assert await control.token_requests() == 2


async def test_a_second_401_is_returned_not_looped(credentials, control) -> None:
    desk_calls: list[str] = []

    def always_invalid(request: httpx.Request) -> httpx.Response:
        desk_calls.append(request.headers["Authorization"])
        return httpx.Response(
            401, json={"errorCode": "INVALID_OAUTH", "message": "The OAuth Token is invalid."}
        )

    async with httpx.AsyncClient(transport=httpx.MockTransport(always_invalid)) as desk:
        response = await desk.get("http://127.0.0.1:8001/api/v1/organizations", auth=ZohoAuth(credentials))
    assert response.status_code == 401
    assert len(desk_calls) == 2 and desk_calls[0] != desk_calls[1]
    assert await control.token_requests() == 2


async def test_a_401_that_is_not_invalid_oauth_is_not_retried(credentials, control) -> None:
    def unauthorized(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"errorCode": "UNAUTHORIZED"})

    async with httpx.AsyncClient(transport=httpx.MockTransport(unauthorized)) as desk:
        response = await desk.get("http://127.0.0.1:8001/api/v1/organizations", auth=ZohoAuth(credentials))
    assert response.status_code == 401
    assert await control.token_requests() == 1


async def test_zoho_auth_refuses_a_sync_client(credentials) -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(200))
    with httpx.Client(transport=transport) as client, pytest.raises(RuntimeError):
        client.get("http://127.0.0.1/", auth=ZohoAuth(credentials))


async def test_no_log_line_repr_or_error_contains_a_secret(
    http, credentials, control, clock, caplog: pytest.LogCaptureFixture, accounts: AccountsClient
) -> None:
    caplog.set_level(logging.DEBUG)
    token = await credentials.get_token()
    await organizations(http, credentials)
    await control.faults(tokenErrors=["invalid_client"])
    clock.advance(3600)
    with pytest.raises(Exception) as info:
        await credentials.get_token()
    secrets = [token, REFRESH, "sandbox-secret"]
    texts = [
        caplog.text,
        repr(credentials),
        str(credentials),
        repr(ZohoAuth(credentials)),
        str(info.value),
        repr(info.value),
        repr(credentials.tokens),
        repr(accounts),
    ]
    assert not [s for s in secrets for t in texts if s in t]


def _seed(refresh: str) -> TokenSet:
    return TokenSet(refresh_token=SecretStr(refresh))


def test_credentials_with_a_store_do_not_touch_disk_until_used(accounts, tmp_path) -> None:
    ZohoCredentials(accounts, store=TokenStore(tmp_path / "never"))
    assert not (tmp_path / "never").exists()
