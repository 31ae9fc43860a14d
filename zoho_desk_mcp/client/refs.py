"""Reading a ticket reference: an ID, a ticket number (`101`, `#101`) or the ticket's Desk web URL.

A URL also names its portal (`/support/{portal}/...`, `/agent/{portal}/...`), so that a URL of another
organization is refused rather than looked up in the one given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# Zoho record IDs are 15-18 digits; ticket numbers are short. Anything from 12 digits up is taken as an ID.
MIN_ID_DIGITS = 12
_URL_ID = re.compile(rf"(?:#Cases/dv/|/tickets/details/|/tickets/)(\d{{{MIN_ID_DIGITS},}})")
_URL_PORTAL = re.compile(r"^https?://[^/]+/(?:support|agent)/([^/?#]+)", re.IGNORECASE)
_NUMBER = re.compile(r"#?\s*(\d+)")


@dataclass(frozen=True)
class TicketRef:
    kind: Literal["id", "number"]
    value: str
    portal: str | None = None  # the portal name a Desk URL names


def parse_ticket_ref(ref: str) -> TicketRef | None:
    """The ticket ID or number a reference names, or None when it is neither."""
    text = ref.strip()
    if text.lower().startswith(("http://", "https://")):
        found = _URL_ID.search(text)
        portal = _URL_PORTAL.match(text)
        return TicketRef("id", found.group(1), portal.group(1) if portal else None) if found else None
    number = _NUMBER.fullmatch(text)
    if number is None:
        return None
    digits = number.group(1)
    if not text.startswith("#") and len(digits) >= MIN_ID_DIGITS:
        return TicketRef("id", digits)
    return TicketRef("number", digits.lstrip("0") or "0")
