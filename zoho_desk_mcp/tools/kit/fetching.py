"""How tools may fetch files from URLs: the limits, and the hooks tests inject (a DNS resolver, a transport).

It lives in the kit because the process-wide services (kit/context.py) carry it; the fetching itself is the
files domain's (files/fetch.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeAlias

import httpx

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Zoho Desk's limit per uploaded file."""

HostResolver: TypeAlias = Callable[[str], Awaitable[Sequence[str]]]
"""Host name → IP addresses; the SSRF guard checks every address before anything connects."""

ProgressCallback: TypeAlias = Callable[[int, int | None], Awaitable[None]]
"""Called while downloading with (bytes so far, total when the server announced it)."""


@dataclass(frozen=True)
class FileDataOptions:
    """Limits and hooks for loading files; tests inject `transport` and `resolver`, the server passes `progress`."""

    timeout: float = 30.0
    max_bytes: int = MAX_FILE_BYTES
    max_redirects: int = 5
    transport: httpx.AsyncBaseTransport | None = None
    resolver: HostResolver | None = None
    progress: ProgressCallback | None = None
