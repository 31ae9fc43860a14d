"""No token, secret or grant code in logs, errors, tool output or reprs; token files are private.

The full run calls every tool (a success and an error each), reads resources, survives an expired access token
(a refresh), exchanges a grant code, then meets a revoked refresh token (an auth error). Everything it produced
is searched for every secret the sandbox issued: it knows them all (store.access_grants, refresh_grants).
"""

from __future__ import annotations

import base64
import json
import logging
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from mcp import Client, MCPError
from pydantic import SecretStr

from zoho_desk_mcp.auth import AccountsClient, AuthError, TokenSet, TokenStore, ZohoAuth, ZohoCredentials
from zoho_desk_mcp.auth.datacenters import sandbox_datacenter
from zoho_desk_mcp.auth.login import exchange_self_client_code
from zoho_desk_mcp.auth.tokens import TokenResponse
from zoho_desk_mcp.client import DeskClient
from zoho_desk_mcp.config import from_environment
from zoho_desk_mcp.sandbox import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Sandbox, SandboxTransport
from zoho_desk_mcp.server import BuiltServer, build_server
from zoho_desk_mcp.tools import ALL_TOOLS, TOOLSETS

from ..conftest import RunningSandbox
from .test_transport import FakeZoho, production_server

ORG = "Acme Support"
FILE = base64.b64encode(b"secret-free bytes").decode()
SUCCESS_CALLS: dict[str, dict[str, Any]] = {
    "create_ticket": {"subject": "Printer on fire", "department": "Billing", "contactEmail": "sec@example.com"},
    "get_ticket": {"ticketId": "101", "include": "contacts,assignee"},
    "list_tickets": {"limit": 5},
    "upload_file": {"fileName": "a.txt", "fileData": FILE},
    "create_ticket_attachment": {"ticket": "101", "fileName": "a.txt", "fileData": FILE},
    "list_options": {"kind": "departments"},
    "list_agents": {"limit": 5},
    "add_agent": {"emailId": "sec.agent@acme.com", "lastName": "Agent", "departments": "Billing"},
    "set_agent_status": {"agents": "tom@acme.com", "status": "DISABLED"},
    "search_tickets": {"text": "invoice"},
    "get_ticket_conversation": {"ticket": "361"},
    "add_ticket_comment": {"ticket": "101", "content": "internal note"},
    "update_ticket": {"ticket": "101", "priority": "High"},
    "move_tickets_to_trash": {"tickets": "102"},
}
ERROR_ARGUMENTS: dict[str, Any] = {
    "organization": "No Such Org",
    "ticket": "#999999",
    "ticketId": "#999999",
    "fileData": "http://169.254.169.254/latest/meta-data/",
    "limit": -5,
}


class Evidence:
    """Everything a run produced that a person or a model could read."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def add(self, value: object) -> None:
        self.texts.append(value if isinstance(value, str) else repr(value))

    def add_result(self, result: Any) -> None:
        self.add(result.model_dump_json())

    def add_logs(self, records: list[logging.LogRecord]) -> None:
        formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
        for record in records:
            self.add(formatter.format(record))  # includes the formatted traceback, if any
            self.add(repr(record.args))
            self.add(repr({k: v for k, v in vars(record).items() if k not in ("msg", "args", "exc_info")}))

    def leaks(self, secrets: set[str]) -> list[tuple[str, str]]:
        found = []
        for text in self.texts:
            for secret in secrets:
                if secret and secret in text:
                    found.append((secret[:6] + "…", text[:200]))
        return found


def secrets_of(sandbox: Sandbox, *extra: str) -> set[str]:
    """Every access and refresh token the sandbox ever issued, the client secret, and any extra values."""
    store = sandbox.store
    return {*store.access_grants, *store.refresh_grants, *store.codes, DEFAULT_CLIENT_SECRET, *extra}


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """DEBUG for every logger, including httpx, httpcore and the MCP SDK's own."""
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "mcp", "zoho_desk_mcp", "uvicorn", "starlette"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


