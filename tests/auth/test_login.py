"""Login against the sandbox: loopback browser redirect, pasted redirect or code, Self Client, logout."""

from __future__ import annotations

import asyncio
import logging
import stat
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from pydantic import SecretStr

from zoho_desk_mcp.auth import (
    AccountsClient,
    InvalidCodeError,
    LoginError,
    LoginResult,
    StateMismatchError,
    TokenStore,
    UnknownDataCenterError,
    ZohoCredentials,
    datacenter,
    exchange_self_client_code,
    login,
    login_manual,
    logout,
    parse_redirect,
)

REDIRECT = "http://127.0.0.1:8765/callback"


def browser() -> httpx.AsyncClient:
    """A real HTTP client for the loopback listener; never a proxy from the environment."""
    return httpx.AsyncClient(trust_env=False, timeout=5)


async def start_login(
    accounts: AccountsClient, store: TokenStore, **kwargs
) -> tuple[asyncio.Task[LoginResult], str]:
    """Start the browser login; return its task and the URL it would have opened."""
    opened: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    def open_browser(url: str) -> bool:
        opened.set_result(url)
        return True

    task = asyncio.create_task(
        login(
            accounts,
            store,
            redirect_uri="http://127.0.0.1:0/callback",
            open_browser=open_browser,
            timeout=10,
            **kwargs,
        )
    )
    return task, await asyncio.wait_for(opened, 5)


async def consent(http: httpx.AsyncClient, url: str) -> str:
    """What the user's browser does at Zoho: the sandbox answers the consent URL with a redirect."""
    response = await http.get(url)
    assert response.status_code == 302
    return response.headers["location"]


async def test_browser_login_runs_end_to_end_through_the_loopback_redirect(
    http: httpx.AsyncClient, accounts: AccountsClient, store: TokenStore, control
) -> None:
    task, url = await start_login(accounts, store)
    query = parse_qs(urlsplit(url).query)
    assert query["redirect_uri"][0].startswith("http://127.0.0.1:") and ":0/" not in query["redirect_uri"][0]
    location = await consent(http, url)
    async with browser() as client:
        page = await client.get(location)
    assert page.status_code == 200 and "You can close this window" in page.text
    assert parse_qs(urlsplit(location).query)["code"][0] not in page.text
    result = await asyncio.wait_for(task, 5)
    assert result.datacenter == accounts.datacenter
    stored = store.load(accounts.datacenter.accounts_url, accounts.client_id)
    assert stored is not None and stored.refresh_token == result.tokens.refresh_token
    path = store.path_for(accounts.datacenter.accounts_url, accounts.client_id)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # The stored tokens work: a new credentials object uses the access token without a refresh.
    await ZohoCredentials(accounts, store=store).get_token()
    assert (await control.stats())["tokens"] == {"accessIssued": 1, "refreshIssued": 1, "revoked": 0}


async def test_stray_requests_without_our_state_are_ignored_and_the_login_keeps_waiting(
    http: httpx.AsyncClient, accounts: AccountsClient, store: TokenStore
) -> None:
    task, url = await start_login(accounts, store)
    location = await consent(http, url)
    callback = location.split("?", 1)[0]
    strays = [
        location.replace("state=", "state=forged"),
        f"{callback}?state=wrong",
        callback,
        f"{callback}?error=access_denied&state=wrong",
    ]
    async with browser() as client:
        for stray in strays:
            page = await client.get(stray)
            assert page.status_code == 400 and "still waiting" in page.text
        assert not task.done()
        assert (await client.get(location)).status_code == 200
    result = await asyncio.wait_for(task, 5)
    assert store.load(accounts.datacenter.accounts_url, accounts.client_id) == result.tokens


async def test_a_denied_consent_fails_the_login_with_advice(
    accounts: AccountsClient, store: TokenStore
) -> None:
    task, url = await start_login(accounts, store)
    redirect_uri = parse_qs(urlsplit(url).query)["redirect_uri"][0]
    async with browser() as client:
        await client.get(f"{redirect_uri}?error=access_denied")
    with pytest.raises(LoginError, match="access_denied"):
        await asyncio.wait_for(task, 5)


async def test_the_listener_ignores_other_paths(accounts: AccountsClient, store: TokenStore, http) -> None:
    task, url = await start_login(accounts, store)
    redirect_uri = parse_qs(urlsplit(url).query)["redirect_uri"][0]
    async with browser() as client:
        assert (await client.get(redirect_uri.replace("/callback", "/favicon.ico"))).status_code == 404
        assert (await client.get(await consent(http, url))).status_code == 200
    await asyncio.wait_for(task, 5)


async def test_an_accounts_server_outside_the_table_is_refused(
    accounts: AccountsClient, store: TokenStore
) -> None:
    task, url = await start_login(accounts, store)
    query = parse_qs(urlsplit(url).query)
    evil = {"code": "1000.x", "state": query["state"][0], "accounts-server": "https://accounts.evil.example"}
    async with browser() as client:
        await client.get(f"{query['redirect_uri'][0]}?{urlencode(evil)}")
    with pytest.raises(UnknownDataCenterError):
        await asyncio.wait_for(task, 5)


async def test_no_redirect_within_the_timeout_ends_the_login(
    accounts: AccountsClient, store: TokenStore
) -> None:
    with pytest.raises(LoginError, match="no redirect"):
        await login(accounts, store, redirect_uri="http://127.0.0.1:0/cb", open_browser=None, timeout=0.05)


async def test_a_non_loopback_redirect_uri_cannot_be_listened_on(
    accounts: AccountsClient, store: TokenStore
) -> None:
    with pytest.raises(LoginError, match="no-browser"):
        await login(accounts, store, redirect_uri="https://example.com/cb", open_browser=None, timeout=1)


