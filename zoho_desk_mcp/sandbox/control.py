"""Control endpoints for tests and benchmarks under `/_sandbox/`: stats, reset, faults, Self Client grant codes.

These are not Zoho's: they are how a test watches the API calls a tool made and makes failures reproducible.
They are not counted in the stats.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .accounts import revoke_refresh_token
from .store import ALL_SCOPES, DEFAULT_CLIENT_ID, Code, Faults, Store, new_token

if TYPE_CHECKING:
    from .app import Sandbox

SELF_CLIENT_CODE_SECONDS = 180


def _int(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"an integer from {low} to {high}")
        return value

    return check


def _rate(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError("a number from 0 to 1")
    return float(value)


def _optional_str(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ValueError("a string or null")
    return value


def _choice(*allowed: Any) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value not in allowed:
            raise ValueError(f"one of {list(allowed)}")
        return value

    return check


def _strings(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("a list of strings")
    return list(value)


# JSON key -> (Faults attribute, check): settings that stay until changed or cleared.
SETTINGS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "latencyMs": ("latency_ms", _int(0, 600_000)),
    "failNext": ("fail_next", _int(0, 1_000_000)),
    "failRate": ("fail_rate", _rate),
    "failStatus": ("fail_status", _choice(429, 500, 502, 503, 504)),
    "retryAfter": ("retry_after", lambda v: None if v is None else _int(0, 86_400)(v)),
    "failMatch": ("fail_match", _optional_str),
    "dropNextWrites": ("drop_next_writes", _int(0, 1_000_000)),
    "dropMode": ("drop_mode", _choice("timeout", "reset")),
    "dropMatch": ("drop_match", _optional_str),
    "accessTokenLifetime": ("access_token_lifetime", _int(1, 86_400)),
    "tokenErrors": ("token_errors", _strings),
    "tokenRequestLimit": ("token_request_limit", _int(0, 1_000_000)),
    "maxLiveAccessTokens": ("max_live_access_tokens", _int(1, 1_000)),
}
ACTIONS = {
    "clear",
    "expireAccessTokens",
    "revokeRefreshToken",
    "advanceClock",
    "creditsRemaining",
    "concurrencyLimit",
    "orgId",
}


def faults_json(faults: Faults) -> dict[str, Any]:
    values = asdict(faults)
    return {key: values[attribute] for key, (attribute, _) in SETTINGS.items()}


def apply_actions(store: Store, body: dict[str, Any]) -> None:
    """One-off changes: expire or revoke tokens, move the clock, set credits or the concurrency cap."""
    if body.get("expireAccessTokens"):
        now = store.clock.now()
        for grant in store.access_grants.values():
            grant.expires_at = min(grant.expires_at, now)
    if "revokeRefreshToken" in body:
        target = body["revokeRefreshToken"]
        tokens = [t for t, g in store.refresh_grants.items() if not g.revoked and (target in ("*", t))]
        if not tokens:
            raise ValueError("revokeRefreshToken: no such live refresh token")
        for token in tokens:
            revoke_refresh_token(store, token)
    if "advanceClock" in body:
        store.clock.offset += float(_int(0, 10 * 86_400)(body["advanceClock"]))
    orgs = [store.org(str(body["orgId"]))] if "orgId" in body else list(store.orgs.values())
    if "creditsRemaining" in body:
        credits = _int(0, 10_000_000)(body["creditsRemaining"])
        for org in orgs:
            org.credits_remaining = credits
    if "concurrencyLimit" in body:
        limit = _int(1, 1_000)(body["concurrencyLimit"])
        for org in orgs:
            org.concurrency_limit = limit


class Control:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    async def stats(self, request: Request) -> Response:
        store = self.sandbox.store
        return JSONResponse({"requests": dict(sorted(store.requests.items())), "tokens": dict(store.tokens)})

    async def outbox(self, request: Request) -> Response:
        """The e-mails sent through sendReply, oldest first (design §2.5); reset empties it."""
        return JSONResponse({"emails": [dict(email) for email in self.sandbox.store.outbox]})

    async def reset(self, request: Request) -> Response:
        self.sandbox.reset()
        return JSONResponse({"status": "reset"})

    async def get_faults(self, request: Request) -> Response:
        return JSONResponse(faults_json(self.sandbox.store.faults))

    async def set_faults(self, request: Request) -> Response:
        store = self.sandbox.store
        try:
            body = json.loads(await request.body() or b"{}")
            if not isinstance(body, dict):
                raise ValueError("a JSON object is expected")
            unknown = set(body) - set(SETTINGS) - ACTIONS
            if unknown:
                raise ValueError(f"unknown keys {sorted(unknown)}; known: {sorted(set(SETTINGS) | ACTIONS)}")
            faults = Faults() if body.get("clear") else store.faults
            updates = {SETTINGS[k][0]: SETTINGS[k][1](v) for k, v in body.items() if k in SETTINGS}
            apply_actions(store, body)
        except (ValueError, KeyError, TypeError) as error:
            return JSONResponse({"error": str(error)}, status_code=422)
        except Exception as error:  # a Zoho-shaped lookup error (unknown orgId)
            return JSONResponse({"error": str(error)}, status_code=422)
        for attribute, value in updates.items():
            setattr(faults, attribute, value)
        store.faults = faults
        return JSONResponse(faults_json(faults))

    async def grant_code(self, request: Request) -> Response:
        """A Self Client grant code, as the API console would show it: no redirect URI, exchangeable once."""
        store = self.sandbox.store
        body = json.loads(await request.body() or b"{}")
        scopes = tuple(body.get("scopes") or ALL_SCOPES)
        org_ids = tuple(body.get("orgIds") or store.orgs)
        lifetime = int(body.get("expiresIn", SELF_CLIENT_CODE_SECONDS))
        code = new_token()
        store.codes[code] = Code(
            client_id=body.get("clientId", DEFAULT_CLIENT_ID),
            scopes=scopes,
            redirect_uri=None,
            expires_at=store.clock.now() + lifetime,
            org_ids=org_ids,
        )
        return JSONResponse({"code": code})


def routes(sandbox: Sandbox) -> list[Route]:
    control = Control(sandbox)
    return [
        Route("/_sandbox/stats", control.stats, methods=["GET"]),
        Route("/_sandbox/reset", control.reset, methods=["POST"]),
        Route("/_sandbox/outbox", control.outbox, methods=["GET"]),
        Route("/_sandbox/faults", control.get_faults, methods=["GET"]),
        Route("/_sandbox/faults", control.set_faults, methods=["POST"]),
        Route("/_sandbox/grant-codes", control.grant_code, methods=["POST"]),
    ]
