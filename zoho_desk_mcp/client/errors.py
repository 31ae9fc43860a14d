"""The client's one error tree, and the one function that builds an API error from Zoho's error body.

Exception hierarchy (raised by `DeskClient` and everything built on it):

* ZohoDeskError                       anything the Desk client raises on purpose
  + ZohoAPIError                      Zoho answered with an error (status, error_code, message, field_errors)
    - BadRequestError                 400 BAD_REQUEST, 405 METHOD_NOT_ALLOWED, 415 UNSUPPORTED_MEDIA_TYPE
    - InvalidDataError                422 INVALID_DATA, UNPROCESSABLE_ENTITY, EMPTY_PAYLOAD (+field errors)
    - NotFoundError                   404 URL_NOT_FOUND, RESOURCE_NOT_FOUND
    - AuthenticationError             401 INVALID_OAUTH (after the one refresh), UNAUTHORIZED
    - ScopeError                      401 SCOPE_MISMATCH: the token lacks a scope
    - ForbiddenError                  403 FORBIDDEN: the agent's role forbids it
      . OrgMismatchError              403 OAUTH_ORG_MISMATCH: the token is not valid for that organization
    - LicenseLimitError               403 LICENSE_ACCESS_LIMITED: the edition's cap (feature, max_allowed)
    - PayloadTooLargeError            413 RESOURCE_SIZE_EXCEEDED
    - RateLimitError                  429; kind THRESHOLD_EXCEEDED (credits gone) or TOO_MANY_REQUESTS
      . ThresholdExceededError          (burst/concurrency); `retry_after` in seconds when Zoho said
      . TooManyRequestsError
    - ServerError                     5xx; on a write the outcome is unknown
  + DeskTransportError                no usable answer came back
    - DeskConnectError                the request never left (connect/pool failure): nothing happened
    - DeskTimeoutError                a read timed out waiting for Zoho
    - WriteOutcomeUnknown             a write was sent and its answer lost: it MAY have happened
    - RequestNotReplayable            a streamed body had to be sent again (after a 401) and could not be
  + UnexpectedResponseError           a 2xx answer whose body this client cannot read
  + DeskURLError                      a base URL outside the data-centre table and loopback
  + ResolutionError                   (matching.py) a name or reference that matches nothing, or several things

Messages carry Zoho's own `message` and field names, never headers, tokens or request bodies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Zoho's documented errorCodes (OAS Common.json + docs/zoho-api.md §3.1) and the class each maps to.
# Codes that only a status can classify (unknown or niche) fall back to `_BY_STATUS`.


@dataclass(frozen=True)
class FieldError:
    """One entry of Zoho's `errors[]`: a JSON-pointer field (`/departmentId`), its error type and message."""

    field_name: str
    error_type: str
    message: str


class ZohoDeskError(Exception):
    """Base of every error the Desk client raises on purpose."""