def paste(http: httpx.AsyncClient, transform: Callable[[str], str]) -> Callable[[str], Awaitable[str]]:
    """A prompt that does the consent in the 'browser' and pastes what `transform` makes of the redirect."""

    async def prompt(url: str) -> str:
        return transform(await consent(http, url))

    return prompt


@pytest.mark.parametrize(
    "transform",
    [lambda loc: loc, lambda loc: "  " + loc + "\n", lambda loc: parse_qs(urlsplit(loc).query)["code"][0]],
    ids=["redirect-url", "url-with-whitespace", "bare-code"],
)
async def test_no_browser_login_accepts_the_pasted_redirect_or_the_bare_code(
    http: httpx.AsyncClient, accounts: AccountsClient, store: TokenStore, transform
) -> None:
    result = await login_manual(accounts, store, paste(http, transform), redirect_uri=REDIRECT)
    assert result.tokens.refresh_token is not None
    assert store.load(accounts.datacenter.accounts_url, accounts.client_id) is not None


async def test_a_pasted_redirect_with_another_state_is_refused(
    http: httpx.AsyncClient, accounts: AccountsClient, store: TokenStore
) -> None:
    prompt = paste(http, lambda loc: loc.replace("state=", "state=x"))
    with pytest.raises(StateMismatchError):
        await login_manual(accounts, store, prompt, redirect_uri=REDIRECT)


async def test_a_self_client_code_is_exchanged_and_stored(
    accounts: AccountsClient, store: TokenStore, control
):
    code = SecretStr(await control.self_client_code())
    result = await exchange_self_client_code(accounts, store, code)
    assert result.tokens.refresh_token is not None
    assert ZohoCredentials(accounts, store=store).token_state.value == "fresh"
    with pytest.raises(InvalidCodeError):
        await exchange_self_client_code(accounts, store, code)


async def test_logout_revokes_the_refresh_token_and_deletes_the_file(
    accounts: AccountsClient, store: TokenStore, control
) -> None:
    await exchange_self_client_code(accounts, store, SecretStr(await control.self_client_code()))
    assert await logout(accounts, store) is True
    assert (await control.stats())["tokens"]["revoked"] == 1
    assert store.load(accounts.datacenter.accounts_url, accounts.client_id) is None
    assert await logout(accounts, store) is False


async def test_logout_deletes_a_token_zoho_already_forgot(
    accounts: AccountsClient, store: TokenStore, control
):
    await exchange_self_client_code(accounts, store, SecretStr(await control.self_client_code()))
    await control.faults(revokeRefreshToken="*")
    assert await logout(accounts, store) is True
    assert store.load(accounts.datacenter.accounts_url, accounts.client_id) is None


async def test_the_code_is_exchanged_at_the_data_centre_the_redirect_names(tmp_path) -> None:
    """Zoho sends an EU user who started at accounts.zoho.com back with accounts-server=accounts.zoho.eu."""
    hosts: list[str] = []

    def zoho(request: httpx.Request) -> httpx.Response:
        hosts.append(request.url.host)
        return httpx.Response(
            200, json={"access_token": "1000.a", "refresh_token": "1000.r", "expires_in": 3600}
        )

    store = TokenStore(tmp_path)
    async with httpx.AsyncClient(transport=httpx.MockTransport(zoho)) as http:
        accounts = AccountsClient(http, datacenter("us"), "cid", SecretStr("secret"))

        async def prompt(url: str) -> str:
            state = parse_qs(urlsplit(url).query)["state"][0]
            query = {
                "state": state,
                "code": "1000.c",
                "location": "eu",
                "accounts-server": "https://accounts.zoho.eu",
            }
            return f"{REDIRECT}?{urlencode(query)}"

        result = await login_manual(accounts, store, prompt, redirect_uri=REDIRECT)
    assert hosts == ["accounts.zoho.eu"] and result.datacenter.code == "eu"
    assert store.load("https://accounts.zoho.eu", "cid") is not None
    assert store.load("https://accounts.zoho.com", "cid") is None


def test_parse_redirect_reads_the_code_state_and_data_centre() -> None:
    redirect = parse_redirect(
        "http://127.0.0.1:8765/callback?state=s&code=1000.abc&location=eu&accounts-server=https%3A%2F%2Faccounts.zoho.eu"
    )
    assert redirect.code.get_secret_value() == "1000.abc"
    assert (redirect.state, redirect.location, redirect.accounts_server) == (
        "s",
        "eu",
        "https://accounts.zoho.eu",
    )
    assert "1000.abc" not in repr(redirect)


@pytest.mark.parametrize(
    "text", ["", "   ", "http://127.0.0.1/cb?state=s", "http://127.0.0.1/cb?error=access_denied"]
)
def test_parse_redirect_refuses_input_without_a_code(text: str) -> None:
    with pytest.raises(LoginError):
        parse_redirect(text)


async def test_login_logs_no_code_or_token(
    http: httpx.AsyncClient, accounts: AccountsClient, store: TokenStore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    seen: list[str] = []

    def keep(loc: str) -> str:
        seen.append(parse_qs(urlsplit(loc).query)["code"][0])
        return loc

    result = await login_manual(accounts, store, paste(http, keep), redirect_uri=REDIRECT)
    tokens = result.tokens
    assert tokens.refresh_token is not None and tokens.access_token is not None
    secrets = [
        seen[0],
        tokens.refresh_token.get_secret_value(),
        tokens.access_token.get_secret_value(),
    ]
    assert not [s for s in secrets if s in caplog.text or s in repr(result)]
