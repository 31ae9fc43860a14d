"""The browser's part of `--users zoho`: our /authorize (which keeps `login_hint` and the consent cookie), the
consent page for a new MCP client, and Zoho's callback, which learns who signed in and answers the MCP client.

The consent page (the MCP security guidance on confused deputies: one Zoho client serves every registered MCP
client) is one `<form method="post">` whose hidden inputs carry the request, `login_hint` included; `decision=approve`
continues to Zoho, `decision=deny` returns `access_denied` to the client. An approval is remembered for this
browser only (a random HttpOnly cookie), so a client someone else approved still asks you, and Zoho's callback
is accepted only in the browser that approved the request, so a sign-in link someone else started cannot be
finished by you on their behalf.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from mcp.server.auth.handlers.authorize import AuthorizationHandler
from mcp.server.auth.provider import construct_redirect_uri
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from .provider import DeskAuthProvider, browser, login_hint, new_secret
from .store import Pending, digest

logger = logging.getLogger(__name__)

BROWSER_COOKIE = "zoho_desk_mcp_browser"
PAGE_HEADERS = {
    # no form-action: the form's answer redirects on to Zoho, or to the client's own (perhaps custom-scheme) URI
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
}
# Called after Zoho's callback: exchange the code, find who signed in, keep their tokens; returns their e-mail.
SignIn = Callable[[dict[str, str]], Awaitable[str]]


def page(title: str, body: str, status: int = 200) -> HTMLResponse:
    text = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
        f"<body style='font-family:sans-serif;max-width:36em;margin:3em auto'>{body}</body></html>"
    )
    return HTMLResponse(text, status_code=status, headers=PAGE_HEADERS)


def csrf_for(browser: str, request_key: str) -> str:
    return hmac.new(browser.encode(), request_key.encode(), hashlib.sha256).hexdigest()


class SignInPages:
    """Routes for the sign-in flow; `zoho_url(key, pending)` is Zoho's sign-in URL, `sign_in` finishes there."""

    def __init__(self, provider: DeskAuthProvider, sign_in: SignIn, *, secure_cookie: bool) -> None:
        self.provider = provider
        self.store = provider.store
        self.sign_in = sign_in
        self.secure_cookie = secure_cookie
        self._authorize = AuthorizationHandler(provider).handle  # type: ignore[arg-type]

    def routes(self) -> list[Route]:
        return [
            Route("/authorize", self.authorize, methods=["GET", "POST"]),
            Route("/consent", self.consent_page, methods=["GET"]),
            Route("/consent", self.consent_decision, methods=["POST"]),
            Route("/oauth/zoho/callback", self.zoho_callback, methods=["GET"]),
        ]

    async def authorize(self, request: Request) -> Response:
        """The SDK's handler, with `login_hint` and this browser's approvals made visible to the provider."""
        hint = request.query_params.get("login_hint")
        reset = login_hint.set(hint.strip()[:320] if hint and hint.strip() else None)
        known = browser.set(request.cookies.get(BROWSER_COOKIE))
        try:
            return await self._authorize(request)
        finally:
            login_hint.reset(reset)
            browser.reset(known)

    async def consent_page(self, request: Request) -> Response:
        key = request.query_params.get("request", "")
        pending = await self.store.pending(key) if key else None
        if pending is None:
            return page("Sign-in expired", "<p>This sign-in has expired. Start again from your MCP client.</p>", 400)
        client = await self.store.client(pending.client_id)
        name = (client.client_name if client else None) or pending.client_id
        cookie = request.cookies.get(BROWSER_COOKIE) or new_secret()
        response = page("Allow access to Zoho Desk?", self._form(key, pending, name, csrf_for(cookie, key)))
        response.set_cookie(
            BROWSER_COOKIE, cookie, max_age=365 * 86400, httponly=True, samesite="lax", secure=self.secure_cookie
        )
        return response

    def _form(self, key: str, pending: Pending, name: str, csrf: str) -> str:
        hidden = {
            "request": key, "csrf": csrf, "client_id": pending.client_id, "redirect_uri": pending.redirect_uri,
            "state": pending.state or "", "scope": " ".join(pending.scopes), "code_challenge": pending.code_challenge,
            "resource": pending.resource or "", "login_hint": pending.login_hint or "",
        }
        inputs = "".join(
            f"<input type='hidden' name='{k}' value='{html.escape(v, quote=True)}'>" for k, v in hidden.items()
        )
        return (
            f"<h1>Allow {html.escape(name)}?</h1><p><b>{html.escape(name)}</b> wants to use Zoho Desk as you. "
            f"After you allow it, Zoho asks you to sign in; the client then acts with your Zoho permissions.</p>"
            f"<p>It will be sent back to <code>{html.escape(pending.redirect_uri)}</code>.</p>"
            f"<form method='post'>{inputs}"
            "<button type='submit' name='decision' value='approve'>Allow</button> "
            "<button type='submit' name='decision' value='deny'>Deny</button></form>"
        )

    async def consent_decision(self, request: Request) -> Response:
        form: dict[str, Any] = dict(await request.form())
        key, cookie = str(form.get("request", "")), request.cookies.get(BROWSER_COOKIE, "")
        pending = await self.store.pending(key) if key else None
        if pending is None:
            return page("Sign-in expired", "<p>This sign-in has expired. Start again from your MCP client.</p>", 400)
        genuine = cookie and hmac.compare_digest(str(form.get("csrf", "")), csrf_for(cookie, key))
        same = form.get("client_id") == pending.client_id and form.get("redirect_uri") == pending.redirect_uri
        if not genuine or not same:
            return page("Not allowed", "<p>This form did not come from this browser's consent page.</p>", 403)
        if form.get("decision") != "approve":
            await self.store.pending(key, take=True)
            return self._back_to_client(pending, error="access_denied")
        await self.store.approve(pending.client_id, cookie)
        pending.browser = digest(cookie)  # the sign-in may end only in this browser (zoho_callback)
        await self.store.put_pending(key, pending)
        return RedirectResponse(self.provider.zoho_url(key, pending), status_code=303)

    async def zoho_callback(self, request: Request) -> Response:
        query = dict(request.query_params)
        pending = await self.store.pending(query.get("state", ""), take=True) if query.get("state") else None
        if pending is None:
            return page("Sign-in expired", "<p>This sign-in has expired. Start again from your MCP client.</p>", 400)
        cookie = request.cookies.get(BROWSER_COOKIE)
        if pending.browser is None or cookie is None or not hmac.compare_digest(digest(cookie), pending.browser):
            # a Zoho sign-in link someone else started (and approved) must not hand them this user's access
            logger.warning("a Zoho callback arrived in another browser than the one that approved the client")
            return page("Not allowed", "<p>This sign-in was started in another browser. Start again here.</p>", 403)
        if "code" not in query:  # the user turned Zoho's page down (or Zoho refused)
            return self._back_to_client(pending, error="access_denied")
        try:
            subject = await self.sign_in(query)
        except Exception as error:
            logger.warning("a Zoho sign-in failed: %s", type(error).__name__)
            return self._back_to_client(pending, error="server_error")
        code = await self.provider.issue_code(pending, subject)
        return self._back_to_client(pending, code=code)

    def _back_to_client(self, pending: Pending, **params: str) -> Response:
        target = construct_redirect_uri(pending.redirect_uri, state=pending.state, **params)
        return RedirectResponse(target, status_code=302)
