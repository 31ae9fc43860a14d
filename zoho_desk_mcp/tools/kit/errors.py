"""The one translation of client, auth and input errors into tool errors the model can read and act on.

A tool error says what was wrong, which field, and what is allowed. Only our text and Zoho's own messages reach
the model: never a stack trace, a token, or customer-written content. Names in it (choices, contacts) may come
from customers, so every tool error is neutralised (kit/text.py) on its way out. Anything unexpected is left to
the SDK, which reports a bare "Error executing tool" and logs the traceback to stderr.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from mcp.server.mcpserver.exceptions import ToolError

from ...auth.errors import AuthError
from ...client import (
    AuthenticationError,
    DeskConnectError,
    DeskTimeoutError,
    DeskTransportError,
    ForbiddenError,
    InvalidDataError,
    LicenseLimitError,
    NotFoundError,
    OrgMismatchError,
    PayloadTooLargeError,
    RateLimitError,
    ResolutionError,
    ScopeError,
    ServerError,
    ThresholdExceededError,
    WriteOutcomeUnknown,
    ZohoAPIError,
    ZohoDeskError,
)
from ...client.retry import is_read
from .text import neutralise

logger = logging.getLogger(__name__)

CHECK = (
    "Do not repeat it blindly: look the record up first (for a ticket, list_tickets sorted by -createdTime or "
    "search_tickets by subject), then retry only if it is not there."
)


class InputError(ValueError):
    """A tool argument our own checks refused (a bad date, a bad file name...); the message says what is allowed."""


FIELD_HINTS = {
    "uploads": (
        "An upload ID can be used once: each upload_file result attaches to one ticket, and a used (or unknown) "
        "ID is refused. Upload the file again with upload_file for this ticket."
    ),
}
"""What the model should do when Zoho refuses one of these fields; Zoho itself says only `(invalid)`."""


def _fields(error: ZohoAPIError) -> str:
    if not error.field_errors:
        return ""
    names = [f.field_name.lstrip("/") or "body" for f in error.field_errors]
    parts = [f"{name} ({f.error_type})" for name, f in zip(names, error.field_errors, strict=True)]
    hints = [FIELD_HINTS[name] for name in dict.fromkeys(names) if name in FIELD_HINTS]
    return " Fields: " + ", ".join(parts) + "." + "".join(f" {hint}" for hint in hints)


def describe(error: Exception) -> str:
    """The model-facing text for an error the tools expect; the order matters (subclasses first)."""
    if isinstance(error, ResolutionError | InputError):
        return str(error)
    if isinstance(error, WriteOutcomeUnknown):
        return f"The request reached Zoho but its answer was lost, so the change may or may not have been made. {CHECK}"
    if isinstance(error, DeskConnectError):
        return "Could not connect to Zoho Desk; nothing was changed. Check the network and try again."
    if isinstance(error, DeskTimeoutError):
        return "Zoho Desk did not answer in time (after retries). Try again in a moment."
    if isinstance(error, DeskTransportError):
        return f"Zoho Desk could not be reached: {error}"
    if isinstance(error, AuthError):
        return str(error)
    if isinstance(error, ZohoAPIError):
        return _describe_api_error(error)
    return str(error)


def _describe_api_error(error: ZohoAPIError) -> str:
    zoho = f"Zoho said {error.error_code}: {error.message.rstrip('.')}."
    if isinstance(error, InvalidDataError):
        return f"Zoho rejected the request data. {zoho}{_fields(error)} Correct those values and try again."
    if isinstance(error, NotFoundError):
        return f"Not found: no such record in this organization (or it is in the trash). {zoho}"
    if isinstance(error, ScopeError):
        return (
            f"The Zoho token lacks a scope this action needs. {zoho} Re-authorize with the scopes in "
            "ZOHO_SCOPES (`zoho-desk-mcp auth login`)."
        )
    if isinstance(error, AuthenticationError):
        return f"Zoho rejected the credentials. {zoho} Run `zoho-desk-mcp auth login`, or check ZOHO_REFRESH_TOKEN."
    if isinstance(error, OrgMismatchError):
        return f"The Zoho token does not reach that organization. {zoho} Use list_options kind=organizations."
    if isinstance(error, LicenseLimitError):
        return (
            f"The Zoho Desk edition's licence limit is reached (feature {error.feature}, at most "
            f"{error.max_allowed}). Free a licence (deactivate an agent) or upgrade the edition. {zoho}"
        )
    if isinstance(error, ForbiddenError):
        return f"The Zoho user behind this token may not do this (role or permission). {zoho}"
    if isinstance(error, PayloadTooLargeError):
        return f"Zoho refused the file as too large (the limit is 20 MB per file). {zoho}"
    if isinstance(error, RateLimitError):
        wait = f" Retry after {int(error.retry_after)} seconds." if error.retry_after else " Retry later."
        if isinstance(error, ThresholdExceededError):
            return f"Zoho's API limit was reached: the organization's API credits for today are used up.{wait} {zoho}"
        return f"Zoho's API limit was reached.{wait} {zoho}"
    if isinstance(error, ServerError) and error.method and not is_read(error.method):
        return f"Zoho Desk had an internal error handling this change: it may or may not have been made. {zoho} {CHECK}"
    if isinstance(error, ServerError):
        return f"Zoho Desk had an internal error; the request itself may be fine. Try again later. {zoho}"
    return zoho


@contextmanager
def as_tool_errors(*, needed_scopes: str = "") -> Iterator[None]:
    """Turn the errors a tool expects into `ToolError`s; let anything else reach the SDK as a crash."""
    try:
        yield
    except ToolError as error:  # a tool's own wording may quote customer text (a contact's name): neutralised
        raise ToolError(neutralise(str(error))) from None
    except (ZohoDeskError, AuthError, InputError) as error:
        logger.info("tool error: %s", type(error).__name__)
        text = describe(error)
        if isinstance(error, ScopeError) and needed_scopes:
            text += f" This tool needs: {needed_scopes}."
        raise ToolError(neutralise(text)) from None
