"""`--users zoho`: users sign in through the SDK's own OAuth client, and every tool call acts as them."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.server.users.pages import BROWSER_COOKIE

from .team_support import (
    CLIENT_REDIRECT,
    PUBLIC_URL,
    Browser,
    User,
    hidden_inputs,
    httpx2_client,
    replica,
    shared_prefix,
    team_settings,
)

JANE = "jane@acme.com"


async def test_a_user_signs_in_and_the_server_acts_as_them(sandbox: Sandbox) -> None:
    jane = User(JANE, sandbox)
    async with replica("A", sandbox, shared_prefix()) as a, jane.client(a) as client:
        me = await client.read_resource("zohodesk://me")
    agent = json.loads(me.contents[0].text)  # type: ignore[union-attr]
    jane_record = next(x for x in sandbox.store.first_org().agents.values() if x["emailId"] == JANE)
    assert agent == {"id": jane_record["id"], "name": agent["name"], "email": JANE}
    assert jane.browser is not None and jane.browser.consent_pages == 1


async def test_the_server_publishes_its_metadata_and_refuses_mcp_requests_without_a_token(sandbox: Sandbox) -> None:
    async with (
        replica("A", sandbox, shared_prefix()) as a,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=a.app), base_url=PUBLIC_URL) as http,
    ):
        resource = (await http.get("/.well-known/oauth-protected-resource/mcp")).json()
        server = (await http.get("/.well-known/oauth-authorization-server")).json()
        bare = await http.post("/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
    assert resource["resource"] == f"{PUBLIC_URL}/mcp" and resource["authorization_servers"] == [PUBLIC_URL]
    assert server["code_challenge_methods_supported"] == ["S256"]
    assert server["registration_endpoint"] == f"{PUBLIC_URL}/register"
    assert bare.status_code == 401
    assert "resource_metadata=" in bare.headers["www-authenticate"]


async def test_a_user_who_denies_the_client_sends_it_access_denied(sandbox: Sandbox) -> None:
    jane = User(JANE, sandbox)
    async with replica("A", sandbox, shared_prefix()) as a:
        provider = jane.oauth(a)
        assert jane.browser is not None
        jane.browser.decision = "deny"
        with pytest.raises(Exception):  # noqa: B017 - the SDK client gives up without a code
            async with httpx2_client(a, provider) as http:
                await http.post(f"{PUBLIC_URL}/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
    assert jane.browser.result["error"] == "access_denied"
    assert jane.storage.tokens is None


async def test_the_audit_log_names_the_user_who_wrote(sandbox: Sandbox, tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    jane = User(JANE, sandbox)
    ticket = next(iter(sandbox.store.first_org().tickets.values()))
    async with (
        replica("A", sandbox, shared_prefix(), team_settings(audit_log=str(log))) as a,
        jane.client(a) as client,
    ):
        arguments = {"ticket": ticket["id"], "content": "checked", "organization": "Acme Support"}
        result = await client.call_tool("add_ticket_comment", arguments)
    assert not result.is_error, result.content
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(r["tool"], r["user"]) for r in records] == [("add_ticket_comment", JANE)]


async def test_a_browser_that_approved_a_client_once_is_not_asked_again(sandbox: Sandbox) -> None:
    jane = User(JANE, sandbox)
    async with replica("A", sandbox, shared_prefix()) as a:
        first = Browser(a, sandbox, JANE)
        async with jane.client(a, first) as client:
            await client.list_tools()
        jane.storage.tokens = None  # the client lost its tokens: it signs in again with the same registration
        again = Browser(a, sandbox, JANE)
        again.http.cookies = first.http.cookies  # the same browser
        async with jane.client(a, again) as client:
            tools = await client.list_tools()
    assert tools.tools
    assert (first.consent_pages, again.consent_pages) == (1, 0)


async def test_signing_in_again_retires_the_users_previous_zoho_sign_in(sandbox: Sandbox) -> None:
    async with replica("A", sandbox, shared_prefix()) as a:
        for _ in range(2):
            async with User(JANE, sandbox).client(a) as client:  # two MCP clients (a laptop, a desktop)
                await client.list_tools()
        async with User(JANE, sandbox).client(a) as client:
            me = await client.read_resource("zohodesk://me")
    grants = [g for g in sandbox.store.refresh_grants.values() if g.owner_email == JANE]
    assert [g.revoked for g in grants] == [True, True, False]
    assert json.loads(me.contents[0].text)["email"] == JANE  # type: ignore[union-attr]


async def test_a_stateful_replica_serves_a_legacy_session_as_its_user(sandbox: Sandbox) -> None:
    jane = User(JANE, sandbox)
    settings = team_settings(stateless=False)
    async with (
        replica("A", sandbox, shared_prefix(), settings) as a, httpx2_client(a, jane.oauth(a)) as http,
        Client(streamable_http_client(f"{PUBLIC_URL}/mcp", http_client=http), mode="legacy") as client,
    ):
        me = [await client.read_resource("zohodesk://me") for _ in range(2)]
    assert {json.loads(m.contents[0].text)["email"] for m in me} == {JANE}  # type: ignore[union-attr]


async def test_a_consent_form_not_from_this_browsers_page_is_refused(sandbox: Sandbox) -> None:
    jane = User(JANE, sandbox)
    async with replica("A", sandbox, shared_prefix()) as a:
        victim, attacker = Browser(a, sandbox, JANE), Browser(a, sandbox, JANE)
        forged: dict[str, str] = {}

        async def capture(url: str) -> None:  # the attacker opens the consent page, then makes the victim post it
            page = await attacker.http.get(url)
            consent = await attacker.http.get(page.headers["location"])
            forged.update(hidden_inputs(consent.text))

        provider = jane.oauth(a)
        provider.context.redirect_handler = capture
        with pytest.raises(Exception):  # noqa: B017 - the flow stops: no code comes back
            async with httpx2_client(a, provider) as http:
                await http.post(f"{PUBLIC_URL}/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
        no_cookie = await victim.http.post("/consent", data={**forged, "decision": "approve"})
        victim.http.cookies.set(BROWSER_COOKIE, "the-victims-own-cookie")
        other_cookie = await victim.http.post("/consent", data={**forged, "decision": "approve"})
        unknown = await victim.http.post("/consent", data={**forged, "request": "nope", "decision": "approve"})
    assert (no_cookie.status_code, other_cookie.status_code, unknown.status_code) == (403, 403, 400)
    assert "location" not in no_cookie.headers and "location" not in other_cookie.headers


async def test_a_zoho_sign_in_link_started_in_another_browser_does_not_finish_in_yours(sandbox: Sandbox) -> None:
    async with replica("A", sandbox, shared_prefix()) as a:
        attacker, victim = Browser(a, sandbox, "raj@acme.com"), Browser(a, sandbox, JANE)
        client = (await attacker.http.post("/register", json={"redirect_uris": [CLIENT_REDIRECT]})).json()
        query = {"response_type": "code", "client_id": client["client_id"], "redirect_uri": CLIENT_REDIRECT,
                 "code_challenge": "x" * 43, "code_challenge_method": "S256", "state": "s", "login_hint": JANE}
        started = await attacker.http.get(f"/authorize?{urlencode(query)}")
        consent = await attacker.http.get(started.headers["location"])
        approved = await attacker.http.post("/consent", data={**hidden_inputs(consent.text), "decision": "approve"})
        zoho = await victim.http.get(approved.headers["location"])  # the attacker sent the victim this link
        callback = await victim.http.get(zoho.headers["location"])
    assert approved.status_code == 303 and zoho.status_code == 302
    assert callback.status_code == 403 and "location" not in callback.headers