async def control(sandbox: Sandbox, body: dict[str, Any]) -> None:
    async with httpx.AsyncClient(transport=SandboxTransport(sandbox.app), base_url="http://sandbox.test") as http:
        response = await http.post("/_sandbox/faults", json=body)
        response.raise_for_status()


async def call_everything(client: Client, evidence: Evidence) -> None:
    """Every tool twice (a success, an error) and the resources, recording all output."""
    names = sorted(spec.name for spec in ALL_TOOLS)
    for name in names:
        good = {"organization": ORG, **SUCCESS_CALLS.get(name, {})}
        result = await client.call_tool(name, good)
        evidence.add_result(result)
        bad = {**good, **{k: v for k, v in ERROR_ARGUMENTS.items() if k in good or k == "organization"}}
        failed = await client.call_tool(name, bad)
        assert failed.is_error, name
        evidence.add_result(failed)
    for uri in ("zohodesk://organizations", "zohodesk://organizations/700000001/tickets/101"):
        evidence.add((await client.read_resource(uri)).model_dump_json())
    try:
        await client.read_resource("zohodesk://organizations/nope/tickets/1")
    except MCPError as error:
        evidence.add(str(error))


async def test_a_full_run_leaves_no_token_secret_or_code_in_logs_errors_or_output(
    sandbox: Sandbox,
    server: Callable[..., BuiltServer],
    all_logs: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    evidence = Evidence()
    async with Client(server(toolsets=",".join(TOOLSETS)).mcp) as client:
        await call_everything(client, evidence)
        known = secrets_of(sandbox)  # revoking drops the grants from the store: collect them while they live
        await control(sandbox, {"expireAccessTokens": True})  # the next call meets 401 INVALID_OAUTH: a refresh
        refreshed = await client.call_tool("list_tickets", {"organization": ORG, "limit": 1})
        assert not refreshed.is_error
        evidence.add_result(refreshed)
        known |= secrets_of(sandbox)
        await control(sandbox, {"revokeRefreshToken": "*", "expireAccessTokens": True})
        denied = await client.call_tool("list_tickets", {"organization": ORG, "limit": 1})
        assert denied.is_error
        evidence.add_result(denied)
    assert sandbox.store.tokens["accessIssued"] >= 2 and sandbox.store.tokens["revoked"] >= 1
    evidence.add_logs(all_logs.records)
    out, err = capfd.readouterr()
    evidence.add(out)
    evidence.add(err)
    assert any("refreshed the Zoho access token" in t for t in evidence.texts)  # the logs were really captured
    known |= secrets_of(sandbox)
    assert len(known) >= 4  # two access tokens, the refresh token, the client secret
    assert evidence.leaks(known) == []


async def test_a_grant_code_exchange_and_a_bad_code_leave_no_secret_behind(
    sandbox: Sandbox, tmp_path: Path, all_logs: pytest.LogCaptureFixture
) -> None:
    evidence = Evidence()
    dc = sandbox_datacenter("http://127.0.0.1:8001")
    store = TokenStore(tmp_path / "tokens")
    async with httpx.AsyncClient(transport=SandboxTransport(sandbox.app), base_url="http://sandbox.test") as http:
        code = (await http.post("/_sandbox/grant-codes", json={})).json()["code"]
        accounts = AccountsClient(http, dc, DEFAULT_CLIENT_ID, SecretStr(DEFAULT_CLIENT_SECRET))
        result = await exchange_self_client_code(accounts, store, SecretStr(code))
        evidence.add(result)
        with pytest.raises(AuthError) as reused:  # a code works once
            await exchange_self_client_code(accounts, store, SecretStr(code))
        evidence.add(str(reused.value))
        evidence.add(repr(reused.value))
    evidence.add_logs(all_logs.records)
    assert evidence.leaks(secrets_of(sandbox, code)) == []


async def test_in_production_token_files_are_0600_in_a_0700_directory_and_hold_what_logs_never_show(
    sandbox: Sandbox, tmp_path: Path, all_logs: pytest.LogCaptureFixture
) -> None:
    token_dir = tmp_path / "config" / "tokens"
    token_dir.mkdir(parents=True, mode=0o755)
    old_umask = os.umask(0)  # the most permissive umask: the modes must not depend on it
    try:
        fake = FakeZoho(sandbox)
        async with Client(production_server(sandbox, fake, token_dir).mcp) as client:
            assert not (await client.call_tool("list_tickets", {"organization": ORG, "limit": 1})).is_error
    finally:
        os.umask(old_umask)
    files = sorted(token_dir.iterdir())
    assert files and stat.S_IMODE(token_dir.stat().st_mode) == 0o700
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    (token_file,) = [p for p in files if p.suffix == ".json"]
    saved = json.loads(token_file.read_text())["tokens"]
    assert saved["accessToken"] in sandbox.store.access_grants  # the file holds the live token...
    evidence = Evidence()
    evidence.add_logs(all_logs.records)
    assert evidence.leaks(secrets_of(sandbox)) == []  # ...and no log line does


def test_settings_never_show_their_secrets() -> None:
    secrets = ("client-secret-value", "refresh-token-value", "bearer-token-value")
    environ = {
        "ZOHO_CLIENT_ID": "client-id",
        "ZOHO_CLIENT_SECRET": secrets[0],
        "ZOHO_REFRESH_TOKEN": secrets[1],
        "MCP_AUTH_TOKEN": secrets[2],
    }
    settings = from_environment(environ=environ, dotenv_path=None)
    shown = [repr(settings), str(settings), settings.model_dump_json(), repr(settings.model_dump())]
    assert not [s for s in secrets for text in shown if s in text]
    assert settings.client_secret is not None and settings.client_secret.get_secret_value() == secrets[0]


async def test_credentials_clients_and_token_sets_mask_every_secret_in_repr_and_str() -> None:
    secret, refresh, access = "the-client-secret", "the-refresh-token", "the-access-token"
    dc = sandbox_datacenter("http://127.0.0.1:8001")
    tokens = TokenSet(refresh_token=SecretStr(refresh), access_token=SecretStr(access), expires_at=1e12)
    response = TokenResponse(access_token=SecretStr(access), refresh_token=SecretStr(refresh))
    async with httpx.AsyncClient() as http:
        accounts = AccountsClient(http, dc, "client-id", SecretStr(secret))
        credentials = ZohoCredentials(accounts, refresh_token=SecretStr(refresh))
        credentials._tokens, credentials._loaded = tokens, True  # a live token, as after a refresh
        auth = ZohoAuth(credentials)
        desk = DeskClient(dc.desk_url, auth, http=http)
        objects: list[object] = [tokens, response, accounts, credentials, auth, desk, TokenStore("/tmp/x")]
        shown = [f(o) for o in objects for f in (repr, str)] + [repr(vars(accounts)), repr(tokens.model_dump())]
    assert [text for text in shown if secret in text or refresh in text or access in text] == []


async def test_over_a_real_socket_debug_logs_of_httpx_and_httpcore_show_no_token(
    sandbox_server: RunningSandbox, tmp_path: Path, all_logs: pytest.LogCaptureFixture
) -> None:
    settings = from_environment(
        {"sandbox_url": sandbox_server.base_url, "token_dir": tmp_path / "tokens"}, environ={}, dotenv_path=None
    )
    async with Client(build_server(settings).mcp) as client:
        result = await client.call_tool("list_tickets", {"organization": ORG, "limit": 1})
    assert not result.is_error
    (token_file,) = (tmp_path / "tokens").glob("*.json")
    saved = json.loads(token_file.read_text())["tokens"]
    assert any(r.name.startswith("httpcore") for r in all_logs.records)  # the socket layer really logged
    evidence = Evidence()
    evidence.add_logs(all_logs.records)
    evidence.add_result(result)
    assert evidence.leaks({saved["accessToken"], saved["refreshToken"], DEFAULT_CLIENT_SECRET}) == []
