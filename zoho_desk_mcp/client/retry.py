"""When a Desk request may be sent again, and how long to wait first: one policy object, every case listed.

Reads (GET/HEAD) are idempotent: they are retried on any transport error, on 5xx and on a 429 whose
Retry-After is within the cap. A write is retried only when its bytes certainly never left (connect or pool
failures): after that, a lost answer means the write may have happened; a repeat could make a second ticket.
A 401 INVALID_OAUTH is not handled here: the auth flow refreshes once and replays (Zoho did not execute it).
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from .errors import RateLimitError, ServerError, ThresholdExceededError, ZohoAPIError

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# The request was never written to a socket: safe to send again whatever the method.
NOT_SENT_ERRORS: tuple[type[Exception], ...] = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Retryable for reads only: the request may have arrived.
READ_RETRYABLE_ERRORS: tuple[type[Exception], ...] = (httpx.TransportError,)


def is_read(method: str) -> bool:
    return method.upper() in READ_METHODS


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded exponential backoff with full jitter; `sleep` is injectable so tests never wait."""

    max_attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 30.0
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, compare=False)
    rng: random.Random = field(default_factory=random.Random, compare=False)

    def retry_error(self, method: str, error: Exception, attempt: int) -> float | None:
        """Seconds to wait before sending again after a transport error, or None to give up."""
        if attempt >= self.max_attempts:
            return None
        if isinstance(error, NOT_SENT_ERRORS) or (is_read(method) and isinstance(error, READ_RETRYABLE_ERRORS)):
            return self.backoff(attempt)
        return None

    def retry_response(self, method: str, error: ZohoAPIError, attempt: int) -> float | None:
        """Seconds to wait before sending a read again after Zoho's error answer, or None to give up."""
        if attempt >= self.max_attempts or not is_read(method):
            return None
        if isinstance(error, ThresholdExceededError):
            return None  # the day's credits are gone: waiting seconds will not bring them back
        if isinstance(error, RateLimitError):
            if error.retry_after is None:
                return self.backoff(attempt)
            return error.retry_after if error.retry_after <= self.max_retry_after else None
        if isinstance(error, ServerError):
            return self.backoff(attempt)
        return None

    def backoff(self, attempt: int) -> float:
        """Full jitter: uniform in [0, min(max_delay, base * 2**(attempt-1))]; attempt counts from 1."""
        ceiling = min(self.max_delay, self.base_delay * (2 ** max(0, attempt - 1)))
        return self.rng.uniform(0, ceiling)


NO_RETRIES = RetryPolicy(max_attempts=1)
