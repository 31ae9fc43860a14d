"""Zoho accounts (OAuth 2.0) emulation: `/oauth/v2/auth`, `/oauth/v2/token`, `/oauth/v2/token/revoke`.

`login_hint=<agent e-mail>` on `/oauth/v2/auth` stands in for Zoho's sign-in page: that agent signs in, and the
code and every token from it are theirs (the organizations where they are an active agent); without it, the
default credentials' owner (the first organization's first agent) signs in, reaching every organization.

Faithful where clients get hurt: token errors come back with HTTP 200 and no `access_token`; grant codes are
single-use, expire after two minutes and are bound to their redirect URI; a refresh response carries no
`refresh_token`; each refresh token keeps at most ten live access tokens (the oldest dies) and answers at most ten
token requests per ten minutes.
"""

from __future__ import annotations

from ipaddress import ip_address
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from .store import AccessGrant, Code, RefreshGrant, Store, new_token

if TYPE_CHECKING:
    from .app import Sandbox

CODE_LIFETIME_SECONDS = 120
THROTTLE_WINDOW_SECONDS = 600
API_DOMAINS = {
    "us": "https://www.zohoapis.com",
    "au": "https://www.zohoapis.com.au",
    "cn": "https://www.zohoapis.com.cn",
}


def token_error(error: str) -> JSONResponse:
    """Zoho answers a failed token request with HTTP 200 and an `error` field (docs/zoho-api.md §2.3)."""
    return JSONResponse({"error": error})


def throttled() -> JSONResponse:
    return JSONResponse(
        {
            "error_description": "You have made too many requests continuously. Please try again after some time.",
            "error": "Access Denied",
            "status": "failure",
        },
        status_code=400,
    )


def is_loopback_uri(uri: str) -> bool:
    """The sandbox's client accepts any loopback redirect URI (any port), as for a native app."""
    parts = urlsplit(uri)
    if parts.scheme != "http" or not parts.hostname:
        return False
    if parts.hostname == "localhost":
        return True
    try:
        return ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


async def params_of(request: Request) -> dict[str, str]:
    """Zoho takes token parameters in the query string or a form body; the body wins."""
    params = dict(request.query_params)
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        form = await request.form()
        params.update({k: v for k, v in form.items() if isinstance(v, str)})
    return params


def orgs_of(store: Store, email: str) -> tuple[str, ...]:
    """The organizations where this e-mail is an active agent: the portals that user reaches once signed in."""
    email = email.lower()
    return tuple(
        org_id
        for org_id, org in store.orgs.items()
        if any(
            str(agent.get("emailId", "")).lower() == email and agent.get("status", "ACTIVE") == "ACTIVE"
            for agent in org.agents.values()
        )
    )


def redirect_to(redirect_uri: str, query: dict[str, str]) -> RedirectResponse:
    separator = "&" if "?" in redirect_uri else "?"
    return RedirectResponse(f"{redirect_uri}{separator}{urlencode(query)}", status_code=302)


