"""Two processes share one token store and a sandbox on loopback: the file lock allows one refresh."""

from __future__ import annotations

import asyncio
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from pydantic import SecretStr

from zoho_desk_mcp.auth import TokenSet, TokenStore, sandbox_datacenter
from zoho_desk_mcp.sandbox import Sandbox

# Each worker loads the (expired) stored set, says "ready", waits for "go" on stdin, then asks for a token.
WORKER = r"""
import asyncio, hashlib, sys
import httpx
from pydantic import SecretStr
from zoho_desk_mcp.auth import AccountsClient, TokenStore, ZohoCredentials, sandbox_datacenter

async def main(base, store_dir):
    async with httpx.AsyncClient(trust_env=False, timeout=10) as http:
        dc = sandbox_datacenter(base)
        accounts = AccountsClient(http, dc, "sandbox-client", SecretStr("sandbox-secret"))
        credentials = ZohoCredentials(accounts, store=TokenStore(store_dir, lock_timeout=20))
        print("ready", credentials.token_state.value, flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        token = await credentials.get_token()
        print("token", hashlib.sha256(token.encode()).hexdigest(), flush=True)

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


@pytest.fixture
def served_sandbox() -> Iterator[str]:
    """The sandbox under uvicorn on a free loopback port (the socket is bound before the thread starts)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    server = uvicorn.Server(
        uvicorn.Config(Sandbox().app, log_level="warning", lifespan="off", http="h11", ws="none")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


async def test_two_processes_at_expiry_share_one_refresh_through_the_store(
    served_sandbox: str, tmp_path: Path
):
    store_dir = tmp_path / "tokens"
    accounts_url = sandbox_datacenter(served_sandbox).accounts_url
    TokenStore(store_dir).save(
        accounts_url, "sandbox-client", TokenSet(refresh_token=SecretStr("sandbox-refresh-token"))
    )
    workers = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            WORKER,
            served_sandbox,
            str(store_dir),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        for _ in range(2)
    ]
    try:
        for worker in workers:
            assert worker.stdout is not None
            assert await asyncio.wait_for(worker.stdout.readline(), 30) == b"ready expired\n"
        outputs = await asyncio.wait_for(asyncio.gather(*(w.communicate(b"go\n") for w in workers)), 30)
    finally:
        for worker in workers:
            if worker.returncode is None:
                worker.kill()
                await worker.wait()
    assert [w.returncode for w in workers] == [0, 0]
    hashes = {out.decode().strip() for out, _ in outputs}
    assert len(hashes) == 1 and hashes.pop().startswith("token ")
    async with httpx.AsyncClient(trust_env=False, base_url=served_sandbox, timeout=5) as http:
        stats = (await http.get("/_sandbox/stats")).json()
    assert stats["requests"]["POST /oauth/v2/token"] == 1
    assert stats["tokens"]["accessIssued"] == 1
