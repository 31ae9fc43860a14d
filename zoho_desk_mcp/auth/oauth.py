"""Zoho's accounts endpoints: the authorize URL, the code and refresh grants, and revoke.

Parameters go in a form body, never the query string, so no secret can land in a logged URL. Zoho reports
token errors with HTTP 200, so any body without an `access_token` is an error whatever the status.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

import httpx
from pydantic import SecretStr

from .datacenters import DataCenter
from .errors import (
    AccountsUnavailableError,
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
)
from .tokens import TokenResponse

logger = logging.getLogger(__name__)

DEFAULT_SCOPES: tuple[str, ...] = (
    "Desk.tickets.ALL",
    "Desk.contacts.ALL",
    "Desk.basic.ALL",
    "Desk.settings.ALL",
    "Desk.products.READ",
    "Desk.search.READ",
    "Desk.articles.READ",
)

_ERRORS: dict[str, type[TokenEndpointError]] = {
    "invalid_client": InvalidClientError,
    "invalid_client_secret": InvalidClientSecretError,
    "invalid_redirect_uri": InvalidRedirectUriError,
    "unsupported_grant_type": UnsupportedGrantTypeError,
}


def new_state() -> str:
    """An unguessable `state` for one authorization request."""
    return secrets.token_urlsafe(32)


def parse_scopes(scopes: str | Iterable[str] | None) -> tuple[str, ...]:
    """Scopes from a comma/space separated string or a list; None means the default set."""
    if scopes is None:
        return DEFAULT_SCOPES
    items = scopes.replace(",", " ").split() if isinstance(scopes, str) else [s.strip() for s in scopes]
    return tuple(s for s in items if s) or DEFAULT_SCOPES


def scope_covers(granted: str, needed: str) -> bool:
    """Zoho scopes match case-insensitively, and `Desk.tickets.ALL` covers `Desk.tickets.READ`."""
    granted_l, needed_l = granted.lower(), needed.lower()
    family, _, operation = granted_l.rpartition(".")
    return granted_l == needed_l or (operation == "all" and needed_l.rpartition(".")[0] == family)


class AccountsClient:
    """One OAuth client (id + secret) at one data centre, over an injected `httpx.AsyncClient`."""

    def __init__(
        self, http: httpx.AsyncClient, datacenter: DataCenter, client_id: str, client_secret: SecretStr
    ) -> None:
        self.http = http
        self.datacenter = datacenter
        self.client_id = client_id
        self.client_secret = client_secret

    def __repr__(self) -> str:
        return f"AccountsClient(datacenter={self.datacenter.code!r}, client_id={self.client_id!r})"

    def at(self, datacenter: DataCenter) -> AccountsClient:
        """The same client at another DC (the redirect's `accounts-server` may not be where we started)."""
        return AccountsClient(self.http, datacenter, self.client_id, self.client_secret)

    def authorize_url(
        self,
        redirect_uri: str,
        state: str,
        scopes: Iterable[str] = DEFAULT_SCOPES,
        *,
        access_type: str = "offline",
        prompt: str = "consent",
    ) -> str:
        """The browser URL; offline + consent so Zoho always issues a refresh token."""
        query = {
            "response_type": "code",
            "client_id": self.client_id,
            "scope": ",".join(scopes),
            "redirect_uri": redirect_uri,
            "access_type": access_type,
            "prompt": prompt,
            "state": state,
        }
        return f"{self.datacenter.authorize_endpoint}?{urlencode(query)}"

    async def exchange_code(self, code: SecretStr | str, redirect_uri: str | None) -> TokenResponse:
        """The authorization-code grant; Self Client codes are exchanged with no redirect URI."""
        form = {"grant_type": "authorization_code", "code": _reveal(code)}
        if redirect_uri is not None:
            form["redirect_uri"] = redirect_uri
        return await self._token_request(form, "authorization_code")

    async def refresh(self, refresh_token: SecretStr) -> TokenResponse:
        """The refresh grant; the answer carries no refresh token (Zoho does not rotate them)."""
        form = {"grant_type": "refresh_token", "refresh_token": refresh_token.get_secret_value()}
        return await self._token_request(form, "refresh_token")

    async def revoke(self, token: SecretStr | str) -> None:
        """Revoke a refresh token (and with it its access tokens)."""
        dc = self.datacenter.code
        try:
            response = await self.http.post(self.datacenter.revoke_url, data={"token": _reveal(token)})
        except httpx.HTTPError as exc:
            raise RevokeError(f"accounts server unreachable ({type(exc).__name__})", dc) from None
        body = _json(response)
        if response.status_code == 200 and body.get("status") == "success":
            logger.info("revoked a token at data centre %s", dc)
            return
        raise RevokeError(str(body.get("error") or f"HTTP {response.status_code}"), dc)

    async def _token_request(self, form: dict[str, str], grant: str) -> TokenResponse:
        form |= {"client_id": self.client_id, "client_secret": self.client_secret.get_secret_value()}
        dc = self.datacenter.code
        try:
            response = await self.http.post(self.datacenter.token_url, data=form)
        except httpx.HTTPError as exc:
            raise AccountsUnavailableError(f"network error ({type(exc).__name__})", dc, status=0) from None
        body = _json(response)
        access = body.get("access_token")
        if isinstance(access, str) and access:
            logger.debug("token grant %s succeeded at data centre %s", grant, dc)
            return TokenResponse.from_body(body)
        error = token_error(body, response.status_code, grant, dc)
        logger.warning("token grant %s failed at data centre %s: %s", grant, dc, error.error)
        raise error


def token_error(body: Mapping[str, Any], status: int, grant: str, datacenter: str) -> TokenEndpointError:
    """Map a token-endpoint answer without `access_token` to a typed error."""
    error = str(body.get("error") or "")
    description = str(body.get("error_description") or "")
    if error == "invalid_code":
        if grant == "refresh_token":
            return InvalidRefreshTokenError(error, datacenter, status=status)
        return InvalidCodeError(error, datacenter, status=status)
    if error in _ERRORS:
        return _ERRORS[error](error, datacenter, status=status)
    if error == "Access Denied" or "too many requests" in description.lower():
        return TokenRateLimitError(error or "Access Denied", datacenter, status=status)
    if status >= 500 or status == 429:
        return AccountsUnavailableError(f"HTTP {status}", datacenter, status=status)
    error = error or f"HTTP {status} without access_token"
    return UnexpectedTokenResponseError(error, datacenter, status=status)


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _reveal(value: SecretStr | str) -> str:
    return value.get_secret_value() if isinstance(value, SecretStr) else value
