"""The sandbox as one Starlette app: accounts (`/oauth/v2`), Desk (`/api/v1`) and control (`/_sandbox`) routes.

Every Desk request runs through `DeskDispatcher`: count it, authenticate the `Zoho-oauthtoken`, check the `orgId`
header and the token's organizations, the scopes, the query parameters, the concurrency cap and the day's API
credits, inject the configured faults, then call the handler and add Zoho's credit headers to whatever comes back.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Mapping
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from . import accounts, control, dataset
from .errors import (
    ZohoError,
    bad_request,
    empty_payload,
    internal_error,
    invalid_oauth,
    invalid_org_header,
    method_not_allowed,
    org_mismatch,
    scope_mismatch,
    threshold_exceeded,
    too_large,
    too_many_requests,
    unauthorized,
    unsupported_media_type,
    url_not_found,
)
from .guard import guard_routes
from .resources import ENDPOINTS
from .routing import Call, Endpoint, UploadedFile, parse_query
from .store import MAX_FILE_BYTES, OrgData, RefreshGrant, Store

SECONDS_PER_DAY = 86_400
DROP_HANG_CAP_SECONDS = 120.0


class SandboxConnectionReset(ConnectionResetError):
    """Raised after a write was committed, to cut the connection before the response (a lost response)."""


class Sandbox:
    """The emulator: its store, the data set it was built from (reset rebuilds it) and its ASGI app."""

    def __init__(self, data: Mapping[str, Any] | None = None, *, location: str = "us", seed: int = 7) -> None:
        self.data = data
        self.location = location
        self.random = random.Random(seed)  # noqa: S311 - reproducible fault injection, not security
        self.store = self.build_store()
        self.app = build_app(self)

    def build_store(self) -> Store:
        store = dataset.load(self.data) if self.data is not None else dataset.default_store()
        store.location = self.location
        return store

    def reset(self) -> None:
        self.store = self.build_store()


def scope_covers(granted: str, needed: str) -> bool:
    """`Desk.tickets.ALL` covers `Desk.tickets.READ`; matching is case-insensitive (docs/zoho-api.md §2.2)."""
    granted_l, needed_l = granted.lower(), needed.lower()
    if granted_l == needed_l:
        return True
    family, _, operation = granted_l.rpartition(".")
    return operation == "all" and needed_l.rpartition(".")[0] == family


class DeskDispatcher:
    """Runs one Desk endpoint with all of Zoho's rules around it."""

    def __init__(self, sandbox: Sandbox, endpoint: Endpoint) -> None:
        self.sandbox = sandbox
        self.endpoint = endpoint

    async def handle(self, request: Request) -> Response:
        store = self.sandbox.store
        endpoint = self.endpoint
        store.requests[endpoint.key] += 1
        org: OrgData | None = None
        weight = 1
        try:
            grant = authenticate(request, store)
            org = self.resolve_org(request, grant)
            self.check_scopes(grant)
            query = parse_query(endpoint.query, request.query_params.multi_items())
            weight = credit_weight(endpoint, query)
            if org is not None:
                return await self.run_in_org(request, org, grant, query, weight)
            return await self.execute(request, None, grant, query)
        except ZohoError as error:
            response: Response = JSONResponse(error.to_json(), error.status, headers=error.headers)
            add_credit_headers(response, org, weight)
            return response

    async def run_in_org(
        self, request: Request, org: OrgData, grant: RefreshGrant, query: dict[str, Any], weight: int
    ) -> Response:
        if org.in_flight >= org.concurrency_limit:
            raise too_many_requests()
        org.in_flight += 1
        try:
            if org.credits_remaining < weight:
                raise threshold_exceeded(seconds_to_midnight(self.sandbox.store.clock.now()))
            org.credits_remaining -= weight
            response = await self.execute(request, org, grant, query)
        finally:
            org.in_flight -= 1
        add_credit_headers(response, org, weight)
        return response

    async def execute(
        self, request: Request, org: OrgData | None, grant: RefreshGrant, query: dict[str, Any]
    ) -> Response:
        store = self.sandbox.store
        await self.inject_latency_and_failures()
        body, files = await read_body(request, self.endpoint)
        call = Call(
            store=store,
            org_data=org,
            path=dict(request.path_params),
            query=query,
            body=body,
            files=files,
            grant=grant,
            base_url=str(request.base_url).rstrip("/"),
        )
        result = self.endpoint.handler(call)
        response = result if isinstance(result, Response) else to_response(result)
        if self.endpoint.is_write and self.should_drop():
            return DroppedResponse(store.faults.drop_mode)
        return response

    def resolve_org(self, request: Request, grant: RefreshGrant) -> OrgData | None:
        store = self.sandbox.store
        if not self.endpoint.needs_org:
            return store.orgs.get(grant.org_ids[0]) if grant.org_ids else None
        org_id = request.headers.get("orgId", "").strip()
        if not org_id.isdigit():
            raise invalid_org_header()
        if org_id not in grant.org_ids or org_id not in store.orgs:
            raise org_mismatch()
        return store.orgs[org_id]

    def check_scopes(self, grant: RefreshGrant) -> None:
        for group in self.endpoint.scopes:
            if not any(scope_covers(g, needed) for g in grant.scopes for needed in group):
                raise scope_mismatch(" or ".join(group))

    async def inject_latency_and_failures(self) -> None:
        faults = self.sandbox.store.faults
        if faults.latency_ms:
            await asyncio.sleep(faults.latency_ms / 1000)
        if not matches(faults.fail_match, self.endpoint):
            return
        failing = faults.fail_next > 0 or (
            faults.fail_rate > 0 and self.sandbox.random.random() < faults.fail_rate
        )
        if not failing:
            return
        faults.fail_next = max(0, faults.fail_next - 1)
        if faults.fail_status == 429:
            error = too_many_requests()
            if faults.retry_after is not None:
                error.headers["Retry-After"] = str(faults.retry_after)
            raise error
        raise internal_error(faults.fail_status)

    def should_drop(self) -> bool:
        faults = self.sandbox.store.faults
        if faults.drop_next_writes > 0 and matches(faults.drop_match, self.endpoint):
            faults.drop_next_writes -= 1
            return True
        return False


