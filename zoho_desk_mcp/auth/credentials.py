"""ZohoCredentials (a live access token, refreshed early and once at a time) and ZohoAuth, its httpx.Auth.

Zoho keeps at most ten live access tokens per refresh token and answers ten token requests per ten minutes,
so a refresh is rationed: one at a time in the process (an asyncio.Lock, re-checked after it is taken) and one
at a time across processes sharing the store (a file lock, re-reading the store after it is taken). A failed
refresh is shared by every call that was waiting on it, and while Zoho refuses, the next attempt waits out a
growing back-off (`RefreshBackoff`), so a throttle lockout is never prolonged; tokens a new login stores end it.
"""

from __future__ import annotations

import asyncio
import enum
import hmac
import logging
import time
from collections.abc import AsyncGenerator, Callable, Generator

import httpx
from pydantic import SecretStr

from .backoff import FIRST_DELAY_SECONDS, RefreshBackoff
from .datacenters import DataCenter
from .errors import AuthError, NotLoggedInError
from .oauth import AccountsClient
from .tokens import TokenSet, TokenStore

logger = logging.getLogger(__name__)

# Refresh this long before expiry so a request never leaves with a token that dies in flight.
REFRESH_MARGIN_SECONDS = 300.0
# Past this close to expiry the token counts as expired: clocks drift, and a 401 costs a round trip.
EXPIRY_SKEW_SECONDS = 30.0


class TokenState(enum.Enum):
    """FRESH: use it. STALE: still valid, refresh now. EXPIRED: missing or (nearly) past expiry."""

    FRESH = "fresh"
    STALE = "stale"
    EXPIRED = "expired"


def _same(a: SecretStr | None, b: SecretStr | str | None) -> bool:
    if a is None or b is None:
        return False
    other = b.get_secret_value() if isinstance(b, SecretStr) else b
    return hmac.compare_digest(a.get_secret_value().encode(), other.encode())


