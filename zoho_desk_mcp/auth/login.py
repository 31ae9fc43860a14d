"""Getting and giving up a refresh token: browser login, paste login, Self Client exchange, logout.

Nothing here prints: the caller (the CLI) is handed the URL through `on_url`/`prompt` and shows it itself.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import webbrowser
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from pydantic import SecretStr

from .datacenters import DataCenter, datacenter, from_accounts_server
from .errors import LoginError, RevokeError
from .loopback import LoopbackListener, Redirect, check_state, parse_redirect
from .oauth import DEFAULT_SCOPES, AccountsClient, new_state
from .tokens import TokenSet, TokenStore

logger = logging.getLogger(__name__)

# Register this exact URI for the client in the Zoho API console (or pass your own).
DEFAULT_REDIRECT_URI = "http://127.0.0.1:8765/callback"
LOGIN_TIMEOUT_SECONDS = 300.0


def open_browser_in_background(url: str) -> bool:
    """`webbrowser.open` on a daemon thread, so the listener on this event loop can answer meanwhile.

    A console browser (BROWSER=w3m, lynx, or a script) makes `webbrowser.open` wait until it exits, and that
    browser follows Zoho's redirect to our loopback listener: called on the event loop, it would wait forever.
    """

    def run() -> None:
        if not webbrowser.open(url):
            logger.warning("no browser could be opened: open the address shown by hand, or use --no-browser")

    threading.Thread(target=run, name="zoho-desk-mcp-browser", daemon=True).start()
    return True


@dataclass(frozen=True)
class LoginResult:
    """Where the account lives and the tokens now in the store (repr masks them)."""

    datacenter: DataCenter
    tokens: TokenSet


async def login(
    accounts: AccountsClient,
    store: TokenStore,
    *,
    scopes: Iterable[str] = DEFAULT_SCOPES,
    redirect_uri: str = DEFAULT_REDIRECT_URI,
    open_browser: Callable[[str], bool] | None = open_browser_in_background,
    on_url: Callable[[str], None] | None = None,
    on_redirect: Callable[[], None] | None = None,
    timeout: float = LOGIN_TIMEOUT_SECONDS,
    clock: Callable[[], float] = time.time,
) -> LoginResult:
    """Browser login: listen on the loopback redirect URI, open the consent page, exchange the code, store.

    `on_url` is told the consent URL (to show it), `on_redirect` that the browser came back (before the exchange).
    """
    state = new_state()
    async with LoopbackListener(redirect_uri, state) as listener:
        url = accounts.authorize_url(listener.redirect_uri, state, scopes)
        if on_url is not None:
            on_url(url)
        if open_browser is not None and not open_browser(url):
            logger.warning("no browser could be opened: open the address shown by hand, or use --no-browser")
        try:
            redirect = await asyncio.wait_for(listener.wait(), timeout)
        except asyncio.TimeoutError:
            raise LoginError(f"no redirect from Zoho within {timeout:g}s; run the login again") from None
        if on_redirect is not None:
            on_redirect()
        return await _complete(accounts, store, redirect, listener.redirect_uri, clock)


async def login_manual(
    accounts: AccountsClient,
    store: TokenStore,
    prompt: Callable[[str], Awaitable[str]],
    *,
    scopes: Iterable[str] = DEFAULT_SCOPES,
    redirect_uri: str = DEFAULT_REDIRECT_URI,
    clock: Callable[[], float] = time.time,
) -> LoginResult:
    """No-browser login: `prompt(url)` shows the URL and returns the pasted redirect URL or bare code."""
    state = new_state()
    pasted = await prompt(accounts.authorize_url(redirect_uri, state, scopes))
    redirect = parse_redirect(pasted)
    check_state(redirect, state)
    return await _complete(accounts, store, redirect, redirect_uri, clock)


async def exchange_self_client_code(
    accounts: AccountsClient, store: TokenStore, code: SecretStr, *, clock: Callable[[], float] = time.time
) -> LoginResult:
    """A Self Client grant code (made in the API console) is exchanged with no redirect URI."""
    return await _complete(accounts, store, Redirect(code=code), None, clock)


async def logout(accounts: AccountsClient, store: TokenStore) -> bool:
    """Revoke the stored refresh token at Zoho, then delete the file; False when nothing was stored.

    A token Zoho no longer knows is deleted anyway; a network failure keeps the file so logout can be retried.
    """
    dc, client_id = accounts.datacenter, accounts.client_id
    tokens = store.load(dc.accounts_url, client_id)
    if tokens is None:
        return False
    token = tokens.refresh_token or tokens.access_token
    if token is not None:
        try:
            await accounts.revoke(token)
        except RevokeError as exc:
            if exc.error != "invalid_token":
                raise
            logger.info("the stored token was already invalid at data centre %s", dc.code)
    store.delete(dc.accounts_url, client_id)
    return True


def _redirect_datacenter(accounts: AccountsClient, redirect: Redirect) -> DataCenter:
    """The DC Zoho says the account lives in; hosts come from the table only (loopback for the sandbox)."""
    here = accounts.datacenter
    if redirect.accounts_server:
        return from_accounts_server(redirect.accounts_server, allow_sandbox=here.is_sandbox)
    if redirect.location and not here.is_sandbox:
        return datacenter(redirect.location)
    return here


async def _complete(
    accounts: AccountsClient,
    store: TokenStore,
    redirect: Redirect,
    redirect_uri: str | None,
    clock: Callable[[], float],
) -> LoginResult:
    dc = _redirect_datacenter(accounts, redirect)
    client = accounts if dc == accounts.datacenter else accounts.at(dc)
    response = await client.exchange_code(redirect.code, redirect_uri)
    if response.refresh_token is None:
        raise LoginError("Zoho issued no refresh token (access_type must be offline); run the login again")
    tokens = TokenSet().updated_with(response, clock())
    store.save(dc.accounts_url, client.client_id, tokens)
    logger.info("stored new Zoho tokens for data centre %s", dc.code)
    return LoginResult(datacenter=dc, tokens=tokens)
