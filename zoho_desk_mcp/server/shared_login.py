"""The single-user login when replicas share state (ZOHO_DESK_STATE_URL without `--users zoho`): one Zoho access
token for every replica, kept sealed in the shared state and refreshed once across all of them.

The refresh token comes from ZOHO_REFRESH_TOKEN or this replica's token file, as without shared state; it is
written to the shared state when the state has none, or when ZOHO_REFRESH_TOKEN names another one (a new login).
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from pydantic import SecretStr

from ..auth import AccountsClient, NotLoggedInError, TokenSet, TokenStore, ZohoCredentials
from ..state import Sealer, SharedState, open_state
from .users.store import UserStore
from .users.zoho import UserTokens

SUBJECT = "single-user-login"


def _same(a: SecretStr | None, b: SecretStr | None) -> bool:
    return a is not None and b is not None and hmac.compare_digest(a.get_secret_value(), b.get_secret_value())


class SharedLogin(ZohoCredentials):
    """ZohoCredentials whose tokens live in the shared state (what `ZohoAuth` and start-up need of them)."""

    def __init__(
        self, accounts: AccountsClient, tokens: UserTokens, *, given: SecretStr | None, files: TokenStore | None
    ) -> None:
        super().__init__(accounts)
        self._shared = tokens
        self._given = given
        self._files = files
        self._seeded = False

    def __repr__(self) -> str:
        return f"SharedLogin(datacenter={self.datacenter.code!r})"

    async def _seed(self) -> None:
        if self._seeded:
            return
        store = self._shared.store
        current = await store.zoho(SUBJECT)
        mine = self._given
        if mine is None and self._files is not None:
            stored = self._files.load(self.datacenter.accounts_url, self.accounts.client_id)
            mine = stored.refresh_token if stored is not None else None
        explicit = self._given is not None and (current is None or not _same(current.refresh_token, self._given))
        if mine is not None and (explicit or current is None or current.refresh_token is None):
            await store.put_zoho(SUBJECT, TokenSet(refresh_token=mine))
        elif current is None:
            raise NotLoggedInError(self.datacenter.code)
        self._seeded = True

    async def get_token(self) -> str:
        await self._seed()
        token = await self._shared.get_token(SUBJECT)
        self._tokens = await self._shared.store.zoho(SUBJECT)
        return token

    async def force_refresh(self, rejected_token: str) -> str:
        await self._seed()
        return await self._shared.get_token(SUBJECT, rejected=rejected_token)


@asynccontextmanager
async def shared_login(
    key: SecretStr,
    accounts: AccountsClient,
    *,
    state: SharedState | None,
    url: str | None,
    given: SecretStr | None,
    files: TokenStore | None,
) -> AsyncIterator[SharedLogin]:
    """The shared login over `state` (or a connection to `url`, closed on exit)."""
    owned = state is None
    shared = state if state is not None else open_state(url)
    try:
        tokens = UserTokens(UserStore(shared, Sealer(key.get_secret_value())), accounts, signed_in_users=False)
        yield SharedLogin(accounts, tokens, given=given, files=files)
    finally:
        if owned:
            await shared.close()
