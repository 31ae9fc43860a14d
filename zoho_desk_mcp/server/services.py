"""The process's one Desk client, credentials and resolver, built from settings (Zoho, or a sandbox).

`SharedServices` opens them on first use and closes them after the last user leaves; the transport runner holds
one use for the whole process, so SSE's per-connection lifespans share one client, one token and one cache.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx
from pydantic import SecretStr

from ..auth import (
    AccountsClient,
    AuthError,
    DataCenter,
    TokenStore,
    ZohoAuth,
    ZohoCredentials,
    datacenter,
    parse_scopes,
    sandbox_datacenter,
)
from ..auth.backoff import FIRST_DELAY_SECONDS
from ..auth.datacenters import SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_REFRESH_TOKEN
from ..client import DeskClient, Resolver, RetryPolicy
from ..client.core import DEFAULT_TIMEOUT
from ..config import ConfigError, Settings
from ..state import SharedState
from ..tools.kit.audit import AuditLog
from ..tools.kit.context import DeskServices
from ..tools.kit.pickers import LISTING_HINTS
from .scopes import fetch_later
from .shared_login import shared_login

if TYPE_CHECKING:  # the sandbox (Starlette app, seed data) is imported only when a server runs against it
    from ..sandbox import Sandbox

logger = logging.getLogger(__name__)

IN_PROCESS_SANDBOX_URL = "http://127.0.0.1:8001"
HTTP_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


@dataclass(frozen=True)
class ClientTuning:
    """The Desk client's per-request timeout and retry policy: production defaults; tests and the soak shorten them."""

    timeout: httpx.Timeout | None = None
    retry: RetryPolicy | None = None
    refresh_backoff: float = FIRST_DELAY_SECONDS  # seconds before retrying a refused token refresh (then doubling)


def sandbox_credentials() -> tuple[str, SecretStr, SecretStr]:
    """The sandbox's published defaults; ZOHO_* settings (perhaps in .env for a real portal) never apply here."""
    return SANDBOX_CLIENT_ID, SecretStr(SANDBOX_CLIENT_SECRET), SecretStr(SANDBOX_REFRESH_TOKEN)


def _zoho_target(settings: Settings) -> tuple[DataCenter, str, SecretStr, SecretStr | None]:
    if settings.client_id is None or settings.client_secret is None:
        raise ConfigError(
            "ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET are needed to reach Zoho Desk; "
            "or run against the built-in sandbox with --sandbox"
        )
    return datacenter(settings.data_center), settings.client_id, settings.client_secret, settings.refresh_token


