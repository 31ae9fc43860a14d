"""Real processes: two `serve --users zoho --stateless` replicas on one Redis and a sandbox process; a user signs
in on A over HTTP, A is killed (SIGKILL), and B goes on serving them with the same token."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from ..conftest import RunningSandbox, free_port, wait_until_serving
from ..state.conftest import REDIS_URL
from .team_support import STATE_KEY, shared_prefix

CALLBACK = "http://127.0.0.1:9/callback"  # read from the redirect, never visited
JANE = "jane@acme.com"


@contextmanager
def replicas(sandbox: RunningSandbox, tmp_path: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Two server processes; the first one's URL is the public URL of both."""
    assert REDIS_URL is not None
    ports = [free_port(), free_port()]
    env = {
        **os.environ, "PYTHONUNBUFFERED": "1", "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
        "ZOHO_DESK_STATE_URL": REDIS_URL, "ZOHO_DESK_STATE_KEY": STATE_KEY,
        "ZOHO_DESK_PUBLIC_URL": f"http://127.0.0.1:{ports[0]}",
    }
    with ExitStack() as stack:
        processes = []
        for port in ports:
            log = tmp_path / f"serve-{port}.txt"
            command = [sys.executable, "-m", "zoho_desk_mcp", "serve", "--transport", "http", "--port", str(port),
                       "--users", "zoho", "--stateless", "--sandbox-url", sandbox.base_url]
            with log.open("w") as stderr:
                process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, env=env, cwd=tmp_path)
            stack.callback(stopped, process)
            wait_until_serving(f"http://127.0.0.1:{port}/health", process, log)
            processes.append(process)
        yield processes


def stopped(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
    process.wait(timeout=10)


def url_of(process: subprocess.Popen[bytes]) -> str:
    args = process.args
    assert isinstance(args, list)
    return f"http://127.0.0.1:{args[args.index('--port') + 1]}"


def sign_in(public: str, email: str) -> str:
    """What an MCP client and its user's browser do: register, PKCE, consent, Zoho's sign-in, the code exchange."""
    with httpx.Client(base_url=public, timeout=30) as http:
        client = http.post("/register", json={
            "redirect_uris": [CALLBACK], "client_name": "process test", "token_endpoint_auth_method":
            "client_secret_post", "grant_types": ["authorization_code", "refresh_token"],
        }).raise_for_status().json()
        verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
        query = {"response_type": "code", "client_id": client["client_id"], "redirect_uri": CALLBACK,
                 "code_challenge": challenge, "code_challenge_method": "S256", "state": "s", "login_hint": email}
        response = http.get(f"/authorize?{urlencode(query)}")
        for _ in range(10):
            if response.status_code == 200:
                form = {k: unescape(v) for k, v in re.findall(r"name='([^']+)' value='([^']*)'", response.text)}
                response = http.post("/consent", data={**form, "decision": "approve"})
                continue
            location = response.headers["location"]
            if location.startswith(CALLBACK):
                break
            response = http.get(location)
        code = parse_qs(urlsplit(location).query)["code"][0]
        token = http.post("/token", data={
            "grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK, "code_verifier": verifier,
            "client_id": client["client_id"], "client_secret": client["client_secret"],
        }).raise_for_status().json()
    return str(token["access_token"])


async def test_a_killed_replica_loses_no_one(sandbox_server: RunningSandbox, tmp_path: Path) -> None:
    shared_prefix()  # skips (or fails under CI) without a Redis
    with replicas(sandbox_server, tmp_path) as (a, b):
        token = sign_in(url_of(a), JANE)
        a.kill()  # no shutdown, no goodbye
        a.wait(timeout=10)
        headers = {"Authorization": f"Bearer {token}"}
        async with (
            httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(30)) as http,
            Client(streamable_http_client(f"{url_of(b)}/mcp", http_client=http)) as client,
        ):
            me = await client.read_resource("zohodesk://me")
            tickets = await client.call_tool("list_tickets", {"organization": "Acme Support", "limit": 1})
    assert json.loads(me.contents[0].text)["email"] == JANE  # type: ignore[union-attr]
    assert not tickets.is_error
