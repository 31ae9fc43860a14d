"""Argument types and helpers every tool shares: organizations, multi-valued arguments, dates."""

from __future__ import annotations

import functools
import re
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timezone
from typing import Annotated, Any, TypeVar

from pydantic import Field

from ...client import NotFoundError, ResolutionError
from .context import Ctx, services
from .errors import InputError

Organization = Annotated[str | None, Field(default=None)]
"""The portal by name or ID; optional with a default or a single one (the server instructions say so once)."""
R = TypeVar("R")
MultiValue = list[str] | str | None
"""A JSON list of strings or one comma-separated string, as Zoho and people write them."""


def values(value: MultiValue) -> list[str]:
    """The items of a multi-valued argument, trimmed, blanks dropped, order and duplicates kept once."""
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else value
    return list(dict.fromkeys(item.strip() for item in items if item and item.strip()))


TICKET_FORMS = "pass the ticket's ID, its number (101 or #101) or its Desk web URL; search_tickets finds tickets"
Ticket_ = Annotated[str, Field()]
"""A ticket by ID, number (101 or #101) or Desk URL; the server instructions say so once for every tool."""


def no_ticket(ticket: str) -> InputError:
    """Zoho answered 404 for a ticket reference: unknown here, or in the trash."""
    return InputError(
        f"no ticket matches {ticket[:100]!r} in this organization (or it is in the trash); {TICKET_FORMS}"
    )


@contextmanager
def about_ticket(ticket: str) -> Iterator[None]:
    """Zoho's 404 on a ticket the model named reads as every other "no such ticket" does."""
    try:
        yield
    except NotFoundError:
        raise no_ticket(ticket) from None


async def ticket_id_of(ctx: Ctx, org_id: str, ticket: str) -> str:
    """A ticket's ID from its ID, number or Desk URL; a miss says which forms are accepted."""
    try:
        return await services(ctx).resolver.ticket(org_id, ticket)
    except ResolutionError as error:
        raise InputError(f"{error}; {TICKET_FORMS}") from None


_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def zoho_datetime(value: str, field: str, *, end_of_day: bool = False) -> str:
    """A date or date-time in Zoho's only accepted form, `yyyy-MM-ddTHH:mm:ss.SSSZ` (UTC).

    A plain date (`2025-12-31`) is accepted and becomes midnight UTC (or 23:59:59.000 with `end_of_day`).
    """
    text = value.strip()
    try:
        if _DATE_ONLY.match(text):
            day = date.fromisoformat(text)
            moment = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
            if end_of_day:
                moment = moment.replace(hour=23, minute=59, second=59)
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
        utc = moment.astimezone(timezone.utc)  # year 1 or 9999 with an offset leaves the calendar
    except (ValueError, OverflowError):
        raise InputError(
            f"{field} must be a date like 2025-12-31 or a date-time like 2025-12-31T18:30:00Z, not {value[:40]!r}"
        ) from None
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def opt(description: str | None = None) -> Any:
    """An optional argument (default None); the name alone says enough when `description` is None."""
    return Field(default=None, description=description)


def many_of(options: Sequence[str], description: str | None = None) -> Any:
    """An optional multi-valued argument whose schema lists the allowed values (any case accepted)."""
    return Field(default=None, description=description, json_schema_extra={"items": {"enum": list(options)}})


def page_from(maximum: int = 10_000) -> Any:
    """`from`: the 1-based position of a page's first row (pass the previous answer's nextFrom)."""
    return Field(alias="from", ge=1, le=maximum, description="1-based; pass nextFrom")


def page_limit(maximum: int = 100, default: int = 25) -> Any:
    return Field(ge=1, le=maximum, description=f"Rows per page (default {default})")


def choice_of(options: Sequence[str], description: str | None = None) -> Any:
    """An optional text argument whose schema lists the allowed values as an enum; the tool still accepts them in
    any case (it checks and canonicalises them itself), so the enum guides the model without making "open" fail."""
    return Field(default=None, description=description, json_schema_extra={"enum": list(options)})


def from_alias(fn: Callable[..., Awaitable[R]]) -> Callable[..., Awaitable[R]]:
    """`from` is a Python keyword: the SDK passes the argument under that name, the function takes `from_`."""

    @functools.wraps(fn)
    async def call(*args: Any, **kwargs: Any) -> R:
        if "from" in kwargs:
            kwargs["from_"] = kwargs.pop("from")
        return await fn(*args, **kwargs)

    return call
