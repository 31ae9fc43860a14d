"""The per-portal request budget across replicas: Zoho allows each portal only so many concurrent API calls (by
edition: Free 5 … Enterprise 25, docs/zoho-api.md §3.2), and two replicas each keeping to it would together break
it. This transport takes one of the portal's shared slots for each Desk request and gives it back when the
response has been read (or closed), so a streamed download holds its slot exactly as long as it streams.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx

from ...state import SharedState

LEASE_SECONDS = 120.0  # a replica that dies mid-request frees its slot after this
WAIT_SECONDS = 60.0  # as long as a tool call may wait for a slot (its deadline stops it earlier)


class _Releasing(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, release: Callable[[], object]) -> None:
        self._inner = inner
        self._release = release
        self._released = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._inner.aclose()
        finally:
            if not self._released:
                self._released = True
                await self._release()  # type: ignore[misc]


class PortalSlots(httpx.AsyncBaseTransport):
    """Wraps the Desk client's transport; `limit(org_id)` is that portal's concurrency (the client knows it)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, state: SharedState, limit: Callable[[str], int]) -> None:
        self._inner = inner
        self._state = state
        self.limit = limit

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        org_id = request.headers.get("orgId")
        if not org_id or "/api/v1/" not in request.url.path:
            return await self._inner.handle_async_request(request)
        name = f"portal:{org_id}"
        token = await self._state.acquire_slot(name, self.limit(org_id), lease=LEASE_SECONDS, wait=WAIT_SECONDS)

        async def release() -> None:
            await self._state.release_slot(name, token)

        try:
            response = await self._inner.handle_async_request(request)
        except BaseException:
            await release()
            raise
        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _Releasing(response.stream, release)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()
