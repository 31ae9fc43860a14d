"""Fixtures for driving the sandbox over HTTP, in-process: a raw client, a token, and a Desk client for one org."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from zoho_desk_mcp.sandbox import Sandbox, SandboxTransport
from zoho_desk_mcp.sandbox.store import OrgData

from .support import BASE_URL, access_token


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox()


@pytest.fixture
def org(sandbox: Sandbox) -> OrgData:
    """The first organization of the default data set (Acme Support)."""
    return sandbox.store.first_org()


@pytest.fixture
async def http(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    """A plain client of the sandbox with no credentials."""
    async with httpx.AsyncClient(transport=SandboxTransport(sandbox.app), base_url=BASE_URL) as client:
        yield client


@pytest.fixture
async def token(http: httpx.AsyncClient) -> str:
    return await access_token(http)


@pytest.fixture
async def desk(sandbox: Sandbox, token: str, org: OrgData) -> AsyncIterator[httpx.AsyncClient]:
    """A Desk API client for the first organization: `Zoho-oauthtoken` and `orgId` headers set."""
    headers = {"Authorization": f"Zoho-oauthtoken {token}", "orgId": org.id}
    async with httpx.AsyncClient(
        transport=SandboxTransport(sandbox.app), base_url=f"{BASE_URL}/api/v1", headers=headers
    ) as client:
        yield client
