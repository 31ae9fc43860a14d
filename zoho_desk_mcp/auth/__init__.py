"""Zoho accounts: data centres, OAuth grants, the token store, rationed-refresh credentials, login."""

from __future__ import annotations

from .credentials import TokenState, ZohoAuth, ZohoCredentials
from .datacenters import DATA_CENTERS, DataCenter, datacenter, from_accounts_server, sandbox_datacenter
from .errors import (
    AccountsUnavailableError,
    AuthError,
    InvalidClientError,
    InvalidClientSecretError,
    InvalidCodeError,
    InvalidGrantError,
    InvalidRedirectUriError,
    InvalidRefreshTokenError,
    LoginError,
    NotLoggedInError,
    RevokeError,
    StateMismatchError,
    TokenEndpointError,
    TokenRateLimitError,
    TokenStoreError,
    UnexpectedTokenResponseError,
    UnknownDataCenterError,
    UnsupportedGrantTypeError,
)
from .login import DEFAULT_REDIRECT_URI, LoginResult, exchange_self_client_code, login, login_manual, logout
from .loopback import parse_redirect
from .oauth import DEFAULT_SCOPES, AccountsClient, new_state, parse_scopes, scope_covers
from .tokens import TokenResponse, TokenSet, TokenStore, default_store_dir

__all__ = [
    "DATA_CENTERS",
    "DEFAULT_REDIRECT_URI",
    "DEFAULT_SCOPES",
    "AccountsClient",
    "AccountsUnavailableError",
    "AuthError",
    "DataCenter",
    "InvalidClientError",
    "InvalidClientSecretError",
    "InvalidCodeError",
    "InvalidGrantError",
    "InvalidRedirectUriError",
    "InvalidRefreshTokenError",
    "LoginError",
    "LoginResult",
    "NotLoggedInError",
    "RevokeError",
    "StateMismatchError",
    "TokenEndpointError",
    "TokenRateLimitError",
    "TokenResponse",
    "TokenSet",
    "TokenState",
    "TokenStore",
    "TokenStoreError",
    "UnexpectedTokenResponseError",
    "UnknownDataCenterError",
    "UnsupportedGrantTypeError",
    "ZohoAuth",
    "ZohoCredentials",
    "datacenter",
    "default_store_dir",
    "exchange_self_client_code",
    "from_accounts_server",
    "login",
    "login_manual",
    "logout",
    "new_state",
    "parse_redirect",
    "parse_scopes",
    "sandbox_datacenter",
    "scope_covers",
]
