"""The auth error tree; every message says what to do next and never carries a token, secret or code.

* AuthError
  + UnknownDataCenterError         (also a ValueError) an unknown DC code, domain or accounts server
  + NotLoggedInError               no refresh token in the store or the environment
  + TokenStoreError                the token file or its lock cannot be used
  + LoginError                     the browser/paste login did not yield a code
    - StateMismatchError           the redirect's `state` is not ours (possible CSRF)
  + TokenEndpointError             the accounts server refused a token request (`.error`, `.retryable`)
    - InvalidGrantError
      . InvalidCodeError           a grant code that is wrong, expired or used
      . InvalidRefreshTokenError   a refresh token that is wrong or revoked: log in again
    - InvalidClientError           client unknown, or not enabled in this data centre
    - InvalidClientSecretError
    - InvalidRedirectUriError
    - UnsupportedGrantTypeError
    - TokenRateLimitError          Zoho's "too many requests" throttle: retry later (retryable)
    - AccountsUnavailableError     network failure or 5xx at the accounts server (retryable)
    - UnexpectedTokenResponseError any other answer without an `access_token`
  + RevokeError                    the revoke call failed
"""

from __future__ import annotations

from collections.abc import Sequence

LOGIN_HINT = "run `zoho-desk-mcp auth login`"


class AuthError(Exception):
    """Base of every auth failure; `retryable` says whether trying again later can help."""

    retryable = False


class UnknownDataCenterError(AuthError, ValueError):
    """Raised for a DC code, domain or accounts-server URL not in the table."""

    def __init__(self, value: str, choices: Sequence[str], *, reason: str = "unknown data centre") -> None:
        self.value = value
        self.choices = list(choices)
        super().__init__(f"{reason}: {value!r}; valid data centres: {', '.join(self.choices)}")


class NotLoggedInError(AuthError):
    """Raised when there is no refresh token to use."""

    def __init__(self, datacenter: str) -> None:
        self.datacenter = datacenter
        super().__init__(
            f"no Zoho refresh token for data centre {datacenter}: {LOGIN_HINT}, "
            "`zoho-desk-mcp auth exchange CODE` with a Self Client code, or set ZOHO_REFRESH_TOKEN"
        )


class TokenStoreError(AuthError):
    """Raised when the token file cannot be read, written or locked."""


class LoginError(AuthError):
    """Raised when the login flow ends without a usable grant code."""


class StateMismatchError(LoginError):
    """Raised when the redirect carries a `state` we did not send: the redirect is not ours."""

    def __init__(self) -> None:
        super().__init__(f"the redirect's state does not match this login; {LOGIN_HINT} again")


class TokenEndpointError(AuthError):
    """Raised when the token endpoint answers without an `access_token` (Zoho sends errors with HTTP 200)."""

    default_hint = "check ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET and ZOHO_DATA_CENTER"

    def __init__(self, error: str, datacenter: str, *, status: int = 200, hint: str | None = None) -> None:
        self.error = error
        self.datacenter = datacenter
        self.status = status
        self.hint = hint = hint or self.default_hint
        super().__init__(f"Zoho accounts ({datacenter}) refused the token request: {error}; {hint}")


class InvalidGrantError(TokenEndpointError):
    """Zoho's `invalid_code`: the grant code or refresh token is not valid."""


class InvalidCodeError(InvalidGrantError):
    """A grant code that is wrong, expired (codes live 2 minutes) or already used."""

    default_hint = (
        "the grant code is wrong, expired (codes live about 2 minutes) or already used, or belongs to "
        "another data centre; generate a new one"
    )


class InvalidRefreshTokenError(InvalidGrantError):
    """A refresh token that is unknown or revoked: only a new login helps."""

    default_hint = f"the refresh token is invalid or was revoked; {LOGIN_HINT}"


class InvalidClientError(TokenEndpointError):
    """Zoho's `invalid_client`: unknown client id, or a client not enabled in this DC."""

    def __init__(self, error: str, datacenter: str, *, status: int = 200, hint: str | None = None) -> None:
        hint = hint or (
            f"this client is not enabled in data centre {datacenter} (or the client id is wrong); check "
            "ZOHO_CLIENT_ID and ZOHO_DATA_CENTER, or enable the data centre in the API console "
            "(Settings, Multi-DC)"
        )
        super().__init__(error, datacenter, status=status, hint=hint)


class InvalidClientSecretError(TokenEndpointError):
    """Zoho's `invalid_client_secret`."""

    default_hint = "the client secret is wrong for this client and data centre; check ZOHO_CLIENT_SECRET"


class InvalidRedirectUriError(TokenEndpointError):
    """Zoho's `invalid_redirect_uri`: the URI differs from the registered one (or the one sent to /auth)."""

    default_hint = "the redirect URI must equal the one registered for the client; check ZOHO_REDIRECT_URI"


class UnsupportedGrantTypeError(TokenEndpointError):
    """Zoho's `unsupported_grant_type`: a bug on our side or a client type that cannot use this grant."""

    default_hint = "this client type does not support the grant; use a Server-based or Self Client"


class TokenRateLimitError(TokenEndpointError):
    """Zoho's throttle (`Access Denied`, too many requests): at most 10 token requests per 10 minutes."""

    retryable = True
    default_hint = (
        "too many token requests (Zoho allows 10 per 10 minutes per refresh token); retry in a few minutes"
    )


class AccountsUnavailableError(TokenEndpointError):
    """The accounts server could not be reached or answered 5xx."""

    retryable = True
    default_hint = "the Zoho accounts server is unreachable or failing; retry later"


class UnexpectedTokenResponseError(TokenEndpointError):
    """Any other answer that has no `access_token`."""


class RevokeError(AuthError):
    """Raised when Zoho refuses to revoke a token."""

    def __init__(self, error: str, datacenter: str) -> None:
        self.error = error
        self.datacenter = datacenter
        super().__init__(f"Zoho accounts ({datacenter}) did not revoke the token: {error}")
