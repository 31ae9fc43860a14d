"""The HTTP server's limits against slow and numerous clients, and quiet logging of what they refuse.

uvicorn 0.55 times out only idle keep-alive connections (after a response); a connection that sends its
headers slowly, or nothing at all, is never timed out, and connections are not capped until a whole request has
arrived (`limit_concurrency`). So the server runs uvicorn's h11 protocol with two additions (`GuardedH11Protocol`):
a connection past `max_connections` is answered 503 and closed before anything is read, and a request's headers
must be complete within `header_timeout` seconds of the connection (or of the previous response), however slowly
they trickle in. Refusals are logged as one summary line a minute, never one traceback per connection.
"""

from __future__ import annotations

import asyncio
import logging
import resource
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, ClassVar

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

logger = logging.getLogger(__name__)
logger.setLevel(logging.WARNING)  # a refusal summary shows even when the rest of the package logs errors only

HEADER_TIMEOUT_SECONDS = 10.0
KEEP_ALIVE_SECONDS = 5
MAX_HEADER_BYTES = 16 * 1024
MAX_CONNECTIONS = 1000
FD_RESERVE = 256  # descriptors kept for Zoho connections, files and the event loop itself
LOG_INTERVAL_SECONDS = 60.0
BUSY = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\nRetry-After: 1\r\n\r\n"


def default_max_connections() -> int:
    """1,000, or fewer when the process may open fewer files: a refused connection must never be for lack of one."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return MAX_CONNECTIONS
    return max(32, min(MAX_CONNECTIONS, soft - FD_RESERVE))


@dataclass(frozen=True)
class ServerLimits:
    header_timeout: float = HEADER_TIMEOUT_SECONDS
    keep_alive: int = KEEP_ALIVE_SECONDS
    max_header_bytes: int = MAX_HEADER_BYTES
    max_connections: int = 0  # 0: default_max_connections()


class RefusalLog:
    """Counts refusals by reason and logs them as one warning line per interval (the first one at once)."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic, interval: float = LOG_INTERVAL_SECONDS) -> None:
        self._clock = clock
        self._interval = interval
        self._pending: Counter[str] = Counter()
        self._next = 0.0

    def note(self, reason: str) -> None:
        self._pending[reason] += 1
        now = self._clock()
        if now >= self._next:
            summary = ", ".join(f"{count} {why}" for why, count in sorted(self._pending.items()))
            logger.warning("refused HTTP connections: %s", summary)
            self._pending.clear()
            self._next = now + self._interval


class QuietRefusals(logging.Filter):
    """Turns the per-connection complaints of asyncio and uvicorn under load into counts in the refusal log.

    Out of file descriptors, asyncio logs a traceback for every failed accept(); uvicorn logs a warning for every
    malformed or oversized request. Either is one line a minute here.
    """

    MESSAGES: ClassVar[dict[str, str]] = {
        "socket.accept() out of system resource": "not accepted for lack of file descriptors",
        "Invalid HTTP request received.": "malformed or with headers over the size limit",
        "Exceeded concurrency limit.": "over the concurrency limit",
    }

    def __init__(self, refusals: RefusalLog) -> None:
        super().__init__()
        self.refusals = refusals

    def filter(self, record: logging.LogRecord) -> bool:
        reason = self.MESSAGES.get(str(record.msg))
        if reason is None:
            return True
        self.refusals.note(reason)
        return False


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a connection cap and a deadline for each request's headers."""

    limits: ClassVar[ServerLimits] = ServerLimits(max_connections=MAX_CONNECTIONS)
    refusals: ClassVar[RefusalLog] = RefusalLog()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._refused = False
        self._header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        if len(self.server_state.connections) >= self.limits.max_connections:
            self._refused = True
            self.refusals.note(f"over the limit of {self.limits.max_connections} connections")
            transport.write(BUSY)
            transport.close()
            return
        super().connection_made(transport)
        self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_timer()
        if not self._refused:
            super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # the headers are in
            self._cancel_header_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm_header_timer()  # the next request's headers get the same time

    def _arm_header_timer(self) -> None:
        self._cancel_header_timer()
        self._header_timer = self.loop.call_later(self.limits.header_timeout, self._headers_too_slow)

    def _cancel_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return
        self.refusals.note(f"closed without complete headers after {self.limits.header_timeout:g} s")
        self.transport.close()


def protocol_for(limits: ServerLimits, refusals: RefusalLog) -> type[GuardedH11Protocol]:
    """A protocol class bound to these limits (uvicorn instantiates it with its own arguments)."""
    return type("GuardedH11Protocol", (GuardedH11Protocol,), {"limits": limits, "refusals": refusals})


def uvicorn_config(
    app: Any, *, host: str, port: int, limits: ServerLimits | None = None, refusals: RefusalLog | None = None
) -> uvicorn.Config:
    """uvicorn settings for our HTTP transports: the limits above, quiet logs, and the app's lifespan."""
    limits = limits or ServerLimits()
    limits = replace(limits, max_connections=limits.max_connections or default_max_connections())
    refusals = refusals or RefusalLog()
    quiet = QuietRefusals(refusals)
    for name in ("asyncio", "uvicorn.error"):
        log = logging.getLogger(name)
        for old in [f for f in log.filters if isinstance(f, QuietRefusals)]:
            log.removeFilter(old)
        log.addFilter(quiet)
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        lifespan="on",
        http=protocol_for(limits, refusals),
        timeout_keep_alive=limits.keep_alive,
        h11_max_incomplete_event_size=limits.max_header_bytes,
    )
