"""A server process on real stdio, driven with raw JSON-RPC lines as an MCP host sends them, and read from /proc.

The driver is deliberately thin (one `json.dumps`, one `readline`, one `json.loads` per call), so a figure taken
through it is the server's, not a client library's. CPU and memory are the child's own, read from /proc/<pid>.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .common import stop

LINE_TIMEOUT = 120.0
TICKS = os.sysconf("SC_CLK_TCK")
PROTOCOL = "2025-11-25"


def ours(*args: str) -> list[str]:
    return [sys.executable, "-m", "zoho_desk_mcp", "serve", *args]


def initialize(request_id: int = 1) -> dict[str, Any]:
    params = {"protocolVersion": PROTOCOL, "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}
    return {"jsonrpc": "2.0", "id": request_id, "method": "initialize", "params": params}


INITIALIZED = {"jsonrpc": "2.0", "method": "notifications/initialized"}


class StdioServer:
    """One `zoho-desk-mcp serve` (or any MCP server command) on pipes; `call` returns the tool's result object."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
        )
        self.next_id = 10
        self.send(initialize())
        self.answer(1)
        self.send(INITIALIZED)

    @property
    def pid(self) -> int:
        return self.process.pid

    def send(self, message: dict[str, Any] | bytes) -> None:
        """One JSON-RPC line; bytes are sent as they are (a 28 MB line encoded before the clock starts)."""
        assert self.process.stdin is not None
        self.process.stdin.write(message if isinstance(message, bytes) else json.dumps(message).encode() + b"\n")
        self.process.stdin.flush()

    def answer(self, request_id: int) -> dict[str, Any]:
        """Lines until the answer to `request_id` (notifications in between are skipped); bounded by a deadline."""
        assert self.process.stdout is not None
        deadline = time.monotonic() + LINE_TIMEOUT
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError(f"the server exited before answering request {request_id}")
            message = json.loads(line)
            if message.get("id") == request_id:
                if "error" in message:
                    raise RuntimeError(f"request {request_id} failed: {line[:300]!r}")
                return dict(message["result"])
        stop(self.process)
        raise RuntimeError(f"no answer to request {request_id} within {LINE_TIMEOUT:.0f} s")

    def request(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.answer(self.next_id)

    def call_line(self, name: str, arguments: dict[str, Any]) -> tuple[int, bytes]:
        """A tools/call as the bytes of one line, and its request ID: encode now, `send` and `answer` later."""
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": self.next_id, "method": "tools/call", "params": {"name": name,
                   "arguments": arguments}}  # fmt: skip
        return self.next_id, json.dumps(message).encode() + b"\n"

    def call(self, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
        result = self.request("tools/call", {"name": name, "arguments": arguments})
        if result.get("isError"):
            raise RuntimeError(f"{name} failed: {str(result.get('content'))[:300]}")
        return result

    def cpu(self) -> float:
        return cpu_seconds(self.pid)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            stop(self.process)

    def __enter__(self) -> StdioServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (/proc/<pid>/stat fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def status_bytes(pid: int | str, field: str) -> int:
    """A memory figure of /proc/<pid>/status (VmRSS, VmHWM), in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"{field} not in /proc/{pid}/status")


def reset_peak(pid: int | str) -> None:
    """Set the process's peak resident set (VmHWM) back to its current size (Linux `clear_refs` 5)."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")
