"""DeskClient basics: where it may send a token, the orgId header, 204s, credits and the per-portal cap."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from zoho_desk_mcp.auth import DATA_CENTERS
from zoho_desk_mcp.client import NO_RETRIES, DeskClient, DeskURLError, TooManyRequestsError, api_base_url
from zoho_desk_mcp.sandbox import Sandbox, SandboxTransport

from .support import BASE_URL, set_faults, stats


@pytest.mark.parametrize("dc", sorted(DATA_CENTERS))
def test_every_data_centre_desk_host_is_accepted_and_gets_the_api_path(dc: str) -> None:
    desk_url = DATA_CENTERS[dc].desk_url
    assert api_base_url(desk_url) == f"{desk_url}/api/v1"
    assert api_base_url(f"{desk_url}/api/v1/") == f"{desk_url}/api/v1"


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8001/api/v1", "http://localhost:9000", "http://[::1]:8001/api/v1", "http://127.5.6.7"]
)
def test_loopback_sandbox_urls_are_accepted(url: str) -> None:
    assert api_base_url(url).endswith("/api/v1")


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.com/api/v1",
        "http://desk.zoho.com/api/v1",  # a real Desk host, but not over TLS
        "https://desk.zoho.ca/api/v1",  # Canada is zohocloud.ca
        "https://desk.zoho.com.evil.io/api/v1",
        "https://www.zohoapis.com/api/v1",
        "http://10.0.0.5:8001/api/v1",
        "https://desk.zoho.com/api/v2",
        "https://user:pw@desk.zoho.com/api/v1",
    ],
)
def test_any_other_host_is_refused_before_a_token_can_be_sent(url: str) -> None:
    with pytest.raises(DeskURLError) as caught:
        DeskClient(url, httpx.BasicAuth("u", "p"))
    assert "pw" not in str(caught.value)


async def test_organizations_are_listed_without_org_header_and_set_the_portal_cap_by_edition(
    desk: DeskClient,
) -> None:
    orgs = {o.company_name: o for o in await desk.organizations.list()}
    assert {"Acme Support", "Globex Europe", "Initech Labs"} <= set(orgs)
    assert desk.concurrency(orgs["Acme Support"].id) == 25  # ENTERPRISE
    assert desk.concurrency(orgs["Globex Europe"].id) == 15  # PROFESSIONAL
    assert desk.concurrency(orgs["Initech Labs"].id) == 5  # FREE
    assert (await desk.organizations.get(orgs["Acme Support"].id)).portal_name == "acmesupport"


async def test_a_page_past_the_end_is_zohos_204_and_comes_back_empty(desk: DeskClient, org_id: str) -> None:
    assert await desk.get("/tickets", org_id=org_id, params={"from": 5000, "limit": 10}) is None
    assert await desk.org(org_id).tickets.page(start=5000) == []


async def test_the_last_credits_zoho_reported_are_remembered_per_portal(
    desk: DeskClient, http: httpx.AsyncClient, org_id: str
) -> None:
    assert desk.credits(org_id) is None
    await set_faults(http, creditsRemaining=1000)
    await desk.org(org_id).tickets.page(limit=5)
    credits = desk.org(org_id).credits
    assert credits is not None and (credits.remaining, credits.weight) == (997, 3)
    await desk.org(org_id).departments.get("1892000000000001")
    assert desk.credits(org_id) is not None and desk.credits(org_id).remaining == 996  # type: ignore[union-attr]


async def test_the_per_portal_cap_keeps_concurrent_calls_under_zohos_limit(
    sandbox: Sandbox, http: httpx.AsyncClient, org_id: str, auth: httpx.Auth
) -> None:
    await set_faults(http, concurrencyLimit=2, latencyMs=5)
    transport = SandboxTransport(sandbox.app)
    async with DeskClient(f"{BASE_URL}/api/v1", auth, transport=transport, retry=NO_RETRIES) as capped:
        capped.set_concurrency(org_id, 2)
        departments = capped.org(org_id).departments
        results = await asyncio.gather(*(departments.get("1892000000000001") for _ in range(12)))
    assert len(results) == 12
    async with DeskClient(
        f"{BASE_URL}/api/v1", auth, transport=transport, retry=NO_RETRIES, default_concurrency=12
    ) as uncapped:
        departments = uncapped.org(org_id).departments
        with pytest.raises(TooManyRequestsError):
            await asyncio.gather(*(departments.get("1892000000000001") for _ in range(12)))


async def test_a_shared_http_client_is_used_and_left_open(
    sandbox: Sandbox, http: httpx.AsyncClient, auth: httpx.Auth, org_id: str
) -> None:
    async with httpx.AsyncClient(transport=SandboxTransport(sandbox.app)) as shared:
        async with DeskClient(f"{BASE_URL}/api/v1", auth, http=shared) as desk:
            assert len(await desk.org(org_id).departments.all()) == 5
        assert not shared.is_closed
    assert (await stats(http))["GET /api/v1/departments"] == 1


@pytest.mark.parametrize("bad_id", ["../organizations", "1?include=x", "1#x", "a b", "1/../../oauth"])
async def test_an_id_that_would_leave_its_path_is_refused_before_sending(
    desk: DeskClient, http: httpx.AsyncClient, org_id: str, bad_id: str
) -> None:
    with pytest.raises(DeskURLError):
        await desk.org(org_id).tickets.get(bad_id)
    assert "GET /api/v1/tickets/{ticketId}" not in await stats(http)


async def test_a_value_too_long_for_a_url_is_a_clear_error_not_a_crash(desk: DeskClient, org_id: str) -> None:
    with pytest.raises(DeskURLError, match="shorten"):
        await desk.org(org_id).contacts.search(fullName="x" * 70_000)
