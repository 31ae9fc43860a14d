"""What contacts and accounts share: Zoho's ticket statistics, and a page of search hits with their total."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from .models import ZohoModel

T = TypeVar("T")


class TicketStatistics(ZohoModel):
    """`GET /contacts/{id}/statistics` or `/accounts/{id}/statistics`: ticket counts (Zoho sends strings).

    `open_tickets` counts every status of type Open (Escalated included; `escalated_tickets` counts those again).
    """

    total_tickets: int = 0
    open_tickets: int = 0
    onhold_tickets: int = 0
    closed_tickets: int = 0
    escalated_tickets: int = 0
    overdue_tickets: int = 0
    spam_tickets: int = 0
    channel_wise_count: dict[str, Any] | None = None


@dataclass(frozen=True)
class Found(Generic[T]):
    """One page of a search endpoint: the rows and Zoho's `count` of all matches (when it sends one)."""

    rows: list[T]
    count: int | None


def count_of(body: Any) -> int | None:
    """A search answer's `count` (Zoho sends a number or a numeric string); None for 204 or none sent."""
    count = body.get("count") if isinstance(body, dict) else None
    if isinstance(count, bool):
        return None
    if isinstance(count, int):
        return count
    return int(count) if isinstance(count, str) and count.isdigit() else None
