"""Replicas of the server in `--users zoho` mode inside one test, sharing one Redis and one sandbox, and a
"browser" that walks the sign-in flow (our consent page, the sandbox's Zoho sign-in with `login_hint`).

Each replica is the real Starlette app (`http_app`) with its lifespan running, reached in-process through
ASGI transports on its own (fake) port; the public URL is the same for all, as behind a load balancer.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import httpx2
from mcp import Client
from mcp.client.auth import OAuthClientProvider
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import AuthorizationCodeResult, OAuthClientInformationFull, OAuthClientMetadata, OAuthToken
from starlette.applications import Starlette

from zoho_desk_mcp.config import Settings, from_environment
from zoho_desk_mcp.sandbox import Sandbox, SandboxTransport
from zoho_desk_mcp.server import build_server
from zoho_desk_mcp.server.http import http_app
from zoho_desk_mcp.server.users import Team
from zoho_desk_mcp.state.redis_state import RedisState

from ..state.conftest import REDIS_URL, redis_state

PUBLIC_URL = "http://127.0.0.1:8000"
SANDBOX_URL = "http://127.0.0.1:8001"
CLIENT_REDIRECT = "http://127.0.0.1:33418/callback"
STATE_KEY = "team-test-state-key-0123456789-abcdef"


def team_settings(**overrides: Any) -> Settings:
    values = {
        "sandbox": True, "transport": "http", "users": "zoho", "stateless": True,
        "state_key": STATE_KEY, "public_url": PUBLIC_URL, "toolsets": "tickets,triage,reply", **overrides,
    }
    return from_environment(values, environ={}, dotenv_path=None)


def shared_prefix() -> str:
    """A fresh key prefix in the test Redis: the replicas of one test share it, other tests never see it."""
    redis_state()  # skips (or, under CI, fails) without a Redis
    return f"team-{secrets.token_hex(6)}:"


@dataclass
class Replica:
    name: str
    team: Team
    app: Starlette
    stack: AsyncExitStack = field(default_factory=AsyncExitStack)

    async def stop(self) -> None:
        """As if the process died: its lifespan ends and it answers nothing more."""
        await self.stack.aclose()


@asynccontextmanager
async def replica(
    name: str, sandbox: Sandbox, prefix: str, settings: Settings | None = None, **options: Any
) -> AsyncIterator[Replica]:
    """A running replica on the shared Redis `prefix`; `options` go to its `Team` (clock, token lifetime)."""
    assert REDIS_URL is not None
    settings = settings or team_settings()
    team = Team(settings, sandbox=sandbox, state=RedisState(REDIS_URL, prefix=prefix), **options)
    built = build_server(settings, sandbox=sandbox, team=team)
    app = http_app(built, transport="http", host="127.0.0.1", port=8000, auth_token=None, stateless=True)
    running = Replica(name, team, app)
    await running.stack.enter_async_context(app.router.lifespan_context(app))
    running.stack.push_async_callback(team.state.close)
    try:
        yield running
    finally:
        await running.stack.aclose()


class Routed(httpx.AsyncBaseTransport):
    """The browser's network: our public URL reaches one replica, the sandbox's URL the sandbox."""

    def __init__(self, replica: Replica, sandbox: Sandbox) -> None:
        self.replica = httpx.ASGITransport(app=replica.app)
        self.sandbox = SandboxTransport(sandbox.app)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        target = self.sandbox if request.url.port == 8001 else self.replica
        return await target.handle_async_request(request)


def hidden_inputs(page: str) -> dict[str, str]:
    found = re.findall(r"<input type='hidden' name='([^']+)' value='([^']*)'>", page)
    return {name: html.unescape(value) for name, value in found}


class Browser:
    """A user's browser: follows redirects across our server and the sandbox, and answers the consent page."""

    def __init__(self, replica: Replica, sandbox: Sandbox, email: str, *, decision: str = "approve") -> None:
        self.http = httpx.AsyncClient(transport=Routed(replica, sandbox), base_url=PUBLIC_URL)
        self.email = email
        self.decision = decision
        self.consent_pages = 0
        self.result: dict[str, str] = {}

    async def visit(self, url: str) -> None:
        response = await self.http.get(url + "&" + urlencode({"login_hint": self.email}))
        for _ in range(10):  # bounded: consent, Zoho, callback, client
            if response.status_code == 200 and "<form method='post'>" in response.text:
                self.consent_pages += 1
                form = {**hidden_inputs(response.text), "decision": self.decision}
                response = await self.http.post("/consent", data=form)
                continue
            assert response.status_code in (302, 303), (response.status_code, response.text[:300])
            location = response.headers["location"]
            if location.startswith(CLIENT_REDIRECT):
                self.result = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
                return
            response = await self.http.get(location)
        raise AssertionError("the sign-in never came back to the client")

    async def callback(self) -> AuthorizationCodeResult:
        return AuthorizationCodeResult(code=self.result["code"], state=self.result.get("state"))


