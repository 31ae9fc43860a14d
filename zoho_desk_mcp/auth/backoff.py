"""RefreshBackoff: one failed token refresh answers every caller waiting on it, and the next one waits.

Zoho answers ten token requests per ten minutes per refresh token and refuses the rest with "Access Denied";
a request sent during that lockout only counts against the next window, and any refused request (a revoked
token, a wrong secret) counts too. So after a refusal the next attempt waits a growing delay (20 s, 40 s, 80 s
... up to 5 minutes): at most three token requests in the first minute, fewer after. Callers in between get the
refusal at once, as a new exception of the same kind (retryable or not, with the same advice).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from .errors import TokenEndpointError

logger = logging.getLogger(__name__)

FIRST_DELAY_SECONDS = 20.0
MAX_DELAY_SECONDS = 300.0


class RefreshBackoff:
    """The outcome of the last refresh attempt and when the next one may leave; used under the refresh lock."""

    def __init__(
        self,
        datacenter: str,
        clock: Callable[[], float],
        *,
        first_delay: float = FIRST_DELAY_SECONDS,
        max_delay: float = MAX_DELAY_SECONDS,
    ) -> None:
        self._datacenter = datacenter
        self._clock = clock
        self._first = first_delay
        self._max = max_delay
        self._delay = 0.0
        self._retry_at = 0.0
        self._failure: TokenEndpointError | None = None
        self.attempts = 0  # finished attempts

    def check(self, *, since: int) -> None:
        """Raise the last failure if an attempt failed after `since`, or while its back-off lasts."""
        failure = self._failure
        if failure is None:
            return
        if self.attempts != since:
            raise _copy(failure, failure.hint)
        wait = self._retry_at - self._clock()
        if wait > 0:
            raise _copy(failure, f"{failure.hint}; the next token request waits {wait:.0f} s")

    async def attempt(self, refresh: Callable[[], Awaitable[str]]) -> str:
        """Run one refresh; remember a refusal (and back off when trying later can help), forget it on success."""
        try:
            token = await refresh()
        except TokenEndpointError as failure:
            self._failure = failure
            self._delay = min(max(self._first, self._delay * 2), self._max)
            self._retry_at = self._clock() + self._delay
            logger.warning(
                "Zoho accounts (%s) refused a token refresh (%s); next attempt in %.0f s",
                self._datacenter,
                failure.error,
                self._delay,
            )
            raise
        finally:
            self.attempts += 1  # counted once finished: a caller that arrived during the attempt shares its outcome
        self._failure = None
        self._delay = self._retry_at = 0.0
        return token


def _copy(failure: TokenEndpointError, hint: str) -> TokenEndpointError:
    """A new exception of the same kind (raising one object from many tasks would tangle their tracebacks)."""
    return type(failure)(failure.error, failure.datacenter, status=failure.status, hint=hint)
