"""The token's scopes arrive after the handshake: `initialize` is answered at once, listing and calls wait for them.

Getting the token can take a round trip to Zoho's accounts server (a cold start, an expired token), and the tools
a token cannot use are hidden. Opening the services starts that fetch and returns; the server answers
`initialize` meanwhile, and `tools/list` and `tools/call` wait for the scopes (once), so a hidden tool is never
listed, not even briefly, and no `tools/list_changed` is needed.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Callable

from ..tools.kit.context import DeskServices

logger = logging.getLogger(__name__)
Scopes = frozenset[str] | None

_pending: weakref.WeakKeyDictionary[DeskServices, asyncio.Future[Scopes]] = weakref.WeakKeyDictionary()


def fetch_later(services: DeskServices, fetch: Awaitable[Scopes]) -> asyncio.Future[Scopes]:
    """Fetch the scopes in the background for these services; the caller cancels the future when it closes them."""
    future = asyncio.ensure_future(fetch)
    _pending[services] = future
    return future


async def settled_scopes(services: DeskServices) -> Scopes:
    """The scopes once known (None: unknown, nothing is hidden for them); services opened elsewhere as they are."""
    pending = _pending.get(services)
    if pending is not None:
        services.granted_scopes = await asyncio.shield(pending)
    return services.granted_scopes


class Settling:
    """The server's one wait for the scopes: started by the lifespan, awaited before listing or calling tools."""

    def __init__(self) -> None:
        self._task: asyncio.Future[None] | None = None

    def start(self, services: DeskServices, restrict: Callable[[Scopes], None]) -> None:
        async def settle() -> None:
            try:
                restrict(await settled_scopes(services))
            except asyncio.CancelledError:
                raise
            except Exception:  # the tools then report the token's problem when they are called
                logger.warning("the token's scopes could not be read; no tool is hidden for them", exc_info=True)

        self._task = asyncio.ensure_future(settle())

    async def wait(self) -> None:
        if self._task is not None and not self._task.done():
            await asyncio.shield(self._task)

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
