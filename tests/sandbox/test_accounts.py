"""The accounts server: authorize redirect, code exchange, refresh, revoke, and Zoho's HTTP-200 errors."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from zoho_desk_mcp.sandbox import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_REFRESH_TOKEN

REDIRECT = "http://127.0.0.1:53682/callback"
CLIENT = {"client_id": DEFAULT_CLIENT_ID, "client_secret": DEFAULT_CLIENT_SECRET}


async def authorize(http: httpx.AsyncClient, **overrides: str) -> httpx.Response:
    params = {
        "response_type": "code",
        "client_id": DEFAULT_CLIENT_ID,
        "scope": "Desk.tickets.READ,Desk.basic.READ",
        "redirect_uri": REDIRECT,
        "access_type": "offline",
        "prompt": "consent",
        "state": "s-123",
    }
    params.update(overrides)
    return await http.get("/oauth/v2/auth", params=params)


async def code_from(http: httpx.AsyncClient, **overrides: str) -> str:
    location = (await authorize(http, **overrides)).headers["location"]
    return parse_qs(urlsplit(location).query)["code"][0]


async def exchange(
    http: httpx.AsyncClient, code: str, redirect_uri: str | None = REDIRECT, **overrides: str
) -> httpx.Response:
    data = {"grant_type": "authorization_code", "code": code, **CLIENT, **overrides}
    if redirect_uri is not None:
        data["redirect_uri"] = redirect_uri
    return await http.post("/oauth/v2/token", data=data)


async def refresh(
    http: httpx.AsyncClient, refresh_token: str = DEFAULT_REFRESH_TOKEN, **overrides: str
) -> httpx.Response:
    return await http.post(
        "/oauth/v2/token",
        data={"grant_type": "refresh_token", "refresh_token": refresh_token, **CLIENT, **overrides},
    )


async def test_authorize_approves_at_once_and_redirects_like_zoho(http: httpx.AsyncClient) -> None:
    response = await authorize(http)
    assert response.status_code == 302
    location = urlsplit(response.headers["location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    assert query["state"] == ["s-123"]
    assert query["location"] == ["us"]
    assert query["accounts-server"] == ["http://127.0.0.1:8001"]
    assert query["code"][0].startswith("1000.")


async def test_authorize_refuses_a_non_loopback_redirect_and_unknown_clients(http: httpx.AsyncClient) -> None:
    assert (await authorize(http, redirect_uri="https://evil.example/cb")).json() == {
        "error": "invalid_redirect_uri"
    }
    assert (await authorize(http, client_id="nobody")).json() == {"error": "invalid_client"}


async def test_a_code_exchange_gives_access_and_refresh_tokens(http: httpx.AsyncClient) -> None:
    body = (await exchange(http, await code_from(http))).json()
    assert set(body) >= {"access_token", "refresh_token", "api_domain", "token_type", "expires_in"}
    assert body["expires_in"] == 3600 and body["token_type"] == "Bearer"
    stats = (await http.get("/_sandbox/stats")).json()
    assert stats["tokens"] == {"accessIssued": 1, "refreshIssued": 1, "revoked": 0}


async def test_online_access_gives_no_refresh_token(http: httpx.AsyncClient) -> None:
    body = (await exchange(http, await code_from(http, access_type="online"))).json()
    assert "access_token" in body and "refresh_token" not in body


async def test_a_grant_code_works_once(http: httpx.AsyncClient) -> None:
    code = await code_from(http)
    assert "access_token" in (await exchange(http, code)).json()
    again = await exchange(http, code)
    assert (again.status_code, again.json()) == (200, {"error": "invalid_code"})


async def test_a_grant_code_expires_after_two_minutes(http: httpx.AsyncClient) -> None:
    code = await code_from(http)
    await http.post("/_sandbox/faults", json={"advanceClock": 121})
    assert (await exchange(http, code)).json() == {"error": "invalid_code"}


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"client_id": "someone-else"}, "invalid_client"),
        ({"client_secret": "wrong"}, "invalid_client_secret"),
        ({"redirect_uri": "http://127.0.0.1:1/other"}, "invalid_redirect_uri"),
        ({"code": "1000.bad.bad"}, "invalid_code"),
        ({"grant_type": "password"}, "unsupported_grant_type"),
    ],
)
async def test_token_endpoint_errors_come_back_with_http_200(
    http: httpx.AsyncClient, overrides: dict[str, str], error: str
) -> None:
    code = await code_from(http)
    response = await exchange(http, overrides.pop("code", code), **overrides)
    assert response.status_code == 200
    assert response.json() == {"error": error}
    assert "access_token" not in response.json()


async def test_a_self_client_code_is_exchanged_without_a_redirect_uri(http: httpx.AsyncClient) -> None:
    code = (await http.post("/_sandbox/grant-codes", json={"scopes": ["Desk.tickets.READ"]})).json()["code"]
    body = (await exchange(http, code, redirect_uri=None)).json()
    assert body["scope"] == "Desk.tickets.READ" and "refresh_token" in body


async def test_refresh_gives_an_access_token_but_never_a_refresh_token(http: httpx.AsyncClient) -> None:
    body = (await refresh(http)).json()
    assert "access_token" in body and "refresh_token" not in body


async def test_parameters_in_the_query_string_work_as_zohos_sdks_send_them(http: httpx.AsyncClient) -> None:
    params = {"grant_type": "refresh_token", "refresh_token": DEFAULT_REFRESH_TOKEN, **CLIENT}
    assert "access_token" in (await http.post("/oauth/v2/token", params=params)).json()


async def test_an_unknown_or_revoked_refresh_token_is_invalid_code(http: httpx.AsyncClient) -> None:
    assert (await refresh(http, "1000.unknown.token")).json() == {"error": "invalid_code"}
    revoked = await http.post("/oauth/v2/token/revoke", params={"token": DEFAULT_REFRESH_TOKEN})
    assert revoked.json() == {"status": "success"}
    assert (await refresh(http)).json() == {"error": "invalid_code"}
    assert (await http.get("/_sandbox/stats")).json()["tokens"]["revoked"] == 1


async def test_revoking_an_unknown_token_is_a_400(http: httpx.AsyncClient) -> None:
    response = await http.post("/oauth/v2/token/revoke", params={"token": "1000.x.y"})
    assert response.status_code == 400


async def test_more_than_ten_token_requests_in_ten_minutes_are_throttled(http: httpx.AsyncClient) -> None:
    bodies = [(await refresh(http)).json() for _ in range(11)]
    assert all("access_token" in b for b in bodies[:10])
    assert bodies[10]["error"] == "Access Denied"
    await http.post("/_sandbox/faults", json={"advanceClock": 601})
    assert "access_token" in (await refresh(http)).json()


async def test_the_eleventh_live_access_token_invalidates_the_oldest(http: httpx.AsyncClient) -> None:
    tokens = [(await refresh(http)).json()["access_token"] for _ in range(10)]
    await http.post(
        "/_sandbox/faults", json={"advanceClock": 601}
    )  # past the throttle window, tokens still live
    newest = (await refresh(http)).json()["access_token"]

    async def works(token: str) -> bool:
        response = await http.get(
            "/api/v1/organizations", headers={"Authorization": f"Zoho-oauthtoken {token}"}
        )
        return response.status_code == 200

    assert not await works(tokens[0])
    assert await works(tokens[1]) and await works(newest)


async def test_queued_token_errors_answer_the_next_token_requests(http: httpx.AsyncClient) -> None:
    await http.post("/_sandbox/faults", json={"tokenErrors": ["invalid_client"]})
    assert (await refresh(http)).json() == {"error": "invalid_client"}
    assert "access_token" in (await refresh(http)).json()
