"""Client-test helpers: a recording sleep, the sandbox's control endpoints, ZohoAuth for the sandbox."""

from __future__ import annotations

from typing import Any

import httpx
from pydantic import SecretStr

from zoho_desk_mcp.auth import AccountsClient, ZohoAuth, ZohoCredentials, sandbox_datacenter
from zoho_desk_mcp.sandbox import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_REFRESH_TOKEN

BASE_URL = "http://127.0.0.1:8001"


class Sleeps:
    """Stands in for asyncio.sleep in the retry policy: remembers each wait and returns at once."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def zoho_auth(http: httpx.AsyncClient, base_url: str = BASE_URL) -> ZohoAuth:
    """The real ZohoAuth, refreshing against the sandbox's token endpoint with its default credentials."""
    accounts = AccountsClient(http, sandbox_datacenter(base_url), DEFAULT_CLIENT_ID, SecretStr(DEFAULT_CLIENT_SECRET))
    return ZohoAuth(ZohoCredentials(accounts, refresh_token=SecretStr(DEFAULT_REFRESH_TOKEN)))


async def set_faults(http: httpx.AsyncClient, **faults: Any) -> None:
    response = await http.post("/_sandbox/faults", json=faults)
    assert response.status_code == 200, response.text


async def stats(http: httpx.AsyncClient) -> dict[str, int]:
    response = await http.get("/_sandbox/stats")
    return dict(response.json()["requests"])