class Accounts:
    """The accounts server's three endpoints over the sandbox's store."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    @property
    def store(self) -> Store:
        return self.sandbox.store

    async def authorize(self, request: Request) -> Response:
        self.store.requests["GET /oauth/v2/auth"] += 1
        q = request.query_params
        if q.get("response_type") != "code":
            return JSONResponse({"error": "unsupported_response_type"}, status_code=400)
        if q.get("client_id") not in self.store.clients:
            return JSONResponse({"error": "invalid_client"}, status_code=400)
        redirect_uri = q.get("redirect_uri", "")
        if not is_loopback_uri(redirect_uri):
            return JSONResponse({"error": "invalid_redirect_uri"}, status_code=400)
        scopes = tuple(s.strip() for s in q.get("scope", "").split(",") if s.strip())
        if not scopes or not all(s.lower().startswith("desk.") and s.count(".") == 2 for s in scopes):
            return JSONResponse({"error": "invalid_scope"}, status_code=400)
        hint = q.get("login_hint", "").strip()
        org_ids = orgs_of(self.store, hint) if hint else tuple(self.store.orgs)
        if not org_ids:  # nobody by that e-mail can sign in: as if the user turned the sign-in page down
            return redirect_to(redirect_uri, {"state": q.get("state", ""), "error": "access_denied"})
        code = new_token()
        self.store.codes[code] = Code(
            client_id=q["client_id"],
            scopes=scopes,
            redirect_uri=redirect_uri,
            expires_at=self.store.clock.now() + CODE_LIFETIME_SECONDS,
            org_ids=org_ids,
            offline=q.get("access_type") == "offline",
            owner_email=hint.lower() or None,
        )
        base = str(request.base_url).rstrip("/")
        query = {
            "state": q.get("state", ""),
            "code": code,
            "location": self.store.location,
            "accounts-server": base,
        }
        return redirect_to(redirect_uri, query)

    async def token(self, request: Request) -> Response:
        store = self.store
        store.requests["POST /oauth/v2/token"] += 1
        params = await params_of(request)
        if store.faults.token_errors:
            return token_error(store.faults.token_errors.pop(0))
        client = store.clients.get(params.get("client_id", ""))
        if client is None:
            return token_error("invalid_client")
        if params.get("client_secret") != client.client_secret:
            return token_error("invalid_client_secret")
        grant_type = params.get("grant_type")
        if grant_type == "authorization_code":
            return self.exchange_code(params)
        if grant_type == "refresh_token":
            return self.refresh(params)
        return token_error("unsupported_grant_type")

    def exchange_code(self, params: dict[str, str]) -> Response:
        store = self.store
        code = store.codes.get(params.get("code", ""))
        if (
            code is None
            or code.used
            or code.expires_at <= store.clock.now()
            or code.client_id != params["client_id"]
        ):
            return token_error("invalid_code")
        if code.redirect_uri is not None and params.get("redirect_uri") != code.redirect_uri:
            return token_error("invalid_redirect_uri")
        code.used = True
        refresh_token = new_token()
        store.refresh_grants[refresh_token] = RefreshGrant(
            client_id=code.client_id,
            scopes=code.scopes,
            org_ids=code.org_ids,
            owner_email=code.owner_email or store.default_owner_email(),
        )
        body = self.issue_access(refresh_token)
        if code.offline:
            store.tokens["refreshIssued"] += 1
            body["refresh_token"] = refresh_token
        return JSONResponse(body)

    def refresh(self, params: dict[str, str]) -> Response:
        store = self.store
        refresh_token = params.get("refresh_token", "")
        grant = store.refresh_grants.get(refresh_token)
        if grant is None or grant.revoked or grant.client_id != params["client_id"]:
            return token_error("invalid_code")
        now = store.clock.now()
        limit = store.faults.token_request_limit
        grant.token_requests = [t for t in grant.token_requests if t > now - THROTTLE_WINDOW_SECONDS]
        if limit and len(grant.token_requests) >= limit:
            return throttled()
        grant.token_requests.append(now)
        return JSONResponse(self.issue_access(refresh_token))

    def issue_access(self, refresh_token: str) -> dict[str, Any]:
        """A new access token; past the cap of live tokens per refresh token the oldest one stops working."""
        store = self.store
        now = store.clock.now()
        lifetime = store.faults.access_token_lifetime
        live = [
            (token, grant)
            for token, grant in store.access_grants.items()
            if grant.refresh_token == refresh_token and grant.expires_at > now
        ]
        live.sort(key=lambda pair: pair[1].issued_at)
        while len(live) >= store.faults.max_live_access_tokens:
            oldest, _ = live.pop(0)
            del store.access_grants[oldest]
        access_token = new_token()
        store.access_grants[access_token] = AccessGrant(
            refresh_token, expires_at=now + lifetime, issued_at=now
        )
        store.tokens["accessIssued"] += 1
        grant = store.refresh_grants[refresh_token]
        return {
            "access_token": access_token,
            "scope": " ".join(grant.scopes),
            "api_domain": API_DOMAINS.get(store.location, f"https://www.zohoapis.{store.location}"),
            "token_type": "Bearer",
            "expires_in": lifetime,
        }

    async def revoke(self, request: Request) -> Response:
        store = self.store
        store.requests["POST /oauth/v2/token/revoke"] += 1
        token = (await params_of(request)).get("token", "")
        grant = store.refresh_grants.get(token)
        if grant is not None and not grant.revoked:
            revoke_refresh_token(store, token)
            return JSONResponse({"status": "success"})
        if token in store.access_grants:
            del store.access_grants[token]
            return JSONResponse({"status": "success"})
        return JSONResponse({"error": "invalid_token"}, status_code=400)


def revoke_refresh_token(store: Store, token: str) -> None:
    """Revoking a refresh token also kills every access token it issued (docs/zoho-api.md §2.5)."""
    store.refresh_grants[token].revoked = True
    store.tokens["revoked"] += 1
    for access_token in [t for t, g in store.access_grants.items() if g.refresh_token == token]:
        del store.access_grants[access_token]


def routes(sandbox: Sandbox) -> list[Route]:
    accounts = Accounts(sandbox)
    return [
        Route("/oauth/v2/auth", accounts.authorize, methods=["GET"]),
        Route("/oauth/v2/token", accounts.token, methods=["POST"]),
        Route("/oauth/v2/token/revoke", accounts.revoke, methods=["POST"]),
    ]
