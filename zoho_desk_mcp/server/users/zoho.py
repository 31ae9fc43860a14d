"""Each signed-in user's Zoho access token, refreshed once across every replica, and the Desk client's auth hook
that sends the current user's token with each request.

The current user is the subject of the MCP access token the SDK's bearer middleware verified for this HTTP request
(`get_access_token()`); there is no fallback to any other credentials, so a request without a user fails instead of
borrowing someone's token. A refresh takes the shared lock named after the refresh token's digest, then re-reads
the stored tokens: when another replica refreshed meanwhile, its token is used and Zoho is not asked again.
"""

from __future__ import annotations

import hmac
import logging
import time
from collections.abc import Callable

from mcp.server.auth.middleware.auth_context import get_access_token

from ...auth import AccountsClient, AuthError, InvalidGrantError, TokenSet
from ...auth.credentials import EXPIRY_SKEW_SECONDS, ReplayingAuth
from .store import UserStore, digest

logger = logging.getLogger(__name__)

REFRESH_MARGIN_SECONDS = 120.0  # refresh this long before Zoho's expiry, so no request leaves with a dying token
LOCK_HOLD_SECONDS = 30.0  # a replica that dies mid-refresh blocks the others at most this long


class SignInNeededError(AuthError):
    """The user must sign in (again): no user on this request, or Zoho refused their refresh token."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"{reason}; sign in to this server again (your MCP client asks you to on its next request)"
        )


def current_subject() -> str:
    """The e-mail of the user this request acts for, from the MCP access token the server verified."""
    token = get_access_token()
    if token is None or not token.subject:
        raise SignInNeededError("this request carries no signed-in user")
    return token.subject


class UserTokens:
    """Zoho access tokens per user, through the shared `UserStore`; `refresh_count` counts this replica's refreshes."""

    def __init__(
        self,
        store: UserStore,
        accounts: AccountsClient,
        clock: Callable[[], float] = time.time,
        *,
        signed_in_users: bool = True,
    ) -> None:
        self.store = store
        self.accounts = accounts
        self._clock = clock
        self.signed_in_users = signed_in_users  # False: the single-user login, which no sign-in page can renew
        self.refresh_count = 0

    def __repr__(self) -> str:
        return f"UserTokens({self.accounts!r})"

    def _usable(self, tokens: TokenSet | None, rejected: str | None) -> str | None:
        if tokens is None or tokens.access_token is None or tokens.expires_at is None:
            return None
        if tokens.expires_at - self._clock() <= max(REFRESH_MARGIN_SECONDS, EXPIRY_SKEW_SECONDS):
            return None
        access = tokens.access_token.get_secret_value()
        if rejected is not None and hmac.compare_digest(access.encode(), rejected.encode()):
            return None
        return access

    async def get_token(self, subject: str, *, rejected: str | None = None) -> str:
        """A live access token for `subject`; refreshed (once, across replicas) when stale or `rejected` by Zoho."""
        tokens = await self.store.zoho(subject)
        access = self._usable(tokens, rejected)
        if access is not None:
            return access
        if tokens is None or tokens.refresh_token is None:
            raise SignInNeededError("you are not signed in to Zoho")
        name = "zoho-refresh:" + digest(tokens.refresh_token.get_secret_value())
        async with self.store.state.lock(name, hold=LOCK_HOLD_SECONDS, wait=LOCK_HOLD_SECONDS + 5):
            tokens = await self.store.zoho(subject)  # another replica may have refreshed while we waited
            access = self._usable(tokens, rejected)
            if access is not None:
                return access
            if tokens is None or tokens.refresh_token is None:
                raise SignInNeededError("you are not signed in to Zoho")
            return await self._refresh(subject, tokens)

    async def _refresh(self, subject: str, tokens: TokenSet) -> str:
        assert tokens.refresh_token is not None
        try:
            response = await self.accounts.refresh(tokens.refresh_token)
        except InvalidGrantError:
            if not self.signed_in_users:
                raise  # its message says how to log in again (`zoho-desk-mcp auth login`)
            await self.store.forget_zoho(subject)  # revoked at Zoho: this user's MCP tokens stop working too
            logger.warning("Zoho refused a user's refresh token; they must sign in again")
            raise SignInNeededError("Zoho no longer accepts your sign-in (it was revoked or expired)") from None
        renewed = tokens.updated_with(response, self._clock())
        await self.store.put_zoho(subject, renewed)
        self.refresh_count += 1
        logger.info("refreshed a user's Zoho access token")
        return response.access_token.get_secret_value()


class PerUserAuth(ReplayingAuth):
    """The signed-in user's Zoho token on every request (auth/credentials.ReplayingAuth replays once on a 401
    INVALID_OAUTH with a refreshed one)."""

    def __init__(self, tokens: UserTokens) -> None:
        self.tokens = tokens

    def __repr__(self) -> str:
        return "PerUserAuth()"

    async def token(self) -> str:
        return await self.tokens.get_token(current_subject())

    async def replacement(self, rejected: str) -> str:
        return await self.tokens.get_token(current_subject(), rejected=rejected)