def matches(pattern: str | None, endpoint: Endpoint) -> bool:
    return pattern is None or endpoint.key.startswith(pattern)


def authenticate(request: Request, store: Store) -> RefreshGrant:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if not header.strip() or scheme != "Zoho-oauthtoken" or not token.strip():
        raise unauthorized()
    access = store.access_grants.get(token.strip())
    if access is None or access.expires_at <= store.clock.now():
        raise invalid_oauth()
    grant = store.refresh_grants.get(access.refresh_token)
    if grant is None or grant.revoked:
        raise invalid_oauth()
    return grant


COUNT_CREDITS = 50  # fact sheet §3.2: "count endpoints cost more (~50)"


def credit_weight(endpoint: Endpoint, query: Mapping[str, Any]) -> int:
    """API credits a call costs (docs/zoho-api.md §3.2): 1 for single-record calls; lists grow with the offset."""
    if endpoint.weight == "single":
        return 1
    if endpoint.weight == "count":
        return COUNT_CREDITS
    start = int(query.get("from", 0))
    for ceiling, cost in ((2_000, 3), (10_000, 5), (50_000, 10), (100_000, 50)):
        if start <= ceiling:
            return cost
    return 100


def seconds_to_midnight(now: float) -> int:
    return max(1, SECONDS_PER_DAY - int(now) % SECONDS_PER_DAY)


def add_credit_headers(response: Response, org: OrgData | None, weight: int) -> None:
    if org is None:
        return
    response.headers["X-Rate-Limit-Remaining-v3"] = str(max(0, org.credits_remaining))
    response.headers["X-Rate-Limit-Request-Weight-v3"] = str(weight)


async def read_body(request: Request, endpoint: Endpoint) -> tuple[Any, list[UploadedFile]]:
    """The JSON body or the multipart `file` part, read before the handler runs (so handlers never await)."""
    if endpoint.body == "none":
        return None, []
    if endpoint.body == "multipart":
        return None, await read_upload(request)
    raw = await request.body()
    if not raw.strip():
        if endpoint.body == "optional-json":
            return None, []
        raise empty_payload()
    try:
        return json.loads(raw), []
    except ValueError:
        raise bad_request("The request body is not valid JSON.") from None


async def read_upload(request: Request) -> list[UploadedFile]:
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise unsupported_media_type("multipart/form-data")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_FILE_BYTES + 64 * 1024:
        raise too_large(MAX_FILE_BYTES)
    form = await request.form(max_part_size=MAX_FILE_BYTES + 1)
    try:
        part = form.get("file")
        if part is None or isinstance(part, str):
            from .errors import FieldError, invalid_data

            raise invalid_data([FieldError("/file", "missing", "A multipart part named 'file' is required.")])
        data = await part.read()
        if len(data) > MAX_FILE_BYTES:
            raise too_large(MAX_FILE_BYTES)
        ctype = part.content_type or "application/octet-stream"
        return [UploadedFile(part.filename or "file", ctype, len(data), data)]
    finally:
        await form.close()


def to_response(result: Any) -> Response:
    if result is None:
        return Response(status_code=204)
    return JSONResponse(result)


class DroppedResponse(Response):
    """The write happened; the client never hears so: the connection is cut (reset) or goes silent (timeout)."""

    def __init__(self, mode: str) -> None:
        super().__init__(status_code=200)
        self.mode = mode

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.mode == "reset":
            await send({"type": "http.response.start", "status": 200, "headers": []})
            raise SandboxConnectionReset("the sandbox dropped this response on purpose")
        with anyio.move_on_after(DROP_HANG_CAP_SECONDS):
            while (await receive())["type"] != "http.disconnect":
                pass
        raise SandboxConnectionReset("the sandbox dropped this response on purpose")


async def zoho_http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own 404/405 (unknown path, wrong method) in Zoho's shape."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    error = {404: url_not_found(), 405: method_not_allowed()}.get(status, internal_error())
    return JSONResponse(error.to_json(), error.status)


def build_app(sandbox: Sandbox) -> Starlette:
    desk_routes = [
        Route(e.path, DeskDispatcher(sandbox, e).handle, methods=[e.method])
        for e in sorted(ENDPOINTS, key=lambda e: e.path.count("{"))
    ]
    app = Starlette(
        routes=[*accounts.routes(sandbox), *guard_routes(control.routes(sandbox)), *desk_routes],
        exception_handlers={HTTPException: zoho_http_error},
    )
    app.state.sandbox = sandbox
    return app


def create_app(data: Mapping[str, Any] | None = None, *, location: str = "us") -> Starlette:
    """The sandbox's ASGI app, for `httpx.ASGITransport`, uvicorn or `SandboxTransport`."""
    return Sandbox(data, location=location).app
