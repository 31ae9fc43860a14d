"""Auth test fixtures: an in-process sandbox on a loopback base URL, accounts, a store, a fake clock."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from zoho_desk_mcp.auth import AccountsClient, DataCenter, TokenStore, ZohoCredentials, sandbox_datacenter
from zoho_desk_mcp.sandbox import Sandbox, SandboxTransport

# Loopback, because only loopback URLs may be a sandbox data centre.
BASE_URL = "http://127.0.0.1:8001"
CLIENT_ID = "sandbox-client"
CLIENT_SECRET = "sandbox-secret"
REFRESH_TOKEN = "sandbox-refresh-token"


class FakeClock:
    """Our side of time; the sandbox keeps its own (moved with the `advanceClock` fault)."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class SandboxControl:
    """The sandbox's `/_sandbox` endpoints, for arranging faults and counting token requests."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def faults(self, **body: Any) -> None:
        response = await self.http.post("/_sandbox/faults", json=body)
        assert response.status_code == 200, response.text

    async def stats(self) -> dict[str, Any]:
        return (await self.http.get("/_sandbox/stats")).json()  # type: ignore[no-any-return]

    async def token_requests(self) -> int:
        return int((await self.stats())["requests"].get("POST /oauth/v2/token", 0))

    async def self_client_code(self, **body: Any) -> str:
        return str((await self.http.post("/_sandbox/grant-codes", json=body)).json()["code"])


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox()


@pytest.fixture
async def http(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=SandboxTransport(sandbox.app), base_url=BASE_URL) as client:
        yield client


@pytest.fixture
def control(http: httpx.AsyncClient) -> SandboxControl:
    return SandboxControl(http)


@pytest.fixture
def dc() -> DataCenter:
    return sandbox_datacenter(BASE_URL)


@pytest.fixture
def accounts(http: httpx.AsyncClient, dc: DataCenter) -> AccountsClient:
    return AccountsClient(http, dc, CLIENT_ID, SecretStr(CLIENT_SECRET))


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "config" / "zoho-desk-mcp" / "tokens"


@pytest.fixture
def store(store_dir: Path) -> TokenStore:
    return TokenStore(store_dir, lock_timeout=5.0)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def credentials(accounts: AccountsClient, store: TokenStore, clock: FakeClock) -> ZohoCredentials:
    """Credentials seeded with the sandbox's default refresh token, as ZOHO_REFRESH_TOKEN would give it."""
    return ZohoCredentials(accounts, store=store, refresh_token=SecretStr(REFRESH_TOKEN), clock=clock)