class MemoryTokens:
    """The MCP client's token storage (an app would keep it on disk)."""

    def __init__(self) -> None:
        self.tokens: OAuthToken | None = None
        self.client: OAuthClientInformationFull | None = None

    async def get_tokens(self) -> OAuthToken | None:
        return self.tokens

    async def set_tokens(self, tokens: OAuthToken) -> None:
        self.tokens = tokens

    async def get_client_info(self) -> OAuthClientInformationFull | None:
        return self.client

    async def set_client_info(self, client_info: OAuthClientInformationFull) -> None:
        self.client = client_info


class User:
    """One person with their own MCP client (its own registration and tokens), signing in with their e-mail."""

    def __init__(self, email: str, sandbox: Sandbox) -> None:
        self.email = email
        self.sandbox = sandbox
        self.storage = MemoryTokens()
        self.browser: Browser | None = None

    def oauth(self, via: Replica, browser: Browser | None = None) -> OAuthClientProvider:
        """The SDK's OAuth client for this user's MCP client, signing in through `browser` (a fresh one)."""
        self.browser = browser or Browser(via, self.sandbox, self.email)
        metadata = OAuthClientMetadata(
            client_name=f"Test client of {self.email}",
            redirect_uris=[CLIENT_REDIRECT],  # type: ignore[list-item]
            grant_types=["authorization_code", "refresh_token"],
            response_types=["code"],
        )
        return OAuthClientProvider(
            f"{PUBLIC_URL}/mcp", metadata, self.storage, self.browser.visit, self.browser.callback
        )

    @asynccontextmanager
    async def client(self, via: Replica, browser: Browser | None = None) -> AsyncIterator[Client]:
        """An MCP client through `via`, signing in (with the SDK's OAuth client) when it has no valid token."""
        async with (
            httpx2_client(via, self.oauth(via, browser)) as http,
            Client(streamable_http_client(f"{PUBLIC_URL}/mcp", http_client=http)) as client,
        ):
            yield client


class Alternating:
    """A load balancer in front of several replicas: each request goes to the next one in turn."""

    def __init__(self, *replicas: Replica) -> None:
        self.replicas = replicas
        self.app = self  # quacks like a Replica for httpx2_client
        self.served: list[str] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        target = self.replicas[len(self.served) % len(self.replicas)]
        if scope["type"] == "http":
            self.served.append(target.name)
        await target.app(scope, receive, send)


def httpx2_client(via: Replica | Alternating, auth: httpx2.Auth | None = None, **options: Any) -> httpx2.AsyncClient:
    """The MCP client's HTTP stack (the SDK's httpx2), reaching `via` in-process."""
    transport = httpx2.ASGITransport(app=via.app)
    timeout = httpx2.Timeout(30)
    return httpx2.AsyncClient(transport=transport, base_url=PUBLIC_URL, auth=auth, timeout=timeout, **options)
