"""Replicas (`--users zoho --stateless` on one Redis): Zoho refreshes per user when every access token expires
under calls spread over two replicas, and calls per second through two replicas against one.

Everything runs on loopback: a `redis-server` (ZOHO_DESK_TEST_REDIS_URL's, or one started here), a sandbox
process and two server processes, each stopped here by its own handle. Users sign in over HTTP the way an MCP
client does (registration, PKCE, our consent page, the sandbox's sign-in with `login_hint`). Run it alone with
`python -m bench.replicas [--quick]`.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import AsyncExitStack, ExitStack, contextmanager
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from .common import ORG, Row, free_port, render, sandbox_process, stop, wait_until_serving

USERS = ("jane@acme.com", "raj@acme.com", "maria@acme.com")
CALLBACK = "http://127.0.0.1:9/callback"  # never reached: the redirect is read, not followed
STATE_KEY = secrets.token_urlsafe(32)


@contextmanager
def redis_url() -> Iterator[str | None]:
    """The test Redis when configured, else a `redis-server` started here, else None (not measured)."""
    if os.environ.get("ZOHO_DESK_TEST_REDIS_URL"):
        yield os.environ["ZOHO_DESK_TEST_REDIS_URL"]
        return
    binary = shutil.which("redis-server")
    if binary is None:
        yield None
        return
    port = free_port()
    args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout.strip() != b"PONG":
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)


@contextmanager
def replicas(sandbox_url: str, state_url: str, count: int) -> Iterator[list[str]]:
    """`count` server processes sharing one Redis; the first one's URL is the public URL of all of them."""
    ports = [free_port() for _ in range(count)]
    env = {
        **os.environ, "PYTHONUNBUFFERED": "1", "ZOHO_DESK_STATE_URL": state_url, "ZOHO_DESK_STATE_KEY": STATE_KEY,
        "ZOHO_DESK_PUBLIC_URL": f"http://127.0.0.1:{ports[0]}", "ZOHO_DESK_AUDIT_LOG": os.devnull,
    }
    with ExitStack() as stack:
        urls = []
        for port in ports:
            command = [sys.executable, "-m", "zoho_desk_mcp", "serve", "--transport", "http", "--port", str(port),
                       "--users", "zoho", "--stateless", "--sandbox-url", sandbox_url]
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            stack.callback(stop, process)
            urls.append(f"http://127.0.0.1:{port}")
            wait_until_serving(f"{urls[-1]}/health", process)
        yield urls


async def sign_in(public: str, email: str) -> str:
    """An MCP access token for `email`: register, authorize with PKCE, approve, sign in at the sandbox, exchange."""
    async with httpx.AsyncClient(base_url=public, timeout=30) as http:
        client = (await http.post("/register", json={
            "redirect_uris": [CALLBACK], "client_name": f"bench {email}", "token_endpoint_auth_method":
            "client_secret_post", "grant_types": ["authorization_code", "refresh_token"],
        })).raise_for_status().json()
        verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
        query = {"response_type": "code", "client_id": client["client_id"], "redirect_uri": CALLBACK,
                 "code_challenge": challenge, "code_challenge_method": "S256", "state": "s", "login_hint": email}
        response = await http.get(f"/authorize?{urlencode(query)}")
        for _ in range(10):
            if response.status_code == 200:  # the consent page
                form = dict(re.findall(r"name='([^']+)' value='([^']*)'", response.text))
                form = {k: unescape(v) for k, v in form.items()} | {"decision": "approve"}
                response = await http.post("/consent", data=form)
                continue
            location = response.headers["location"]
            if location.startswith(CALLBACK):
                break
            response = await http.get(location)
        code = parse_qs(urlsplit(location).query)["code"][0]
        token = (await http.post("/token", data={
            "grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK, "code_verifier": verifier,
            "client_id": client["client_id"], "client_secret": client["client_secret"],
        })).raise_for_status().json()
        return str(token["access_token"])


async def open_clients(stack: AsyncExitStack, urls: list[str], tokens: list[str], per: int) -> list[Client]:
    """`per` MCP clients for each user, spread over the replicas in turn."""
    clients = []
    for i in range(per * len(tokens)):
        headers = {"Authorization": f"Bearer {tokens[i % len(tokens)]}"}
        http = await stack.enter_async_context(httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(60)))
        url = f"{urls[i % len(urls)]}/mcp"
        clients.append(await stack.enter_async_context(Client(streamable_http_client(url, http_client=http))))
    return clients


async def calls_per_second(urls: list[str], tokens: list[str], seconds: float) -> float:
    async with AsyncExitStack() as stack:
        clients = await open_clients(stack, urls, tokens, per=4)
        done, deadline = 0, time.monotonic() + seconds

        async def worker(client: Client) -> None:
            nonlocal done
            while time.monotonic() < deadline:
                result = await client.call_tool("list_tickets", {"organization": ORG, "limit": 5})
                done += not result.is_error

        started = time.monotonic()
        await asyncio.gather(*(worker(c) for c in clients))
        return done / (time.monotonic() - started)


async def refreshes_per_user(sandbox: Any, urls: list[str], tokens: list[str]) -> tuple[float, int]:
    async with AsyncExitStack() as stack:
        clients = await open_clients(stack, urls, tokens, per=2)
        await asyncio.gather(*(c.call_tool("list_tickets", {"organization": ORG, "limit": 1}) for c in clients))
        before = sandbox.stats()["tokens"]["accessIssued"]
        sandbox.faults(expireAccessTokens=True)  # every user's Zoho access token dies at once
        calls = [clients[i % len(clients)].call_tool("list_tickets", {"organization": ORG, "limit": 1})
                 for i in range(50)]
        failed = sum(r.is_error for r in await asyncio.gather(*calls))
        return (sandbox.stats()["tokens"]["accessIssued"] - before) / len(tokens), failed


async def measure(sandbox: Any, state_url: str, quick: bool) -> list[Row]:
    seconds = 3.0 if quick else 10.0
    sandbox.faults(concurrencyLimit=1000)
    with replicas(sandbox.base_url, state_url, 2) as urls:
        tokens = [await sign_in(urls[0], email) for email in USERS]
        per_user, failed = await refreshes_per_user(sandbox, urls, tokens)
        one = await calls_per_second(urls[:1], tokens, seconds)
        two = await calls_per_second(urls, tokens, seconds)
    return [
        Row("replicas", f"Zoho refreshes per user, 50 calls over 2 replicas across an expiry ({len(USERS)} users)",
            f"{per_user:.2f} ({failed} calls failed)", "1", per_user == 1 and failed == 0),
        Row("replicas", "calls/s through 2 replicas vs 1 (list_tickets, 12 clients)",
            f"{two:.0f} vs {one:.0f} ({two / one:.2f}x)", "-", None,
            note="on one machine the replicas, the sandbox and Redis share its cores"),
    ]


def run(quick: bool) -> list[Row]:
    with redis_url() as state_url, sandbox_process() as sandbox:
        if state_url is None:
            return [Row("replicas", "replica figures", "not measured: no redis-server", "-", None)]
        return asyncio.run(measure(sandbox, state_url, quick))


if __name__ == "__main__":
    print(render(run("--quick" in sys.argv)))
