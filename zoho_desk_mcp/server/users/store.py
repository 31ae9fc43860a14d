"""Everything `--users zoho` remembers, in the shared state and sealed: MCP clients, consent approvals, pending
sign-ins, authorization codes, MCP access and refresh tokens, and each user's Zoho tokens and profile.

Keys never contain a token: a token is looked up by its SHA-256, so a dump of Redis holds nothing a caller could
present. Every value is encrypted with ZOHO_DESK_STATE_KEY (AES-GCM, bound to its key), the users' Zoho refresh
tokens above all.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, TypeVar

from mcp.server.auth.provider import AccessToken, AuthorizationCode, RefreshToken
from mcp.shared.auth import OAuthClientInformationFull
from pydantic import BaseModel

from ...auth import TokenSet
from ...state import Sealer, SealError, SharedState

Model = TypeVar("Model", bound=BaseModel)
PENDING_SECONDS = 600.0  # from the consent page through Zoho's sign-in back to us
CODE_SECONDS = 300.0
APPROVAL_SECONDS = 365 * 86400.0


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class Pending(BaseModel):
    """One sign-in between our /authorize and Zoho's callback: the MCP client's request, and who it hints at."""

    client_id: str
    redirect_uri: str
    redirect_uri_provided_explicitly: bool
    state: str | None = None
    scopes: list[str] = []
    code_challenge: str
    resource: str | None = None
    login_hint: str | None = None
    browser: str | None = None  # digest of the browser cookie that approved it: only that browser may finish it


class Profile(BaseModel):
    """Who signed in, as Zoho's `GET /myinfo` said: the subject of their MCP tokens is the e-mail."""

    id: str
    name: str
    email: str


class UserStore:
    """Typed, sealed access to the shared state for the sign-in flow and the per-user tokens."""

    def __init__(self, state: SharedState, sealer: Sealer) -> None:
        self.state = state
        self._sealer = sealer

    def __repr__(self) -> str:
        return f"UserStore({self.state!r})"

    async def _put(self, key: str, value: Any, ttl: float | None) -> None:
        raw = value.model_dump_json() if isinstance(value, BaseModel) else json.dumps(value)
        await self.state.set(key, self._sealer.seal(raw.encode(), key), ttl)

    def _open(self, key: str, sealed: bytes | None) -> bytes | None:
        if sealed is None:
            return None
        try:
            return self._sealer.unseal(sealed, key)
        except SealError:  # written under another ZOHO_DESK_STATE_KEY: as good as absent
            return None

    async def _get(self, key: str, model: type[Model], *, pop: bool = False) -> Model | None:
        raw = self._open(key, await (self.state.pop(key) if pop else self.state.get(key)))
        return model.model_validate_json(raw) if raw is not None else None

    async def put_json(self, key: str, value: Any, ttl: float | None) -> None:
        await self._put(key, value, ttl)

    async def get_json(self, key: str) -> Any:
        raw = self._open(key, await self.state.get(key))
        return json.loads(raw) if raw is not None else None

    # -- MCP clients and their one-time approval --
    async def put_client(self, client: OAuthClientInformationFull) -> None:
        await self._put(f"client:{client.client_id}", client, None)

    async def client(self, client_id: str) -> OAuthClientInformationFull | None:
        return await self._get(f"client:{client_id}", OAuthClientInformationFull)

    async def approve(self, client_id: str, browser: str) -> None:
        """This browser (its random cookie) approved this MCP client: the next sign-in goes straight to Zoho."""
        await self.state.set(f"approved:{digest(browser)}:{client_id}", b"1", APPROVAL_SECONDS)

    async def approved(self, client_id: str, browser: str | None) -> bool:
        return bool(browser) and await self.state.get(f"approved:{digest(browser or '')}:{client_id}") is not None

    # -- sign-ins in flight and authorization codes (single use across replicas) --
    async def put_pending(self, key: str, pending: Pending) -> None:
        await self._put(f"pending:{digest(key)}", pending, PENDING_SECONDS)

    async def pending(self, key: str, *, take: bool = False) -> Pending | None:
        return await self._get(f"pending:{digest(key)}", Pending, pop=take)

    async def put_code(self, code: AuthorizationCode) -> None:
        await self._put(f"code:{digest(code.code)}", code, CODE_SECONDS)

    async def code(self, code: str, *, take: bool = False) -> AuthorizationCode | None:
        return await self._get(f"code:{digest(code)}", AuthorizationCode, pop=take)

    # -- MCP tokens --
    async def put_access(self, token: AccessToken, ttl: float) -> None:
        await self._put(f"access:{digest(token.token)}", token, ttl)

    async def access(self, token: str) -> AccessToken | None:
        return await self._get(f"access:{digest(token)}", AccessToken)

    async def put_refresh(self, token: RefreshToken, ttl: float) -> None:
        await self._put(f"refresh:{digest(token.token)}", token, ttl)

    async def refresh(self, token: str, *, take: bool = False) -> RefreshToken | None:
        return await self._get(f"refresh:{digest(token)}", RefreshToken, pop=take)

    async def forget_tokens(self, access: str | None, refresh: str | None) -> None:
        keys = [f"access:{digest(access)}"] if access else []
        await self.state.delete(*keys, *([f"refresh:{digest(refresh)}"] if refresh else []))

    # -- each user's Zoho tokens and profile --
    async def put_zoho(self, subject: str, tokens: TokenSet) -> None:
        await self._put(f"zoho:{digest(subject)}", tokens.to_json(), None)

    async def zoho(self, subject: str) -> TokenSet | None:
        key = f"zoho:{digest(subject)}"
        raw = self._open(key, await self.state.get(key))
        return TokenSet.from_json(json.loads(raw)) if raw is not None else None

    async def forget_zoho(self, subject: str) -> None:
        """After Zoho refused the user's refresh token: every MCP token of theirs stops working with it."""
        await self.state.delete(f"zoho:{digest(subject)}")

    async def put_profile(self, profile: Profile) -> None:
        await self._put(f"profile:{digest(profile.email)}", profile, None)

    async def profile(self, subject: str) -> Profile | None:
        return await self._get(f"profile:{digest(subject)}", Profile)
