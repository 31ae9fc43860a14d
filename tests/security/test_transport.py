"""Who may talk to the server, and where the server may send the Zoho token.

The HTTP transports run in process (the Starlette app over httpx.ASGITransport, its lifespan entered), so every
refusal is checked on streamable HTTP and on SSE without sockets; tests/server/test_transports.py covers the
same server as a real process. The Zoho side runs the production configuration (a real data centre, a token
store) over a transport that serves that data centre's hosts from the sandbox and records every request, so a
request to any other host, or one that follows a redirect, would be seen.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
import httpx
import pytest
from mcp import Client
from mcp.types import TextContent
from pydantic import SecretStr

from zoho_desk_mcp.auth import (
    AccountsClient,
    AuthError,
    UnknownDataCenterError,
    from_accounts_server,
    sandbox_datacenter,
)
from zoho_desk_mcp.auth.datacenters import DATA_CENTERS
from zoho_desk_mcp.client import DeskClient
from zoho_desk_mcp.client.errors import DeskURLError
from zoho_desk_mcp.config import ConfigError, from_environment
from zoho_desk_mcp.sandbox import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_REFRESH_TOKEN,
    Sandbox,
    SandboxTransport,
)
from zoho_desk_mcp.server import BuiltServer, build_server
from zoho_desk_mcp.server.http import http_app
from zoho_desk_mcp.server.throttle import FailureThrottle

TOKEN = "mcp-bearer-0123456789abcdef"
BASE = "http://127.0.0.1:8000"
INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}},
}
JSON_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
ENDPOINTS = {
    "http": [("POST", "/mcp"), ("GET", "/mcp"), ("DELETE", "/mcp")],
    "sse": [("GET", "/sse"), ("POST", "/messages/?session_id=0123456789abcdef0123456789abcdef")],
}
BAD_CREDENTIALS: list[dict[str, str]] = [
    {},
    {"Authorization": "Bearer wrong-token"},
    {"Authorization": f"Bearer {TOKEN[:-1]}"},
    {"Authorization": f"Bearer {TOKEN}x"},
    {"Authorization": "Bearer"},
    {"Authorization": TOKEN},
    {"Authorization": f"Basic {base64.b64encode(f'user:{TOKEN}'.encode()).decode()}"},
    {"Authorization": f"Zoho-oauthtoken {TOKEN}"},
    {"X-Api-Key": TOKEN},
    {"Cookie": f"token={TOKEN}"},
]


@asynccontextmanager
async def http_server(built: BuiltServer, transport: str, token: str | None) -> AsyncIterator[httpx.AsyncClient]:
    """The server's HTTP app with its lifespan running, and an httpx client that reaches it in process.

    The SDK's SSE endpoint raises after sending its 421/403 (uvicorn logs that); the answer sent is what counts.
    """
    # many refusals in a row from one address: their 401s go out at once here (test_auth_throttle.py times them)
    throttle = FailureThrottle(sleep=lambda seconds: anyio.sleep(0))
    app = http_app(built, transport=transport, host="127.0.0.1", port=8000, auth_token=token, throttle=throttle)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url=BASE) as http,
    ):
        yield http


async def send(http: httpx.AsyncClient, method: str, path: str, headers: dict[str, str]) -> httpx.Response:
    with anyio.fail_after(10):  # an accepted GET /sse would stream forever: that is a failure here
        body = INITIALIZE if method == "POST" else None
        return await http.request(method, path, json=body, headers={**JSON_HEADERS, **headers})


@pytest.mark.parametrize("transport", ["http", "sse"])
async def test_without_the_bearer_token_every_transport_endpoint_answers_401(
    transport: str, server: Callable[..., BuiltServer]
) -> None:
    refused: list[tuple[str, str, int]] = []
    async with http_server(server(), transport, TOKEN) as http:
        for method, path in ENDPOINTS[transport]:
            for headers in BAD_CREDENTIALS:
                response = await send(http, method, path, headers)
                refused.append((method, str(headers)[:40], response.status_code))
                assert response.status_code == 401, (method, path, headers)
                assert response.headers["www-authenticate"] == "Bearer"
                assert TOKEN not in response.text
            query = await send(http, method, f"{path}{'&' if '?' in path else '?'}access_token={TOKEN}", {})
            assert query.status_code == 401  # a token in the URL is not accepted (URLs end up in logs)
    assert len(refused) == len(ENDPOINTS[transport]) * len(BAD_CREDENTIALS)


@pytest.mark.parametrize("transport", ["http", "sse"])
async def test_with_the_bearer_token_a_request_gets_past_the_guard(
    transport: str, server: Callable[..., BuiltServer]
) -> None:
    async with http_server(server(), transport, TOKEN) as http:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        if transport == "http":
            response = await send(http, "POST", "/mcp", auth)
            assert response.status_code == 200 and "serverInfo" in response.text
        else:  # a session that does not exist: refused by the transport, not by the guard
            response = await send(http, "POST", ENDPOINTS["sse"][1][1], auth)
            assert response.status_code in (400, 404)
        lower = await send(http, "POST", ENDPOINTS[transport][0][1], {"Authorization": f"bearer {TOKEN}"})
        assert lower.status_code != 401  # the scheme is case-insensitive (RFC 7235)


@pytest.mark.parametrize("token", [None, TOKEN])
@pytest.mark.parametrize("transport", ["http", "sse"])
async def test_a_rebinding_host_or_a_foreign_origin_is_refused_even_with_the_token(
    transport: str, token: str | None, server: Callable[..., BuiltServer]
) -> None:
    auth = {"Authorization": f"Bearer {token}"} if token else {}
    hostile = [
        ({"Host": "evil.example"}, 421),
        ({"Host": "evil.example:8000"}, 421),
        ({"Host": "127.0.0.1.evil.example:8000"}, 421),
        ({"Host": "localhost.evil.example"}, 421),
        ({"Origin": "http://evil.example"}, 403),
        ({"Origin": "http://127.0.0.1.evil.example:8000"}, 403),
        ({"Origin": "null"}, 403),
    ]
    async with http_server(server(), transport, token) as http:
        for method, path in ENDPOINTS[transport]:
            for headers, status in hostile:
                response = await send(http, method, path, {**auth, **headers})
                assert response.status_code == status, (method, path, headers, response.status_code)


# --- where the Zoho token may go ---------------------------------------------------------------------------

NOT_DESK_HOSTS = [
    "https://evil.example.com",
    "https://desk.zoho.com.evil.example",
    "https://evil.example/desk.zoho.com",
    "https://desk-zoho.com",
    "http://desk.zoho.com",  # plain http would put the token on the wire
    "https://desk.zoho.com:8443",
    "https://user:pw@desk.zoho.com",
    "https://desk.zoho.com/api/v1?redirect=https://evil.example",
    "https://desk.zoho.com/api/v2",
    "https://169.254.169.254",
    "http://10.0.0.5:8001",
    "http://192.168.1.10",
    "http://[fd00::1]:8001",
    "https://accounts.zoho.com",
    "https://www.zohoapis.com",
]


@pytest.mark.parametrize("base_url", NOT_DESK_HOSTS)
def test_the_desk_client_refuses_a_base_url_outside_the_data_centre_table(base_url: str) -> None:
    with pytest.raises(DeskURLError) as raised:
        DeskClient(base_url, httpx.Auth())
    assert "pw" not in str(raised.value) and "redirect" not in str(raised.value)


@pytest.mark.parametrize("base_url", [dc.desk_url for dc in DATA_CENTERS.values()] + ["http://127.0.0.1:8001"])
def test_the_desk_client_accepts_the_table_and_loopback(base_url: str) -> None:
    assert DeskClient(base_url, httpx.Auth()).base_url == f"{base_url}/api/v1"


@pytest.mark.parametrize("url", ["http://10.0.0.5:8001", "https://evil.example", "http://127.0.0.1.evil.example"])
def test_a_sandbox_url_must_be_loopback_so_the_sandbox_credentials_cannot_be_sent_elsewhere(url: str) -> None:
    with pytest.raises(UnknownDataCenterError):
        sandbox_datacenter(url)
    with pytest.raises(ConfigError):
        from_environment({"sandbox_url": url}, environ={}, dotenv_path=None)


@pytest.mark.parametrize(
    "url", ["https://accounts.zoho.com.evil.example", "https://accounts.evil.example", "http://accounts.zoho.com"]
)
def test_an_accounts_server_outside_the_table_is_refused(url: str) -> None:
    with pytest.raises(UnknownDataCenterError):
        from_accounts_server(url)


class FakeZoho(httpx.AsyncBaseTransport):
    """accounts.zoho.eu and desk.zoho.eu served by the sandbox; any other host recorded and refused.

    `redirects` maps "METHOD path" to a Location: that call answers 302/307 there instead of reaching the sandbox.
    """

    HOSTS = ("accounts.zoho.eu", "desk.zoho.eu")

    def __init__(self, sandbox: Sandbox) -> None:
        self.inner = SandboxTransport(sandbox.app)
        self.requests: list[httpx.Request] = []
        self.redirects: dict[str, str] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.host not in self.HOSTS:
            return httpx.Response(200, json={"stolen": True})
        location = self.redirects.get(f"{request.method} {request.url.path}")
        if location is not None:
            status = 307 if request.method == "POST" else 302
            return httpx.Response(status, headers={"location": location})
        response = await self.inner.handle_async_request(request)
        if request.url.path == "/oauth/v2/token":  # a tampered api_domain must not steer anything
            await response.aread()
            body = {**response.json(), "api_domain": "https://evil.example"}
            return httpx.Response(response.status_code, json=body)
        return response

    def escaped(self) -> list[str]:
        return [str(r.url) for r in self.requests if r.url.host not in self.HOSTS]


def production_server(sandbox: Sandbox, fake: FakeZoho, token_dir: Path) -> BuiltServer:
    """The server as it runs against Zoho (data centre eu, a token store), over the fake Zoho transport."""
    environ = {
        "ZOHO_CLIENT_ID": DEFAULT_CLIENT_ID,
        "ZOHO_CLIENT_SECRET": DEFAULT_CLIENT_SECRET,
        "ZOHO_REFRESH_TOKEN": DEFAULT_REFRESH_TOKEN,
        "ZOHO_DATA_CENTER": "eu",
    }
    settings = from_environment({"token_dir": token_dir}, environ=environ, dotenv_path=None)
    return build_server(settings, transport=fake)


async def test_in_production_the_token_goes_only_to_the_data_centres_own_hosts(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    fake = FakeZoho(sandbox)
    async with Client(production_server(sandbox, fake, tmp_path).mcp) as client:
        result = await client.call_tool("list_tickets", {"organization": "Acme Support", "limit": 2})
    assert not result.is_error
    assert fake.escaped() == []
    for request in fake.requests:
        authorization = request.headers.get("authorization", "")
        if request.url.host == "accounts.zoho.eu":
            assert not authorization and request.url.path == "/oauth/v2/token" and not request.url.query
        else:
            assert authorization.startswith("Zoho-oauthtoken ")


@pytest.mark.parametrize("target", ["https://evil.example/steal", "http://127.0.0.1:9/", "https://desk.zoho.com/x"])
async def test_a_redirect_from_the_desk_api_is_not_followed_with_the_token(
    sandbox: Sandbox, tmp_path: Path, target: str
) -> None:
    fake = FakeZoho(sandbox)
    fake.redirects["GET /api/v1/tickets"] = target
    async with Client(production_server(sandbox, fake, tmp_path).mcp) as client:
        result = await client.call_tool("list_tickets", {"organization": "Acme Support", "limit": 2})
        follow_up = await client.call_tool("list_options", {"kind": "departments", "organization": "Acme Support"})
    sent_to_target = [r for r in fake.requests if str(r.url).startswith(target.rstrip("/"))]
    assert sent_to_target == [] and fake.escaped() == []
    text = "".join(part.text for part in result.content if isinstance(part, TextContent))
    assert result.is_error and "redirect" in text, text
    assert not follow_up.is_error  # the server keeps serving


async def test_a_redirect_from_the_token_endpoint_is_not_followed_with_the_secret(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    fake = FakeZoho(sandbox)
    fake.redirects["POST /oauth/v2/token"] = "https://evil.example/oauth/v2/token"
    async with Client(production_server(sandbox, fake, tmp_path).mcp) as client:
        result = await client.call_tool("list_tickets", {"organization": "Acme Support", "limit": 2})
    assert fake.escaped() == []
    assert result.is_error
    text = "".join(part.text for part in result.content if isinstance(part, TextContent))
    assert DEFAULT_CLIENT_SECRET not in text and DEFAULT_REFRESH_TOKEN not in text


async def test_the_accounts_client_does_not_follow_a_redirect_with_the_refresh_token(sandbox: Sandbox) -> None:
    fake = FakeZoho(sandbox)
    fake.redirects["POST /oauth/v2/token"] = "https://evil.example/token"
    async with httpx.AsyncClient(transport=fake) as http:
        accounts = AccountsClient(http, DATA_CENTERS["eu"], DEFAULT_CLIENT_ID, SecretStr(DEFAULT_CLIENT_SECRET))
        with pytest.raises(AuthError) as raised:
            await accounts.refresh(SecretStr(DEFAULT_REFRESH_TOKEN))
    assert fake.escaped() == [] and len(fake.requests) == 1
    assert DEFAULT_CLIENT_SECRET not in str(raised.value) and DEFAULT_REFRESH_TOKEN not in str(raised.value)
