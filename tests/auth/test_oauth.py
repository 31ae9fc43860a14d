"""The accounts client against the sandbox: the authorize URL, the grants, revoke, and typed token errors."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from pydantic import SecretStr

from zoho_desk_mcp.auth import (
    DEFAULT_SCOPES,
    AccountsClient,
    AccountsUnavailableError,
    DataCenter,
    InvalidClientError,
    InvalidClientSecretError,
    InvalidCodeError,
    InvalidRedirectUriError,
    InvalidRefreshTokenError,
    RevokeError,
    TokenEndpointError,
    TokenRateLimitError,
    UnexpectedTokenResponseError,
    UnsupportedGrantTypeError,
    datacenter,
    parse_scopes,
)

REDIRECT = "http://127.0.0.1:8765/callback"
REFRESH = SecretStr("sandbox-refresh-token")


async def authorization_code(
    http: httpx.AsyncClient, accounts: AccountsClient, redirect: str = REDIRECT
) -> str:
    response = await http.get(accounts.authorize_url(redirect, "st4te"))
    assert response.status_code == 302
    return parse_qs(urlsplit(response.headers["location"]).query)["code"][0]


def test_the_authorize_url_asks_for_offline_access_with_consent_and_comma_separated_scopes() -> None:
    accounts = AccountsClient(httpx.AsyncClient(), datacenter("eu"), "cid", SecretStr("secret"))
    url = urlsplit(accounts.authorize_url(REDIRECT, "xyz"))
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://accounts.zoho.eu/oauth/v2/auth"
    assert {k: v[0] for k, v in parse_qs(url.query).items()} == {
        "response_type": "code",
        "client_id": "cid",
        "scope": ",".join(DEFAULT_SCOPES),
        "redirect_uri": REDIRECT,
        "access_type": "offline",
        "prompt": "consent",
        "state": "xyz",
    }
    assert "secret" not in str(url.geturl())


def test_scopes_are_read_from_a_string_or_a_list_and_default_when_empty() -> None:
    assert parse_scopes("Desk.tickets.READ, Desk.basic.READ") == ("Desk.tickets.READ", "Desk.basic.READ")
    assert parse_scopes(["Desk.tickets.READ"]) == ("Desk.tickets.READ",)
    assert parse_scopes(None) == parse_scopes("") == DEFAULT_SCOPES


async def test_a_code_from_the_consent_redirect_exchanges_for_a_refresh_token(
    http: httpx.AsyncClient, accounts: AccountsClient
) -> None:
    response = await accounts.exchange_code(await authorization_code(http, accounts), REDIRECT)
    assert response.refresh_token is not None and response.access_token.get_secret_value()
    assert response.expires_in == 3600


async def test_a_self_client_code_exchanges_without_a_redirect_uri(accounts: AccountsClient, control) -> None:
    response = await accounts.exchange_code(SecretStr(await control.self_client_code()), None)
    assert response.refresh_token is not None


async def test_a_refresh_answer_has_an_access_token_and_no_refresh_token(accounts: AccountsClient) -> None:
    response = await accounts.refresh(REFRESH)
    assert response.access_token.get_secret_value() and response.refresh_token is None


ERRORS = [
    ("invalid_client", InvalidClientError, "not enabled in data centre sandbox"),
    ("invalid_client_secret", InvalidClientSecretError, "ZOHO_CLIENT_SECRET"),
    ("invalid_redirect_uri", InvalidRedirectUriError, "ZOHO_REDIRECT_URI"),
    ("unsupported_grant_type", UnsupportedGrantTypeError, "grant"),
    ("invalid_code", InvalidRefreshTokenError, "run `zoho-desk-mcp auth login`"),
    ("something_new", UnexpectedTokenResponseError, "something_new"),
]


@pytest.mark.parametrize(("error", "kind", "advice"), ERRORS)
async def test_each_token_error_on_refresh_is_typed_and_says_what_to_do(
    accounts: AccountsClient, control, error: str, kind: type[TokenEndpointError], advice: str
) -> None:
    await control.faults(tokenErrors=[error])
    with pytest.raises(kind) as info:
        await accounts.refresh(REFRESH)
    assert info.value.error == error and info.value.status == 200
    assert advice in str(info.value)
    assert not info.value.retryable


async def test_invalid_code_on_a_code_exchange_means_a_bad_code_not_a_login(
    accounts: AccountsClient, control
) -> None:
    with pytest.raises(InvalidCodeError) as info:
        await accounts.exchange_code("1000.not-a-code", None)
    assert "generate a new one" in str(info.value)
    assert not isinstance(info.value, InvalidRefreshTokenError)


async def test_a_used_code_is_refused(http: httpx.AsyncClient, accounts: AccountsClient) -> None:
    code = await authorization_code(http, accounts)
    await accounts.exchange_code(code, REDIRECT)
    with pytest.raises(InvalidCodeError):
        await accounts.exchange_code(code, REDIRECT)


async def test_a_redirect_uri_other_than_the_authorized_one_is_refused(
    http: httpx.AsyncClient, accounts: AccountsClient
) -> None:
    code = await authorization_code(http, accounts)
    with pytest.raises(InvalidRedirectUriError):
        await accounts.exchange_code(code, "http://127.0.0.1:9999/other")


async def test_a_wrong_secret_and_an_unknown_client_are_told_apart(
    http: httpx.AsyncClient, dc: DataCenter
) -> None:
    with pytest.raises(InvalidClientSecretError):
        await AccountsClient(http, dc, "sandbox-client", SecretStr("wrong")).refresh(REFRESH)
    with pytest.raises(InvalidClientError) as info:
        await AccountsClient(http, dc, "someone-else", SecretStr("sandbox-secret")).refresh(REFRESH)
    assert "data centre sandbox" in str(info.value)


async def test_a_revoked_refresh_token_asks_for_a_new_login(accounts: AccountsClient, control) -> None:
    await control.faults(revokeRefreshToken="*")
    with pytest.raises(InvalidRefreshTokenError) as info:
        await accounts.refresh(REFRESH)
    assert "zoho-desk-mcp auth login" in str(info.value)


async def test_zohos_throttle_is_a_retryable_rate_limit_error(accounts: AccountsClient, control) -> None:
    await control.faults(tokenRequestLimit=2)
    await accounts.refresh(REFRESH)
    await accounts.refresh(REFRESH)
    with pytest.raises(TokenRateLimitError) as info:
        await accounts.refresh(REFRESH)
    assert info.value.retryable and info.value.status == 400
    assert "retry" in str(info.value)


async def test_revoke_succeeds_once_and_then_reports_an_invalid_token(
    accounts: AccountsClient, control
) -> None:
    await accounts.revoke(REFRESH)
    assert (await control.stats())["tokens"]["revoked"] == 1
    with pytest.raises(RevokeError) as info:
        await accounts.revoke(REFRESH)
    assert info.value.error == "invalid_token"


async def test_no_secret_ever_travels_in_a_url(
    http: httpx.AsyncClient, accounts: AccountsClient, control
) -> None:
    urls: list[str] = []

    async def record(request: httpx.Request) -> None:
        urls.append(str(request.url))

    http.event_hooks["request"] = [record]
    await accounts.exchange_code(await control.self_client_code(), None)
    await accounts.refresh(REFRESH)
    await accounts.revoke(REFRESH)
    assert urls and not any(
        s in u for u in urls for s in ("sandbox-secret", "sandbox-refresh-token", "code=")
    )


def failing(handler) -> AccountsClient:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return AccountsClient(http, datacenter("us"), "cid", SecretStr("secret"))


async def test_a_5xx_without_access_token_is_a_retryable_unavailable_error() -> None:
    accounts = failing(lambda request: httpx.Response(502, text="<html>bad gateway</html>"))
    with pytest.raises(AccountsUnavailableError) as info:
        await accounts.refresh(REFRESH)
    assert info.value.retryable and info.value.status == 502


async def test_a_network_failure_is_a_retryable_unavailable_error_with_no_secret_in_it() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(AccountsUnavailableError) as info:
        await failing(refuse).refresh(REFRESH)
    assert info.value.retryable
    assert info.value.__cause__ is None and info.value.__suppress_context__


async def test_a_200_with_an_unparseable_body_is_an_error_not_a_success() -> None:
    with pytest.raises(UnexpectedTokenResponseError):
        await failing(lambda request: httpx.Response(200, text="ok")).refresh(REFRESH)


def test_the_accounts_client_repr_shows_no_secret() -> None:
    accounts = AccountsClient(httpx.AsyncClient(), datacenter("us"), "cid", SecretStr("top-secret"))
    assert "top-secret" not in repr(accounts)
