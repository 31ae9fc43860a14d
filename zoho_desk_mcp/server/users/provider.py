"""The OAuth 2.1 authorization server MCP clients sign in with (the SDK's `OAuthAuthorizationServerProvider`).

The SDK's handlers do the protocol (metadata, registration, PKCE S256, grant checks); this provider keeps their
objects in the shared state and decides three things: a new MCP client goes through our consent page first, a
known one straight to Zoho's sign-in; every token is bound to the user who signed in (its subject, their e-mail)
and to the deployment's public MCP URL (its resource); and a token whose user no longer has Zoho tokens with us
(Zoho refused their refresh token) is not a token any more, so the next request gets 401 and a new sign-in.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from contextvars import ContextVar
from urllib.parse import urlencode

from mcp.server.auth.provider import (
    AccessToken,
    AuthorizationCode,
    AuthorizationParams,
    AuthorizeError,
    RefreshToken,
    TokenError,
)
from mcp.shared.auth import OAuthClientInformationFull, OAuthToken

from .store import Pending, UserStore, digest

ACCESS_SECONDS = 3600  # short-lived: a client refreshes (and a revoked Zoho sign-in shows) within the hour
REFRESH_SECONDS = 30 * 86400
SCOPE = "desk"

# The /authorize wrapper puts the request's `login_hint` here (the SDK's AuthorizationParams has no field for it).
login_hint: ContextVar[str | None] = ContextVar("login_hint", default=None)
# ... and the browser's consent cookie, so a client this browser approved before skips the consent page.
browser: ContextVar[str | None] = ContextVar("browser", default=None)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class DeskAuthProvider:
    """Our authorization server's storage and decisions; `zoho_url(pending_key, pending)` builds Zoho's sign-in URL."""

    def __init__(
        self,
        store: UserStore,
        *,
        public_url: str,
        zoho_url: Callable[[str, Pending], str],
        access_seconds: int = ACCESS_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.public_url = public_url.rstrip("/")
        self.resource = f"{self.public_url}/mcp"
        self.zoho_url = zoho_url
        self.access_seconds = access_seconds
        self._clock = clock

    async def get_client(self, client_id: str) -> OAuthClientInformationFull | None:
        return await self.store.client(client_id)

    async def register_client(self, client_info: OAuthClientInformationFull) -> None:
        await self.store.put_client(client_info)

    async def authorize(self, client: OAuthClientInformationFull, params: AuthorizationParams) -> str:
        if params.resource is not None and params.resource.rstrip("/") != self.resource:
            raise AuthorizeError("invalid_target", f"this server's resource is {self.resource}")
        pending = Pending(
            client_id=client.client_id or "",
            redirect_uri=str(params.redirect_uri),
            redirect_uri_provided_explicitly=params.redirect_uri_provided_explicitly,
            state=params.state,
            scopes=params.scopes or [SCOPE],
            code_challenge=params.code_challenge,
            resource=self.resource,
            login_hint=login_hint.get(),
        )
        key = new_secret()
        cookie = browser.get()
        if cookie and await self.store.approved(pending.client_id, cookie):
            pending.browser = digest(cookie)  # only this browser may finish it (see pages.zoho_callback)
            await self.store.put_pending(key, pending)
            return self.zoho_url(key, pending)
        await self.store.put_pending(key, pending)
        return f"{self.public_url}/consent?{urlencode({'request': key})}"

    async def issue_code(self, pending: Pending, subject: str) -> str:
        """After Zoho's callback: a single-use code for the MCP client, bound to the user who signed in."""
        code = AuthorizationCode(
            code=new_secret(),
            scopes=pending.scopes,
            expires_at=time.time() + 300,  # the SDK's token handler checks it against the wall clock
            client_id=pending.client_id,
            code_challenge=pending.code_challenge,
            redirect_uri=pending.redirect_uri,  # type: ignore[arg-type]  # pydantic validates the URL
            redirect_uri_provided_explicitly=pending.redirect_uri_provided_explicitly,
            resource=self.resource,
            subject=subject,
        )
        await self.store.put_code(code)
        return code.code

    async def load_authorization_code(
        self, client: OAuthClientInformationFull, authorization_code: str
    ) -> AuthorizationCode | None:
        code = await self.store.code(authorization_code)
        return code if code is not None and code.client_id == client.client_id else None

    async def exchange_authorization_code(
        self, client: OAuthClientInformationFull, authorization_code: AuthorizationCode
    ) -> OAuthToken:
        taken = await self.store.code(authorization_code.code, take=True)  # single use, across replicas
        if taken is None or taken.subject is None:
            raise TokenError("invalid_grant", "the authorization code was already used or has expired")
        return await self._issue(client.client_id or "", taken.scopes, taken.subject)

    async def load_refresh_token(self, client: OAuthClientInformationFull, refresh_token: str) -> RefreshToken | None:
        found = await self.store.refresh(refresh_token)
        if found is None or found.client_id != client.client_id or found.subject is None:
            return None
        if await self.store.zoho(found.subject) is None:  # their Zoho sign-in is gone: sign in again
            return None
        return found

    async def exchange_refresh_token(
        self, client: OAuthClientInformationFull, refresh_token: RefreshToken, scopes: list[str]
    ) -> OAuthToken:
        taken = await self.store.refresh(refresh_token.token, take=True)  # rotation: each refresh token once
        if taken is None or taken.subject is None:
            raise TokenError("invalid_grant", "the refresh token was already used")
        return await self._issue(client.client_id or "", scopes or taken.scopes, taken.subject)

    async def _issue(self, client_id: str, scopes: list[str], subject: str) -> OAuthToken:
        now = int(self._clock())
        access, refresh = new_secret(), new_secret()
        await self.store.put_access(
            AccessToken(
                token=access, client_id=client_id, scopes=scopes, expires_at=now + self.access_seconds,
                resource=self.resource, subject=subject,
            ),
            self.access_seconds,
        )
        await self.store.put_refresh(
            RefreshToken(
                token=refresh, client_id=client_id, scopes=scopes, expires_at=now + REFRESH_SECONDS,
                resource=self.resource, subject=subject,
            ),
            REFRESH_SECONDS,
        )
        return OAuthToken(
            access_token=access, expires_in=self.access_seconds, scope=" ".join(scopes), refresh_token=refresh
        )

    async def load_access_token(self, token: str) -> AccessToken | None:
        found = await self.store.access(token)
        if found is None or found.subject is None or await self.store.zoho(found.subject) is None:
            return None
        if found.expires_at is not None and found.expires_at <= self._clock():
            return None
        return found

    async def revoke_token(self, token: AccessToken | RefreshToken) -> None:
        if isinstance(token, AccessToken):
            await self.store.forget_tokens(token.token, None)
        else:
            await self.store.forget_tokens(None, token.token)
