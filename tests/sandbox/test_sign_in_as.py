"""`login_hint` on /oauth/v2/auth: the agent who signs in owns the code and its tokens, and is the author of what
they write (myinfo, comments, replies, history), in the organizations where they are an active agent."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from zoho_desk_mcp.sandbox import Sandbox, SandboxTransport
from zoho_desk_mcp.sandbox.store import OrgData

from .support import BASE_URL
from .test_accounts import REDIRECT, authorize, code_from, exchange, refresh
from .test_replies import reply_body

JANE = "jane@acme.com"


async def signed_in(http: httpx.AsyncClient, email: str) -> dict[str, Any]:
    """The token answer after `email` signs in through the authorize page."""
    code = await code_from(http, login_hint=email, scope="Desk.tickets.ALL,Desk.basic.READ,Desk.search.READ")
    body: dict[str, Any] = (await exchange(http, code)).json()
    return body


def desk_for(sandbox: Sandbox, token: str, org_id: str) -> httpx.AsyncClient:
    headers = {"Authorization": f"Zoho-oauthtoken {token}", "orgId": org_id}
    return httpx.AsyncClient(transport=SandboxTransport(sandbox.app), base_url=f"{BASE_URL}/api/v1", headers=headers)


async def test_myinfo_names_the_agent_who_signed_in_with_a_login_hint(
    sandbox: Sandbox, http: httpx.AsyncClient, org: OrgData
) -> None:
    tokens = await signed_in(http, "Jane@Acme.com")
    async with desk_for(sandbox, tokens["access_token"], org.id) as desk:
        me = (await desk.get("/myinfo")).json()
    assert me["emailId"] == JANE


async def test_tokens_refreshed_from_a_signed_in_agents_grant_stay_that_agents(
    sandbox: Sandbox, http: httpx.AsyncClient, org: OrgData
) -> None:
    tokens = await signed_in(http, JANE)
    renewed = (await refresh(http, tokens["refresh_token"])).json()["access_token"]
    async with desk_for(sandbox, renewed, org.id) as desk:
        assert (await desk.get("/myinfo")).json()["emailId"] == JANE


async def test_a_signed_in_agent_reaches_only_the_organizations_they_belong_to(
    sandbox: Sandbox, http: httpx.AsyncClient, org: OrgData
) -> None:
    tokens = await signed_in(http, JANE)
    other = next(o for o in sandbox.store.orgs.values() if o.id != org.id)
    async with desk_for(sandbox, tokens["access_token"], org.id) as desk:
        listed = (await desk.get("/organizations")).json()["data"]
        refused = await desk.get(f"/organizations/{other.id}")
    assert [o["id"] for o in listed] == [org.id]
    assert refused.status_code >= 400


async def test_comments_replies_and_history_record_the_signed_in_agent(
    sandbox: Sandbox, http: httpx.AsyncClient, org: OrgData
) -> None:
    tokens = await signed_in(http, JANE)
    ticket = next(iter(org.tickets.values()))
    async with desk_for(sandbox, tokens["access_token"], org.id) as desk:
        jane = (await desk.get("/myinfo")).json()
        comment = await desk.post(f"/tickets/{ticket['id']}/comments", json={"content": "mine", "isPublic": False})
        reply = await desk.post(f"/tickets/{ticket['id']}/sendReply", json=reply_body(org, ticket))
        history = (await desk.get(f"/tickets/{ticket['id']}/History")).json()["data"]
    assert comment.status_code == 200, comment.text
    assert reply.status_code == 200, reply.text
    assert comment.json()["commenter"]["email"] == JANE
    assert reply.json()["author"]["email"] == JANE
    newest = [e for e in history if e["eventName"] in ("CommentAdded", "ThreadAdded")]
    assert newest and all(e["actor"]["id"] == jane["id"] for e in newest[:2])


async def test_without_a_login_hint_the_default_owner_signs_in_as_before(
    sandbox: Sandbox, http: httpx.AsyncClient, org: OrgData
) -> None:
    tokens = (await exchange(http, await code_from(http, scope="Desk.basic.READ"))).json()
    async with desk_for(sandbox, tokens["access_token"], org.id) as desk:
        assert (await desk.get("/myinfo")).json()["emailId"] == sandbox.store.default_owner_email()


async def test_a_login_hint_nobody_can_sign_in_with_is_turned_down_at_the_redirect(http: httpx.AsyncClient) -> None:
    response = await authorize(http, login_hint="nobody@nowhere.example")
    query = parse_qs(urlsplit(response.headers["location"]).query)
    assert response.status_code == 302 and response.headers["location"].startswith(REDIRECT)
    assert query == {"state": ["s-123"], "error": ["access_denied"]}
