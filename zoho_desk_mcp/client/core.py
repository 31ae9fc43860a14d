"""DeskClient: every Desk API call goes through `request()` (URL, orgId, auth, retries, errors, credits).

One `httpx.AsyncClient` serves the whole process (its own, or one injected by the server's lifespan). The
resource modules (tickets.py, agents.py, ...) build on `request()` and never touch httpx themselves.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Mapping
from types import TracebackType
from typing import Any

import httpx

from .errors import (
    DeskConnectError,
    DeskTimeoutError,
    DeskTransportError,
    DeskURLError,
    RequestNotReplayable,
    UnexpectedResponseError,
    WriteOutcomeUnknown,
    ZohoAPIError,
    api_error,
)
from .limits import DEFAULT_CONCURRENCY, Credits, PortalLimiter, concurrency_for, credits_from
from .organizations import OrganizationsAPI
from .portal import Portal
from .retry import NOT_SENT_ERRORS, RetryPolicy, is_read
from .urls import api_base_url

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
DEFAULT_LIMITS = httpx.Limits(max_connections=50, max_keepalive_connections=20, keepalive_expiry=30.0)
USER_AGENT = "zoho-desk-mcp"
CREDITS_LOG_SECONDS = 300.0  # how often the remaining API credits of an organization are logged at INFO
_SAFE_PATH = re.compile(r"/[A-Za-z0-9_.\-/]*")


class DeskClient:
    """The async Zoho Desk client: one per process, shared by every organization the token reaches.

    `base_url` must be a Desk host of the data-centre table or a loopback sandbox; `auth` adds the
    `Zoho-oauthtoken` header (and refreshes once on INVALID_OAUTH). Pass `http` to share an existing
    `httpx.AsyncClient` (it is not closed here), or `transport` to run over a test transport.
    """

    def __init__(
        self,
        base_url: str,
        auth: httpx.Auth,
        *,
        http: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        limits: httpx.Limits = DEFAULT_LIMITS,
        retry: RetryPolicy | None = None,
        default_concurrency: int = DEFAULT_CONCURRENCY,
    ) -> None:
        self.base_url = api_base_url(base_url)
        self.retry = retry or RetryPolicy()
        self._auth = auth
        self._timeout = timeout
        self._owns_http = http is None
        self._http = http or httpx.AsyncClient(
            transport=transport, timeout=timeout, limits=limits, headers={"User-Agent": USER_AGENT}
        )
        self._default_concurrency = default_concurrency
        self._limiters: dict[str | None, PortalLimiter] = {}
        self._credits: dict[str | None, Credits] = {}
        self._credits_logged: dict[str | None, float] = {}

    def __repr__(self) -> str:
        return f"DeskClient(base_url={self.base_url!r})"

    async def __aenter__(self) -> DeskClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    @property
    def organizations(self) -> OrganizationsAPI:
        """The organizations (portals) the token reaches; no `orgId` header needed."""
        return OrganizationsAPI(self)

    def org(self, org_id: str) -> Portal:
        """Every resource of one organization: `client.org(org_id).tickets.get(ticket_id)`."""
        return Portal(self, org_id)

    # -- per-portal limits --

    def credits(self, org_id: str | None) -> Credits | None:
        """The last `X-Rate-Limit-Remaining-v3` Zoho sent for this organization (None before any call)."""
        return self._credits.get(org_id)

    def set_concurrency(self, org_id: str, limit: int) -> None:
        """Cap concurrent calls to one portal (Zoho allows 5-25 by edition)."""
        self._limiter(org_id).limit = max(1, limit)

    def set_edition(self, org_id: str, edition: str | None) -> None:
        self.set_concurrency(org_id, concurrency_for(edition))

    def concurrency(self, org_id: str | None) -> int:
        return self._limiter(org_id).limit

    def _limiter(self, org_id: str | None) -> PortalLimiter:
        if org_id not in self._limiters:
            self._limiters[org_id] = PortalLimiter(self._default_concurrency)
        return self._limiters[org_id]

    # -- requests --

    async def get(self, path: str, *, org_id: str | None, params: Mapping[str, Any] | None = None) -> Any:
        return await self.request("GET", path, org_id=org_id, params=params)

    async def post(self, path: str, *, org_id: str | None, json: Any = None, **kwargs: Any) -> Any:
        return await self.request("POST", path, org_id=org_id, json=json, **kwargs)

    async def patch(self, path: str, *, org_id: str | None, json: Any = None, **kwargs: Any) -> Any:
        return await self.request("PATCH", path, org_id=org_id, json=json, **kwargs)

    async def request(
        self,
        method: str,
        path: str,
        *,
        org_id: str | None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        **send: Any,
    ) -> Any:
        """Send one API call (retried per the policy) and return its JSON, or None for 204/empty.

        `path` is relative to `/api/v1` (e.g. `/tickets`); `send` passes files, data, content, timeout.
        Raises a `ZohoAPIError` kind for Zoho's errors and a `DeskTransportError` kind when no answer came.
        """
        method = method.upper()
        _check_path(path)
        attempt = 0
        while True:
            attempt += 1
            try:
                response = await self._send_once(method, path, org_id, params, json, send)
            except httpx.InvalidURL as exc:  # raised before anything is sent, e.g. a 64 KB query string
                raise DeskURLError(f"cannot send {method} {path}: {exc}; shorten the values given") from None
            except httpx.StreamError as exc:
                raise RequestNotReplayable(
                    "the request body was a stream that could not be sent twice", method=method, path=path
                ) from exc
            except httpx.TransportError as exc:
                delay = self.retry.retry_error(method, exc, attempt)
                if delay is None:
                    raise _transport_error(method, path, exc) from exc
                logger.warning("retrying %s %s after %s in %.2fs", method, path, type(exc).__name__, delay)
                await self.retry.sleep(delay)
                continue
            if response.status_code < 300:
                return _json_or_none(response)
            if response.status_code < 400:  # never followed: the token goes to the data centre's Desk host only
                raise UnexpectedResponseError(
                    f"Zoho answered HTTP {response.status_code} (a redirect), which this server does not follow"
                )
            error = _api_error(response, method, path)
            delay = self.retry.retry_response(method, error, attempt)
            if delay is None:
                raise error
            logger.warning("retrying %s %s after %s in %.2fs", method, path, error.error_code, delay)
            await self.retry.sleep(delay)

    async def _send_once(
        self,
        method: str,
        path: str,
        org_id: str | None,
        params: Mapping[str, Any] | None,
        json: Any,
        send: dict[str, Any],
    ) -> httpx.Response:
        options = {"timeout": self._timeout, **send}
        headers = {**options.pop("headers", {}), **({"orgId": org_id} if org_id else {})}
        clean = {k: _param(v) for k, v in (params or {}).items() if v is not None}
        started = time.monotonic()
        async with self._limiter(org_id).slot():
            response = await self._http.request(
                method,
                self.base_url + path,
                params=clean or None,
                json=json,
                headers=headers,
                auth=self._auth,
                **options,
            )
        credits = credits_from(response)
        if credits is not None:
            self._credits[org_id] = credits
            self._log_credits(org_id, credits)
        elapsed_ms = (time.monotonic() - started) * 1000
        logger.debug("%s %s -> %d in %.0f ms", method, path, response.status_code, elapsed_ms)
        return response


    def _log_credits(self, org_id: str | None, credits: Credits) -> None:
        """Every few minutes per organization, the API credits Zoho says are left today (for usage monitoring)."""
        last = self._credits_logged.get(org_id)
        if last is None or credits.observed_at - last >= CREDITS_LOG_SECONDS:
            self._credits_logged[org_id] = credits.observed_at
            logger.info("Zoho API credits left today for organization %s: %d", org_id, credits.remaining)


def _check_path(path: str) -> None:
    """IDs are interpolated into paths: refuse anything that could step out of `/api/v1` or add a query."""
    if not _SAFE_PATH.fullmatch(path) or "/../" in f"{path}/" or "/./" in f"{path}/":
        raise DeskURLError(f"not a Desk API path: {path[:80]!r}")


def _param(value: Any) -> str:
    """Query values as Zoho spells them: booleans lower-case, lists comma-separated."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(str(v) for v in value)
    return str(value)


