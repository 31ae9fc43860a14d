"""Two replicas on one Redis: a sign-in on one works on the other, a token refresh happens once per user across
both, a replica can die without losing anyone, and a revoked Zoho sign-in is refused until the user signs in again."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from mcp.shared.auth import OAuthToken

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.accounts import revoke_refresh_token
from zoho_desk_mcp.sandbox.store import RefreshGrant

from .team_support import PUBLIC_URL, User, replica, shared_prefix

JANE, RAJ = "jane@acme.com", "raj@acme.com"
ACME = {"organization": "Acme Support"}


def grant_of(sandbox: Sandbox, email: str) -> tuple[str, RefreshGrant]:
    """The user's Zoho refresh token in the sandbox (the one our server holds for them)."""
    found = [(t, g) for t, g in sandbox.store.refresh_grants.items() if g.owner_email == email and not g.revoked]
    assert len(found) == 1, found
    return found[0]


async def signed_in(user: User, via: Any) -> None:
    async with user.client(via) as client:
        await client.list_tools()


async def test_users_signed_in_on_one_replica_act_as_themselves_through_the_other(sandbox: Sandbox) -> None:
    prefix = shared_prefix()
    jane, raj = User(JANE, sandbox), User(RAJ, sandbox)
    ticket = next(iter(sandbox.store.first_org().tickets.values()))
    async with replica("A", sandbox, prefix) as a, replica("B", sandbox, prefix) as b:
        await signed_in(jane, a)
        await signed_in(raj, a)
        for user in (jane, raj):
            async with user.client(b) as client:
                arguments = {**ACME, "ticket": ticket["id"], "content": f"note by {user.email}"}
                result = await client.call_tool("add_ticket_comment", arguments)
                assert not result.is_error, result.content
    comments = sandbox.store.first_org().comments[ticket["id"]]
    authors = {c["content"]: c["commenter"]["email"] for c in comments if c["content"].startswith("note")}
    assert authors == {f"note by {JANE}": JANE, f"note by {RAJ}": RAJ}
    assert jane.browser is not None and jane.browser.consent_pages == 0  # signing in happened on A only


async def test_expired_zoho_tokens_are_refreshed_once_per_user_under_fifty_calls_over_both_replicas(
    sandbox: Sandbox,
) -> None:
    prefix = shared_prefix()
    clock = sandbox.store.clock.now  # our replicas and the sandbox agree on the time, which the test moves
    options: dict[str, Any] = {"clock": clock, "access_seconds": 30 * 86400}
    users = [User(JANE, sandbox), User(RAJ, sandbox)]
    async with replica("A", sandbox, prefix, **options) as a, replica("B", sandbox, prefix, **options) as b:
        for user in users:
            await signed_in(user, a)
        sandbox.store.clock.offset += 3700  # every Zoho access token has expired, at Zoho and for us
        async with (
            users[0].client(a) as jane_a, users[0].client(b) as jane_b,
            users[1].client(a) as raj_a, users[1].client(b) as raj_b,
        ):
            clients = [jane_a, raj_b, raj_a, jane_b]
            calls = [clients[i % 4].call_tool("list_tickets", {**ACME, "limit": 1}) for i in range(50)]
            results = await asyncio.gather(*calls)
    assert not any(r.is_error for r in results), [r.content for r in results if r.is_error][:1]
    for email in (JANE, RAJ):
        assert len(grant_of(sandbox, email)[1].token_requests) == 1, email
    assert a.team.tokens is not None and b.team.tokens is not None


async def test_a_replica_that_dies_loses_no_one(sandbox: Sandbox) -> None:
    prefix = shared_prefix()
    jane = User(JANE, sandbox)
    async with replica("B", sandbox, prefix) as b:
        async with replica("A", sandbox, prefix) as a:
            await signed_in(jane, a)
            await a.stop()
        assert jane.storage.tokens is not None
        async with jane.client(b) as client:
            first = await client.call_tool("list_tickets", {**ACME, "limit": 1})
        refreshed = await refresh_through(b, jane)  # the MCP refresh token A issued works on B
        jane.storage.tokens = OAuthToken.model_validate(refreshed)
        async with jane.client(b) as client:
            second = await client.call_tool("list_tickets", {**ACME, "limit": 1})
    assert not first.is_error and not second.is_error
    assert jane.browser is not None and jane.browser.consent_pages == 0  # no new sign-in was needed


async def refresh_through(via: Any, user: User) -> dict[str, Any]:
    """The refresh grant, as the user's MCP client sends it (client credentials in the form)."""
    assert user.storage.tokens is not None and user.storage.client is not None
    form = {
        "grant_type": "refresh_token", "refresh_token": user.storage.tokens.refresh_token or "",
        "client_id": user.storage.client.client_id or "", "client_secret": user.storage.client.client_secret or "",
    }
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=via.app), base_url=PUBLIC_URL) as http:
        response = await http.post("/token", data=form)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["access_token"] != user.storage.tokens.access_token
    return body


async def test_a_revoked_zoho_sign_in_gets_401_and_a_fresh_sign_in_works(sandbox: Sandbox) -> None:
    prefix = shared_prefix()
    jane = User(JANE, sandbox)
    async with replica("A", sandbox, prefix) as a, replica("B", sandbox, prefix) as b:
        await signed_in(jane, a)
        revoke_refresh_token(sandbox.store, grant_of(sandbox, JANE)[0])  # e.g. an admin removed the connection
        async with jane.client(b) as client:
            refused = await client.call_tool("list_tickets", {**ACME, "limit": 1})
        assert jane.storage.tokens is not None
        bearer = {"Authorization": f"Bearer {jane.storage.tokens.access_token}"}
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=a.app), base_url=PUBLIC_URL) as http:
            after = await http.post("/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, headers=bearer)
        async with jane.client(b) as client:  # the SDK's client signs in again by itself
            again = await client.call_tool("list_tickets", {**ACME, "limit": 1})
    assert refused.is_error and "sign in" in refused.content[0].text  # type: ignore[union-attr]
    assert after.status_code == 401 and after.headers["www-authenticate"].startswith("Bearer ")
    assert not again.is_error
    assert jane.browser is not None and jane.browser.consent_pages == 1  # a new browser: it asks once more