class ZohoCredentials:
    """The access token for one client at one DC, backed by an optional shared `TokenStore`.

    `refresh_token` (e.g. from ZOHO_REFRESH_TOKEN) wins over the stored one; the stored access token is reused
    only when it was issued for that same refresh token.
    """

    def __init__(
        self,
        accounts: AccountsClient,
        *,
        store: TokenStore | None = None,
        refresh_token: SecretStr | None = None,
        clock: Callable[[], float] = time.time,
        refresh_margin: float = REFRESH_MARGIN_SECONDS,
        refresh_backoff: float = FIRST_DELAY_SECONDS,
    ) -> None:
        self.accounts = accounts
        self.store = store
        self._given_refresh = refresh_token
        self._clock = clock
        self._margin = refresh_margin
        self._tokens: TokenSet | None = None
        self._loaded = False
        self._lock = asyncio.Lock()
        self._backoff = RefreshBackoff(self.datacenter.code, clock, first_delay=refresh_backoff)
        self.refresh_count = 0

    def __repr__(self) -> str:
        return f"ZohoCredentials(datacenter={self.datacenter.code!r}, state={self.token_state.value!r})"

    @property
    def datacenter(self) -> DataCenter:
        return self.accounts.datacenter

    @property
    def tokens(self) -> TokenSet | None:
        self._ensure_loaded()
        return self._tokens

    @property
    def token_state(self) -> TokenState:
        return self._state_of(self.tokens)

    async def get_token(self) -> str:
        """A usable access token, refreshing first when it is stale or expired."""
        state = self.token_state
        tokens = self._tokens
        if state is TokenState.FRESH and tokens is not None and tokens.access_token is not None:
            return tokens.access_token.get_secret_value()
        try:
            return await self._refresh(rejected=None)
        except AuthError as exc:
            # A stale token still works: ride it out when the refresh can succeed later (throttle, network).
            if state is TokenState.STALE and exc.retryable and tokens is not None and tokens.access_token:
                logger.warning("early token refresh failed (%s); using the current token", type(exc).__name__)
                return tokens.access_token.get_secret_value()
            raise

    async def force_refresh(self, rejected_token: str) -> str:
        """After a 401 INVALID_OAUTH: refresh, unless the token changed since `rejected_token` was sent."""
        access = self.tokens.access_token if self.tokens is not None else None
        if access is not None and not _same(access, rejected_token):
            return access.get_secret_value()
        return await self._refresh(rejected=rejected_token)

    async def _refresh(self, rejected: str | None) -> str:
        finished = self._backoff.attempts  # a refresh that fails while we wait for the lock fails for us too
        async with self._lock:
            adopted = self._usable(self._tokens, rejected)
            if adopted is not None:
                return adopted
            if self.store is None:
                self._backoff.check(since=finished)
                return await self._backoff.attempt(self._refresh_now)
            key = (self.datacenter.accounts_url, self.accounts.client_id)
            async with self.store.lock(*key):
                # Another process may have refreshed (or a new login stored tokens) while we waited for the lock.
                self._adopt_stored(self.store.load(*key))
                adopted = self._usable(self._tokens, rejected)
                if adopted is not None:
                    logger.debug("reusing an access token another process refreshed")
                    return adopted
                self._backoff.check(since=finished)
                return await self._backoff.attempt(self._refresh_now)

    async def _refresh_now(self) -> str:
        refresh_token = self._given_refresh or (self._tokens.refresh_token if self._tokens else None)
        if refresh_token is None:
            raise NotLoggedInError(self.datacenter.code)
        response = await self.accounts.refresh(refresh_token)
        base = self._tokens if self._tokens is not None else TokenSet(refresh_token=refresh_token)
        if self._given_refresh is not None:
            base = base.model_copy(update={"refresh_token": self._given_refresh})
        self._tokens = base.updated_with(response, self._clock())
        self.refresh_count += 1
        logger.info("refreshed the Zoho access token (data centre %s)", self.datacenter.code)
        if self.store is not None:
            self.store.save(self.datacenter.accounts_url, self.accounts.client_id, self._tokens)
        return response.access_token.get_secret_value()

    def _usable(self, tokens: TokenSet | None, rejected: str | None) -> str | None:
        if tokens is None or tokens.access_token is None or self._state_of(tokens) is not TokenState.FRESH:
            return None
        if rejected is not None and _same(tokens.access_token, rejected):
            return None
        return tokens.access_token.get_secret_value()

    def _state_of(self, tokens: TokenSet | None) -> TokenState:
        if tokens is None or tokens.access_token is None or tokens.expires_at is None:
            return TokenState.EXPIRED
        remaining = tokens.expires_at - self._clock()
        if remaining <= EXPIRY_SKEW_SECONDS:
            return TokenState.EXPIRED
        return TokenState.STALE if remaining <= self._margin else TokenState.FRESH

    def _ensure_loaded(self) -> None:
        if not self._loaded:
            self._loaded = True
            if self.store is not None:
                self._adopt_stored(self.store.load(self.datacenter.accounts_url, self.accounts.client_id))

    def _adopt_stored(self, stored: TokenSet | None) -> None:
        """Take the stored set, unless a given refresh token differs from the one it belongs to."""
        if stored is None:
            return
        if self._given_refresh is not None and not _same(stored.refresh_token, self._given_refresh):
            return
        self._tokens = stored


class ReplayingAuth(httpx.Auth):
    """Sends `Authorization: Zoho-oauthtoken <token>`; on a 401 INVALID_OAUTH, gets a fresh token once and replays.

    The replay is safe for writes too: Zoho rejected the request before executing it. Subclasses say where the
    token comes from (`token`) and how a rejected one is replaced (`replacement`).
    """

    async def token(self) -> str:
        raise NotImplementedError

    async def replacement(self, rejected: str) -> str:
        raise NotImplementedError

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        raise RuntimeError(f"{type(self).__name__} needs an httpx.AsyncClient")
        yield request  # pragma: no cover

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = await self.token()
        request.headers["Authorization"] = f"Zoho-oauthtoken {token}"
        response = yield request
        if response.status_code != 401 or not await _is_invalid_oauth(response):
            return
        request.headers["Authorization"] = f"Zoho-oauthtoken {await self.replacement(token)}"
        yield request


class ZohoAuth(ReplayingAuth):
    """The process's one login: tokens from `ZohoCredentials`, refreshed once at a time."""

    def __init__(self, credentials: ZohoCredentials) -> None:
        self.credentials = credentials

    def __repr__(self) -> str:
        return f"ZohoAuth({self.credentials!r})"

    async def token(self) -> str:
        return await self.credentials.get_token()

    async def replacement(self, rejected: str) -> str:
        return await self.credentials.force_refresh(rejected)


async def _is_invalid_oauth(response: httpx.Response) -> bool:
    await response.aread()
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("errorCode") == "INVALID_OAUTH"
