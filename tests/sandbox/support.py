"""Helpers shared by the sandbox tests: the base URL and getting tokens the way a client would."""

from __future__ import annotations

import httpx

from zoho_desk_mcp.sandbox import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_REFRESH_TOKEN

BASE_URL = "http://127.0.0.1:8001"


async def access_token(http: httpx.AsyncClient, refresh_token: str = DEFAULT_REFRESH_TOKEN) -> str:
    response = await http.post(
        "/oauth/v2/token",
        data={
            "grant_type": "refresh_token",
            "client_id": DEFAULT_CLIENT_ID,
            "client_secret": DEFAULT_CLIENT_SECRET,
            "refresh_token": refresh_token,
        },
    )
    return str(response.json()["access_token"])


async def scoped_token(http: httpx.AsyncClient, scopes: list[str], org_ids: list[str] | None = None) -> str:
    """An access token with only these scopes (and organizations), via a Self Client grant code."""
    body: dict[str, object] = {"scopes": scopes}
    if org_ids:
        body["orgIds"] = org_ids
    code = (await http.post("/_sandbox/grant-codes", json=body)).json()["code"]
    response = await http.post(
        "/oauth/v2/token",
        data={
            "grant_type": "authorization_code",
            "client_id": DEFAULT_CLIENT_ID,
            "client_secret": DEFAULT_CLIENT_SECRET,
            "code": code,
        },
    )
    return str(response.json()["access_token"])


async def scoped_headers(http: httpx.AsyncClient, scopes: list[str], org_id: str) -> dict[str, str]:
    """Desk API headers for one organization with a token holding only these scopes."""
    return {"Authorization": f"Zoho-oauthtoken {await scoped_token(http, scopes)}", "orgId": org_id}
