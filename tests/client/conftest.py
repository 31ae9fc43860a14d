"""Fixtures for the Desk client: a sandbox, the real ZohoAuth against its token endpoint, and a DeskClient.

In-process tests run over `SandboxTransport`; `loopback` starts the sandbox under uvicorn on 127.0.0.1 for the
tests that must cross a real socket. Retry waits are recorded, never slept.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import uvicorn

from zoho_desk_mcp.auth import ZohoAuth
from zoho_desk_mcp.client import DeskClient, RetryPolicy
from zoho_desk_mcp.sandbox import Sandbox, SandboxTransport, create_app

from .support import BASE_URL, Sleeps, zoho_auth


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox()


@pytest.fixture
def org_id(sandbox: Sandbox) -> str:
    return sandbox.store.first_org().id


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
async def http(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    """A plain client of the sandbox for control endpoints (/_sandbox) and the token endpoint."""
    async with httpx.AsyncClient(transport=SandboxTransport(sandbox.app), base_url=BASE_URL) as client:
        yield client


@pytest.fixture
def auth(http: httpx.AsyncClient) -> ZohoAuth:
    return zoho_auth(http)


@pytest.fixture
async def desk(sandbox: Sandbox, auth: ZohoAuth, sleeps: Sleeps) -> AsyncIterator[DeskClient]:
    client = DeskClient(
        f"{BASE_URL}/api/v1",
        auth,
        transport=SandboxTransport(sandbox.app),
        retry=RetryPolicy(sleep=sleeps),
    )
    async with client:
        yield client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def loopback_url() -> Iterator[str]:
    """A fresh sandbox served by uvicorn on a free 127.0.0.1 port, in a thread; stopped after the test."""
    port = _free_port()
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    started = threading.Event()
    for _ in range(500):
        if server.started:
            started.set()
            break
        thread.join(0.01)
    assert started.is_set(), "uvicorn did not start within 5 s"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(5)


@pytest.fixture
async def loopback_http(loopback_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=loopback_url) as client:
        yield client


@pytest.fixture
async def loopback_desk(loopback_url: str, loopback_http: httpx.AsyncClient) -> AsyncIterator[DeskClient]:
    timeout = httpx.Timeout(5.0, connect=2.0, read=1.0)
    retry = RetryPolicy(sleep=Sleeps())
    async with DeskClient(
        f"{loopback_url}/api/v1", zoho_auth(loopback_http, loopback_url), timeout=timeout, retry=retry
    ) as client:
        yield client