class ZohoAPIError(ZohoDeskError):
    """Zoho answered with an HTTP error: its status, errorCode, message and per-field errors."""

    def __init__(
        self,
        status: int,
        error_code: str,
        message: str,
        field_errors: tuple[FieldError, ...] = (),
        *,
        method: str = "",
        path: str = "",
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        self.status = status
        self.error_code = error_code
        self.message = message
        self.field_errors = field_errors
        self.method = method
        self.path = path
        self.extra: dict[str, Any] = dict(extra or {})
        super().__init__(self._text())

    def _text(self) -> str:
        where = f" ({self.method} {self.path})" if self.method else ""
        text = f"{self.status} {self.error_code}: {self.message}{where}"
        if self.field_errors:
            text += "; " + ", ".join(f"{f.field_name} {f.error_type}" for f in self.field_errors)
        return text

    @property
    def fields(self) -> list[str]:
        """The field names Zoho complained about, without the JSON-pointer slash."""
        return [f.field_name.lstrip("/") for f in self.field_errors]


class BadRequestError(ZohoAPIError):
    """400/405/415: the request itself is malformed (a bug in the caller or in this client)."""


class InvalidDataError(ZohoAPIError):
    """422: a field or query parameter was missing, invalid or duplicate; see `field_errors`."""


class NotFoundError(ZohoAPIError):
    """404: the path or a record ID in it does not exist (Zoho says URL_NOT_FOUND for both)."""


class AuthenticationError(ZohoAPIError):
    """401 INVALID_OAUTH or UNAUTHORIZED: the token is missing, revoked or rejected after a refresh."""


class ScopeError(ZohoAPIError):
    """401 SCOPE_MISMATCH: the token was granted without a scope this operation needs."""


class ForbiddenError(ZohoAPIError):
    """403 FORBIDDEN: the agent's role or profile does not allow this."""


class OrgMismatchError(ForbiddenError):
    """403 OAUTH_ORG_MISMATCH: the token is not valid for the organization in the `orgId` header."""


class LicenseLimitError(ZohoAPIError):
    """403 LICENSE_ACCESS_LIMITED: the edition's limit is reached (`feature`, `max_allowed` from Zoho)."""

    @property
    def feature(self) -> str | None:
        value = self.extra.get("feature")
        return str(value) if value is not None else None

    @property
    def max_allowed(self) -> int | None:
        value = self.extra.get("maxAllowedEntity")
        return int(value) if isinstance(value, int | str) and str(value).isdigit() else None


class PayloadTooLargeError(ZohoAPIError):
    """413 RESOURCE_SIZE_EXCEEDED: the body or file is larger than Zoho accepts (20 MB per file)."""


class RateLimitError(ZohoAPIError):
    """429: the request was refused before it ran; `retry_after` is Zoho's Retry-After in seconds, if any."""

    def __init__(self, *args: Any, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        super().__init__(*args, **kwargs)


class ThresholdExceededError(RateLimitError):
    """429 THRESHOLD_EXCEEDED: the portal's API credits for the day are used up."""


class TooManyRequestsError(RateLimitError):
    """429 TOO_MANY_REQUESTS: too many calls at once for the portal's edition."""


class ServerError(ZohoAPIError):
    """5xx: Zoho failed. Reads are retried first; on a write the change may or may not have been made."""


class DeskTransportError(ZohoDeskError):
    """No usable HTTP answer: the connection failed, timed out or was cut."""

    def __init__(self, message: str, *, method: str = "", path: str = "") -> None:
        self.method = method
        self.path = path
        super().__init__(f"{message} ({method} {path})" if method else message)


class DeskConnectError(DeskTransportError):
    """The request never reached Zoho (connect or pool failure): nothing was executed."""


class DeskTimeoutError(DeskTransportError):
    """A read gave no answer in time, after the retries allowed."""


class WriteOutcomeUnknown(DeskTransportError):
    """A write was sent and its answer lost: it MAY have happened. Check before repeating it."""


class RequestNotReplayable(DeskTransportError):
    """A streamed request body had to be sent again (after a token refresh) and could not be re-read."""


class UnexpectedResponseError(ZohoDeskError):
    """Zoho answered with success but a body of the wrong shape (not JSON, or not the documented fields)."""


class DeskURLError(ZohoDeskError, ValueError):
    """A base URL that is neither a Desk host of the data-centre table nor a loopback sandbox."""


_BY_CODE: dict[str, type[ZohoAPIError]] = {
    "BAD_REQUEST": BadRequestError,
    "METHOD_NOT_ALLOWED": BadRequestError,
    "UNSUPPORTED_MEDIA_TYPE": BadRequestError,
    "INVALID_DATA": InvalidDataError,
    "UNPROCESSABLE_ENTITY": InvalidDataError,
    "EMPTY_PAYLOAD": InvalidDataError,
    "URL_NOT_FOUND": NotFoundError,
    "RESOURCE_NOT_FOUND": NotFoundError,
    "INVALID_OAUTH": AuthenticationError,
    "UNAUTHORIZED": AuthenticationError,
    "SCOPE_MISMATCH": ScopeError,
    "FORBIDDEN": ForbiddenError,
    "OAUTH_ORG_MISMATCH": OrgMismatchError,
    "LICENSE_ACCESS_LIMITED": LicenseLimitError,
    "RESOURCE_SIZE_EXCEEDED": PayloadTooLargeError,
    "THRESHOLD_EXCEEDED": ThresholdExceededError,
    "TOO_MANY_REQUESTS": TooManyRequestsError,
    "INTERNAL_SERVER_ERROR": ServerError,
    "ONLY_LIVECHAT_USER": ForbiddenError,
    "DUPLICATE_CONTRACT": InvalidDataError,
    "INTEGRATION_ADMIN_ERROR": ForbiddenError,
}

_BY_STATUS: dict[int, type[ZohoAPIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: ForbiddenError,
    404: NotFoundError,
    405: BadRequestError,
    413: PayloadTooLargeError,
    415: BadRequestError,
    422: InvalidDataError,
    429: TooManyRequestsError,
}

DOCUMENTED_ERROR_CODES: frozenset[str] = frozenset(_BY_CODE)
_MAX_MESSAGE = 500


def error_class(status: int, error_code: str) -> type[ZohoAPIError]:
    """The class for a Zoho errorCode; an unknown code is classified by its HTTP status."""
    if error_code in _BY_CODE:
        return _BY_CODE[error_code]
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, ZohoAPIError)


def _field_errors(raw: Any) -> tuple[FieldError, ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(
        FieldError(str(e.get("fieldName", "")), str(e.get("errorType", "")), str(e.get("errorMessage", "")))
        for e in raw
        if isinstance(e, dict)
    )


def _retry_after(value: str | None) -> float | None:
    try:
        seconds = float(value) if value is not None else None
    except ValueError:
        return None  # an HTTP date: rare for Zoho; treat as unknown
    return max(0.0, seconds) if seconds is not None else None


def api_error(
    status: int, body: Any, *, method: str = "", path: str = "", retry_after: str | None = None
) -> ZohoAPIError:
    """The one place an HTTP error answer becomes an exception: Zoho's JSON body, or the status alone."""
    data = body if isinstance(body, dict) else {}
    code = str(data.get("errorCode") or ("INTERNAL_SERVER_ERROR" if status >= 500 else f"HTTP_{status}"))
    message = str(data.get("message") or "Zoho Desk answered with an error and no message.")[:_MAX_MESSAGE]
    extra = {k: v for k, v in data.items() if k not in ("errorCode", "message", "errors")}
    cls = error_class(status, code)
    kwargs: dict[str, Any] = {"method": method, "path": path, "extra": extra}
    if issubclass(cls, RateLimitError):
        kwargs["retry_after"] = _retry_after(retry_after)
    return cls(status, code, message, _field_errors(data.get("errors")), **kwargs)