@asynccontextmanager
async def open_services(
    settings: Settings,
    *,
    sandbox: Sandbox | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    tuning: ClientTuning | None = None,
    state: SharedState | None = None,
) -> AsyncIterator[DeskServices]:
    """Open the shared httpx client, credentials, Desk client and resolver; close them on exit.

    With ZOHO_DESK_STATE_URL (or an injected `state`), the Zoho login lives in the shared state, so replicas
    share one access token and refresh it once between them (server/shared_login.py).

    `--sandbox` (or an injected `sandbox`) runs against an in-process emulator with its default credentials and
    no token file; `--sandbox-url` reaches one on loopback; otherwise the data centre's own hosts.
    """
    store: TokenStore | None = None
    refresh: SecretStr | None
    if sandbox is not None or (settings.sandbox and settings.sandbox_url is None):
        from ..sandbox import Sandbox, SandboxTransport, read_file

        sandbox = sandbox or Sandbox(read_file(settings.sandbox_data) if settings.sandbox_data else None)
        transport = transport or SandboxTransport(sandbox.app)
        dc = sandbox_datacenter(IN_PROCESS_SANDBOX_URL)
        client_id, secret, refresh = sandbox_credentials()
    elif settings.sandbox_url is not None:
        dc = sandbox_datacenter(settings.sandbox_url)
        client_id, secret, refresh = sandbox_credentials()
        store = TokenStore(settings.token_dir)
    else:
        dc, client_id, secret, refresh = _zoho_target(settings)
        store = TokenStore(settings.token_dir)
    async with AsyncExitStack() as stack:
        http = await stack.enter_async_context(http_client(dc.desk_url, transport))
        tuning = tuning or ClientTuning()
        accounts = AccountsClient(http, dc, client_id, secret)
        credentials = ZohoCredentials(
            accounts, store=store, refresh_token=refresh, refresh_backoff=tuning.refresh_backoff
        )
        if state is not None or settings.state_url is not None:
            if settings.state_key is None:
                raise ConfigError("ZOHO_DESK_STATE_URL needs ZOHO_DESK_STATE_KEY (it encrypts the shared Zoho tokens)")
            shared = shared_login(
                settings.state_key, accounts, state=state, url=settings.state_url, given=refresh, files=store
            )
            credentials = await stack.enter_async_context(shared)
        timeout = tuning.timeout or DEFAULT_TIMEOUT
        client = DeskClient(dc.desk_url, ZohoAuth(credentials), http=http, timeout=timeout, retry=tuning.retry)
        await stack.enter_async_context(client)
        logger.info("Zoho Desk services ready (data centre %s)", dc.code)
        resolver = Resolver(client, default_org=settings.organization, more=LISTING_HINTS)
        audit = AuditLog(settings.audit_log)
        services = DeskServices(client=client, resolver=resolver, granted_scopes=None, audit=audit)
        stack.callback(fetch_later(services, granted_scopes(credentials)).cancel)  # while `initialize` is answered
        yield services


def http_client(base_url: str, transport: httpx.AsyncBaseTransport | None) -> httpx.AsyncClient:
    """The shared client; a plain http:// base (a loopback sandbox) never negotiates TLS, so it skips loading the
    CA bundle (30-100 ms of start-up): its context trusts no certificate, so any https:// request fails closed."""
    tls: ssl.SSLContext | bool = True
    if transport is None and base_url.startswith("http://"):
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies hostnames and certificates, against no CA
    return httpx.AsyncClient(transport=transport, timeout=HTTP_TIMEOUT, verify=tls)


async def granted_scopes(credentials: ZohoCredentials) -> frozenset[str] | None:
    """The scopes Zoho granted the token (from the token response), or None when unknown or not reachable.

    Fetched as the services open (server/scopes.py), so the first tool call does not wait for a refresh; a
    failure is only logged: tools then report it when they are called.
    """
    try:
        await credentials.get_token()
    except AuthError as error:
        logger.warning("no Zoho access token at start-up: %s", error)
        return None
    tokens = credentials.tokens
    return frozenset(parse_scopes(tokens.scope)) if tokens is not None and tokens.scope else None


class SharedServices:
    """Reference-counted services: opened by the first user, closed when the last one leaves."""

    def __init__(self, opener: Callable[[], AbstractAsyncContextManager[DeskServices]]) -> None:
        self._opener = opener
        self._lock = asyncio.Lock()
        self._users = 0
        self._stack: AsyncExitStack | None = None
        self._services: DeskServices | None = None

    def current(self) -> DeskServices:
        """The open services, while any session is being served (a wiring bug otherwise)."""
        if self._services is None:
            raise RuntimeError("the Zoho Desk services are not open")
        return self._services

    @asynccontextmanager
    async def use(self) -> AsyncIterator[DeskServices]:
        async with self._lock:
            if self._users == 0:
                self._stack = AsyncExitStack()
                self._services = await self._stack.enter_async_context(self._opener())
            self._users += 1
        try:
            assert self._services is not None
            yield self._services
        finally:
            async with self._lock:
                self._users -= 1
                if self._users == 0 and self._stack is not None:
                    stack, self._stack, self._services = self._stack, None, None
                    await stack.aclose()