def _api_error(response: httpx.Response, method: str, path: str) -> ZohoAPIError:
    body = _json_or_none(response, strict=False)
    retry_after = response.headers.get("Retry-After")
    return api_error(response.status_code, body, method=method, path=path, retry_after=retry_after)


def _json_or_none(response: httpx.Response, *, strict: bool = True) -> Any:
    if response.status_code == 204 or not response.content.strip():
        return None
    try:
        return response.json()
    except ValueError:
        if strict:
            raise UnexpectedResponseError(
                f"Zoho answered HTTP {response.status_code} with a body that is not JSON"
            ) from None
        return None


def _transport_error(method: str, path: str, exc: httpx.TransportError) -> DeskTransportError:
    name = type(exc).__name__
    if isinstance(exc, NOT_SENT_ERRORS):
        return DeskConnectError(f"could not reach Zoho Desk ({name}); nothing was sent", method=method, path=path)
    if not is_read(method):
        return WriteOutcomeUnknown(
            f"the answer to this write was lost ({name}); it may or may not have been applied: "
            "check before repeating it",
            method=method,
            path=path,
        )
    if isinstance(exc, httpx.TimeoutException):
        return DeskTimeoutError(f"Zoho Desk did not answer in time ({name})", method=method, path=path)
    return DeskTransportError(f"the connection to Zoho Desk failed ({name})", method=method, path=path)
