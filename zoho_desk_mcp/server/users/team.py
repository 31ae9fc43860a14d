"""`--users zoho` assembled: the shared state, the authorization server, the sign-in pages and the per-user Desk
services, for one replica. Every replica built from the same settings (and the same Redis) serves every user.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

import httpx
from mcp.server.auth.middleware.auth_context import AuthContextMiddleware
from mcp.server.auth.middleware.bearer_auth import BearerAuthBackend
from mcp.server.auth.provider import ProviderTokenVerifier
from mcp.server.auth.settings import AuthSettings, ClientRegistrationOptions, RevocationOptions
from mcp.server.request_state import RequestStateSecurity
from mcp.server.transport_security import TransportSecuritySettings
from pydantic import AnyHttpUrl, SecretStr
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware

from ...auth import AccountsClient, AuthError, DataCenter, TokenSet, datacenter, sandbox_datacenter
from ...client import DeskClient
from ...config import ConfigError, Settings
from ...state import Sealer, SharedState, derive, open_state
from ...tools.kit.audit import AuditLog
from ...tools.kit.pickers import LISTING_HINTS
from .budget import PortalSlots
from .lookup import SharedResolver
from .pages import SignInPages
from .provider import ACCESS_SECONDS, SCOPE, DeskAuthProvider
from .services import UserResolvers, UserServices
from .store import Pending, Profile, UserStore
from .zoho import PerUserAuth, UserTokens

if TYPE_CHECKING:
    from ...sandbox import Sandbox

logger = logging.getLogger(__name__)

IN_PROCESS_SANDBOX_URL = "http://127.0.0.1:8001"
HTTP_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
CALLBACK_PATH = "/oauth/zoho/callback"


def zoho_client(settings: Settings, sandbox: object | None) -> tuple[DataCenter, str, SecretStr]:
    """The server's own Zoho client, which signs every user in (the sandbox's published one against a sandbox)."""
    if sandbox is not None or settings.uses_sandbox:
        from ...sandbox import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET

        dc = sandbox_datacenter(settings.sandbox_url or IN_PROCESS_SANDBOX_URL)
        return dc, DEFAULT_CLIENT_ID, SecretStr(DEFAULT_CLIENT_SECRET)
    if settings.client_id is None or settings.client_secret is None:
        raise ConfigError("--users zoho needs the server's own Zoho client: ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET")
    return datacenter(settings.data_center), settings.client_id, settings.client_secret


class Team:
    """One replica's share of the team deployment; `state` may be given (tests share one between replicas)."""

    def __init__(
        self,
        settings: Settings,
        *,
        sandbox: Sandbox | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        state: SharedState | None = None,
        access_seconds: int | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        assert settings.state_key is not None  # config checks it for --users zoho
        self.settings = settings
        self.public_url = settings.base_url
        self.callback_url = self.public_url + CALLBACK_PATH
        self.dc, self.client_id, self._secret = zoho_client(settings, sandbox)
        if sandbox is not None and transport is None:
            from ...sandbox import SandboxTransport

            transport = SandboxTransport(sandbox.app)
        self._transport = transport
        self._clock = clock
        self.state = state if state is not None else open_state(settings.state_url)
        self.store = UserStore(self.state, Sealer(settings.state_key.get_secret_value()))
        self.provider = DeskAuthProvider(
            self.store, public_url=self.public_url, zoho_url=self.zoho_url, clock=clock,
            access_seconds=access_seconds or ACCESS_SECONDS,
        )
        self.pages = SignInPages(self.provider, self.sign_in, secure_cookie=self.public_url.startswith("https://"))
        self.tokens: UserTokens | None = None

    def auth_settings(self) -> AuthSettings:
        return AuthSettings(
            issuer_url=self.public_url,  # type: ignore[arg-type]  # pydantic parses the URL
            resource_server_url=self.provider.resource,  # type: ignore[arg-type]
            validate_token_resource=True,
            required_scopes=[SCOPE],
            client_registration_options=ClientRegistrationOptions(
                enabled=True, valid_scopes=[SCOPE], default_scopes=[SCOPE]
            ),
            revocation_options=RevocationOptions(enabled=True),
        )

    def server_options(self) -> dict[str, Any]:
        """MCPServer arguments: the authorization server, and one request-state key for every replica (a
        multi-round-trip call, such as an elicitation, may come back to another replica)."""
        assert self.settings.state_key is not None
        key = derive(self.settings.state_key.get_secret_value(), b"mcp-request-state")
        return {
            "auth_server_provider": self.provider,
            "auth": self.auth_settings(),
            "request_state_security": RequestStateSecurity(keys=[key]),
        }

    def middleware(self) -> list[Middleware]:
        """The SDK's bearer check (tokens from our provider, for our resource only) and its per-request user."""
        verifier = ProviderTokenVerifier(self.provider)  # type: ignore[arg-type]
        backend = BearerAuthBackend(verifier, resource_server_url=AnyHttpUrl(self.provider.resource))
        return [Middleware(AuthenticationMiddleware, backend=backend), Middleware(AuthContextMiddleware)]

    def security(self, base: TransportSecuritySettings) -> TransportSecuritySettings:
        """The public URL's host and origin join the allowed ones (behind a proxy, that is what arrives)."""
        if not base.enable_dns_rebinding_protection:
            return base
        parts = urlsplit(self.public_url)
        return base.model_copy(
            update={
                "allowed_hosts": [*base.allowed_hosts, parts.netloc, f"{parts.hostname}:*"],
                "allowed_origins": [*base.allowed_origins, f"{parts.scheme}://{parts.netloc}"],
            }
        )

    def zoho_url(self, key: str, pending: Pending) -> str:
        """Zoho's sign-in page for this pending request (our state = its key), naming the hinted user if any."""
        query = {
            "response_type": "code", "client_id": self.client_id, "scope": ",".join(self.settings.scope_list),
            "redirect_uri": self.callback_url, "access_type": "offline", "prompt": "consent", "state": key,
        }
        if pending.login_hint:
            query["login_hint"] = pending.login_hint
        return f"{self.dc.authorize_endpoint}?{urlencode(query)}"

    @asynccontextmanager
    async def open_services(self) -> AsyncIterator[UserServices]:
        """The shared HTTP client, the per-user tokens and Desk client; closed with the last session."""
        slots = PortalSlots(self._transport or httpx.AsyncHTTPTransport(), self.state, limit=lambda org: 5)
        async with httpx.AsyncClient(transport=slots, timeout=HTTP_TIMEOUT) as http:
            self._http = http
            accounts = AccountsClient(http, self.dc, self.client_id, self._secret)
            self.tokens = UserTokens(self.store, accounts, self._clock)
            async with DeskClient(self.dc.desk_url, PerUserAuth(self.tokens), http=http) as client:
                slots.limit = client.concurrency  # the portal's edition decides, once the client knows it
                self.slots, self.client = slots, client
                org = self.settings.organization
                resolvers = UserResolvers(
                    lambda user: SharedResolver(client, self.store, user, default_org=org, more=LISTING_HINTS)
                )
                logger.info("Zoho Desk team services ready (data centre %s)", self.dc.code)
                yield UserServices(client, resolvers, AuditLog(self.settings.audit_log))

    async def sign_in(self, query: dict[str, str]) -> str:
        """Zoho's callback: exchange the code, ask Zoho who signed in, keep their tokens sealed; their e-mail."""
        server = query.get("accounts-server", "").rstrip("/")
        if server and server.lower() != self.dc.accounts_url.lower():  # this deployment serves one data centre
            raise ConfigError("the user signed in at another Zoho data centre")
        if self.tokens is None:
            raise RuntimeError("the team services are not open")
        response = await self.tokens.accounts.exchange_code(query["code"], self.callback_url)
        if response.refresh_token is None:
            raise ConfigError("Zoho issued no refresh token")
        profile = await self._whoami(response.access_token)
        before = await self.store.zoho(profile.email)
        await self.store.put_zoho(profile.email, TokenSet().updated_with(response, self._clock()))
        await self.store.put_profile(profile)
        logger.info("a user signed in to Zoho")
        if before is not None and before.refresh_token is not None:  # Zoho keeps 20 per user: retire the old one
            try:
                await self.tokens.accounts.revoke(before.refresh_token)
            except AuthError as error:
                logger.info("could not revoke a user's previous Zoho sign-in (%s)", type(error).__name__)
        return profile.email

    async def _whoami(self, access: SecretStr) -> Profile:
        headers = {"Authorization": f"Zoho-oauthtoken {access.get_secret_value()}"}
        base = f"{self.dc.desk_url}/api/v1"
        orgs = (await self._http.get(f"{base}/organizations", headers=headers)).raise_for_status().json()["data"]
        org_id = str(orgs[0]["id"])
        me = (await self._http.get(f"{base}/myinfo", headers={**headers, "orgId": org_id})).raise_for_status().json()
        name = me.get("name") or " ".join(p for p in (me.get("firstName"), me.get("lastName")) if p)
        return Profile(id=str(me["id"]), name=str(name), email=str(me["emailId"]).lower())
