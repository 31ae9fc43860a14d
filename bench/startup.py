"""Start-up: from launching a stdio server to the answer of `tools/list`, ours beside a bare one-tool MCPServer.

Raw JSON-RPC lines on stdin (initialize, initialized, tools/list), as an MCP host sends them; both servers are
launched alternately in the same run, so the ratio holds on a busy machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .common import ORG, Row, config_home, median, sandbox_process, server_env, stop

BARE_SERVER = Path(__file__).with_name("bare_server.py")
LINE_TIMEOUT = 60.0
HELLO = [
    {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-11-25",
            "capabilities": {},
            "clientInfo": {"name": "bench", "version": "1"},
        },
    },
    {"jsonrpc": "2.0", "method": "notifications/initialized"},
    {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
]


def launch(command: list[str], env: dict[str, str] | None = None, call: dict[str, Any] | None = None) -> float:
    """Seconds from launching `command` to its answer of tools/list; `call` is then made too, and must succeed."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        messages = HELLO + ([{"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": call}] if call else [])
        process.stdin.write(("\n".join(json.dumps(m) for m in messages) + "\n").encode())
        process.stdin.flush()
        elapsed = _answer(process, 2, started)
        if call is not None:
            _answer(process, 3, started)
        return elapsed
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            stop(process)


def _answer(process: subprocess.Popen[bytes], request_id: int, started: float) -> float:
    """Read stdout until the answer to `request_id` (a bounded wait: the process is stopped past the deadline)."""
    assert process.stdout is not None
    while True:
        if time.perf_counter() - started > LINE_TIMEOUT:
            stop(process)
            raise RuntimeError(f"no answer to request {request_id}")
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"the server exited before answering request {request_id}")
        message = json.loads(line)
        if message.get("id") == request_id:
            if "error" in message or message.get("result", {}).get("isError"):
                raise RuntimeError(f"request {request_id} failed: {line[:300]!r}")
            return time.perf_counter() - started


def ours(*args: str) -> list[str]:
    return [sys.executable, "-m", "zoho_desk_mcp", "serve", *args]


def run(quick: bool) -> list[Row]:
    launches = 3 if quick else 9
    bare: list[float] = []
    built_in: list[float] = []
    remote: list[float] = []
    with config_home() as config, sandbox_process() as sandbox:
        env = server_env(config)
        launch(ours("--sandbox-url", sandbox.base_url), env)  # stores a token; also warms the OS file cache
        launch(ours("--sandbox"), env)
        launch([sys.executable, str(BARE_SERVER)], env)
        for _ in range(launches):
            bare.append(launch([sys.executable, str(BARE_SERVER)], env))
            built_in.append(launch(ours("--sandbox"), env))
            remote.append(launch(ours("--sandbox-url", sandbox.base_url), env))
    floor = median(bare)
    return [
        Row("start-up", "bare MCPServer, one tool: launch → tools/list (the SDK's floor)", f"{floor:.2f} s", "-", None),
        _row("serve --sandbox-url (token in the store, as against Zoho)", median(remote), floor),
        _row("serve --sandbox (builds the in-process emulator too)", median(built_in), floor),
    ]


def _row(what: str, seconds: float, floor: float) -> Row:
    ratio = seconds / floor
    return Row(
        "start-up",
        f"{what}: launch → tools/list",
        f"{seconds:.2f} s = {ratio:.2f}x floor",
        "≤ 1.2x and < 1.0 s",
        ratio <= 1.2 and seconds < 1.0,
    )


def restarts(quick: bool) -> list[Row]:
    """Five restarts within the access token's lifetime cost no token request: the token store is shared."""
    with config_home() as config, sandbox_process() as sandbox:
        env = server_env(config)
        call = {"name": "list_tickets", "arguments": {"organization": ORG, "limit": 1}}
        launch(ours("--sandbox-url", sandbox.base_url), env, call)
        first = sandbox.stats()["tokens"]["accessIssued"]
        for _ in range(5):
            launch(ours("--sandbox-url", sandbox.base_url), env, call)
        extra = sandbox.stats()["tokens"]["accessIssued"] - first
    return [
        Row(
            "tokens",
            "token refreshes over five server restarts within the token's lifetime",
            f"{extra} extra (first start: {first})",
            "0 extra",
            extra == 0,
        )
    ]
