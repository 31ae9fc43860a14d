"""Zoho-shaped error bodies for the sandbox, built in one place.

Every rejection the sandbox makes is a `ZohoError`; the dispatcher turns it into the JSON body Zoho sends
(`{"errorCode", "message", "errors"?}`) with Zoho's HTTP status, so handlers only ever `raise`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class FieldError:
    """One entry of Zoho's `errors[]`: a JSON-pointer field name and what is wrong with it."""

    field_name: str
    error_type: str  # invalid | missing | duplicate | limit exceeded
    message: str

    def to_json(self) -> dict[str, str]:
        return {"fieldName": self.field_name, "errorType": self.error_type, "errorMessage": self.message}


@dataclass
class ZohoError(Exception):
    """A request Zoho would reject: HTTP status, Zoho's errorCode and message, optional field errors."""

    status: int
    error_code: str
    message: str
    errors: list[FieldError] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.error_code}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"errorCode": self.error_code, "message": self.message}
        if self.errors:
            body["errors"] = [e.to_json() for e in self.errors]
        body.update(self.extra)
        return body


def unauthorized() -> ZohoError:
    return ZohoError(401, "UNAUTHORIZED", "You are not authenticated to perform this operation.")


def invalid_oauth() -> ZohoError:
    return ZohoError(401, "INVALID_OAUTH", "The OAuth Token you provided is invalid.")


def scope_mismatch(needed: str) -> ZohoError:
    return ZohoError(
        401, "SCOPE_MISMATCH", f"The OAuth token does not have the scope needed for this operation: {needed}."
    )


def org_mismatch() -> ZohoError:
    return ZohoError(403, "OAUTH_ORG_MISMATCH", "The OAuthToken is not valid for specified organization.")


def forbidden(message: str = "You are not authorized to access this resource.") -> ZohoError:
    return ZohoError(403, "FORBIDDEN", message)


def url_not_found() -> ZohoError:
    """Zoho's answer to an unknown path and to a record ID (in the path) that does not exist."""
    return ZohoError(404, "URL_NOT_FOUND", "The URL you requested could not be found.")


def method_not_allowed() -> ZohoError:
    return ZohoError(405, "METHOD_NOT_ALLOWED", "The HTTP method used is not supported for this URL.")


def too_large(limit_bytes: int) -> ZohoError:
    return ZohoError(
        413, "RESOURCE_SIZE_EXCEEDED", f"The file size exceeds the allowed limit of {limit_bytes} bytes."
    )


def unsupported_media_type(expected: str) -> ZohoError:
    return ZohoError(415, "UNSUPPORTED_MEDIA_TYPE", f"The content type must be {expected}.")


def bad_request(message: str = "The request is malformed.") -> ZohoError:
    return ZohoError(400, "BAD_REQUEST", message)


def empty_payload() -> ZohoError:
    return ZohoError(422, "EMPTY_PAYLOAD", "The payload is empty.")


def extra_query_param(name: str) -> ZohoError:
    return ZohoError(422, "UNPROCESSABLE_ENTITY", f"Extra query parameter '{name}' is present in the input.")


def invalid_query_param(name: str) -> ZohoError:
    return ZohoError(
        422, "UNPROCESSABLE_ENTITY", f"The value passed for the '{name}' query parameter is invalid."
    )


def missing_query_param(name: str) -> ZohoError:
    return ZohoError(422, "UNPROCESSABLE_ENTITY", f"The query parameter '{name}' is missing in the input.")


def extra_field(path: str) -> ZohoError:
    return ZohoError(422, "UNPROCESSABLE_ENTITY", f"Extra key '{path}' is present in the input.")


def invalid_org_header() -> ZohoError:
    return ZohoError(422, "UNPROCESSABLE_ENTITY", "The value passed for the 'orgId' header is invalid.")


def invalid_data(errors: list[FieldError]) -> ZohoError:
    return ZohoError(
        422, "INVALID_DATA", "The data does not comply to the validation restrictions defined.", errors
    )


def license_limited(feature: str, max_allowed: int, edition: str) -> ZohoError:
    return ZohoError(
        403,
        "LICENSE_ACCESS_LIMITED",
        "You have reached the maximum number allowed by your license.",
        extra={"maxAllowedEntity": max_allowed, "feature": feature, "editionType": edition, "isTrial": False},
    )


def threshold_exceeded(retry_after: int) -> ZohoError:
    return ZohoError(
        429,
        "THRESHOLD_EXCEEDED",
        "The API credits for today are exhausted.",
        headers={"Retry-After": str(retry_after)},
    )


def too_many_requests() -> ZohoError:
    return ZohoError(429, "TOO_MANY_REQUESTS", "Too many concurrent requests. Please try again later.")


def internal_error(status: int = 500) -> ZohoError:
    return ZohoError(
        status, "INTERNAL_SERVER_ERROR", "An internal server error occurred while performing this operation."
    )
