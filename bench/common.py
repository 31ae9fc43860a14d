"""What every benchmark shares: the result rows, the table, percentiles, and the sandbox on loopback or in process.

Everything runs on this machine: an in-process sandbox (`SandboxTransport`) or one `zoho-desk-mcp sandbox`
process on a free loopback port, stopped by its own process ID when the run ends.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from mcp import Client

from zoho_desk_mcp.config import Settings, from_environment
from zoho_desk_mcp.sandbox import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_REFRESH_TOKEN, Sandbox
from zoho_desk_mcp.sandbox import SandboxTransport as SandboxTransport
from zoho_desk_mcp.server import BuiltServer, build_server

ORG = "Acme Support"
STARTUP_SECONDS = 60.0
SANDBOX_BASE = "http://sandbox.test"


@dataclass
class Row:
    """One line of the table: the figure, what was measured, the target, and whether it is met (None: no target)."""

    section: str
    figure: str
    measured: str
    target: str
    met: bool | None
    note: str = ""


def percentile(samples: list[float], share: float) -> float:
    """The `share` quantile (0.5 = median) of the samples, by nearest rank."""
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def kb(size: int) -> str:
    return f"{size / 1024:.1f} KB ({size:,} B)"


def render(rows: list[Row]) -> str:
    """A Markdown table: it reads in a terminal and pastes into docs/operations.md as it is."""
    header = ("area", "figure", "measured", "target", "met")
    lines = [[r.section, r.figure, r.measured, r.target, {True: "yes", False: "NO", None: "-"}[r.met]] for r in rows]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *lines, strict=True)]

    def line(cells: Any) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *(line(c) for c in lines)]
    notes = [f"- {r.figure}: {r.note}" for r in rows if r.note]
    return "\n".join([*out, *(["", *notes] if notes else [])])


# -- in-process: the MCP client in memory -> our server -> our client -> the sandbox as an ASGI app --


def sandbox_settings(**overrides: Any) -> Settings:
    quiet = {"ZOHO_DESK_AUDIT_LOG": os.devnull}  # the audit trail of the benchmark's own writes is not wanted
    return from_environment({"sandbox": True, **overrides}, environ=quiet, dotenv_path=None)


def in_process(sandbox: Sandbox | None = None, **overrides: Any) -> tuple[Sandbox, BuiltServer]:
    sandbox = sandbox or Sandbox()
    return sandbox, build_server(sandbox_settings(**overrides), sandbox=sandbox)


def bare_client(sandbox: Sandbox) -> httpx.AsyncClient:
    """A plain httpx client to the same in-process sandbox: the floor every comparison is made against."""
    return httpx.AsyncClient(transport=SandboxTransport(sandbox.app), base_url=SANDBOX_BASE, timeout=60.0)


async def access_token(http: httpx.AsyncClient) -> str:
    """An access token from the sandbox's default credentials, as any Zoho client would get one."""
    response = await http.post(
        "/oauth/v2/token",
        data={
            "grant_type": "refresh_token",
            "client_id": DEFAULT_CLIENT_ID,
            "client_secret": DEFAULT_CLIENT_SECRET,
            "refresh_token": DEFAULT_REFRESH_TOKEN,
        },
    )
    return str(response.raise_for_status().json()["access_token"])


async def stats(http: httpx.AsyncClient) -> dict[str, Any]:
    response = await http.get("/_sandbox/stats")
    return dict(response.raise_for_status().json())


def api_calls(before: dict[str, Any], after: dict[str, Any]) -> dict[str, int]:
    """The Desk API calls made between two `/_sandbox/stats` readings (token requests are not API calls)."""
    seen = {k: v - before["requests"].get(k, 0) for k, v in after["requests"].items() if "/api/v1/" in k}
    return {k: v for k, v in seen.items() if v}


def refreshes(before: dict[str, Any], after: dict[str, Any]) -> int:
    return int(after["tokens"]["accessIssued"]) - int(before["tokens"]["accessIssued"])


@asynccontextmanager
async def mcp_client(built: BuiltServer) -> Any:
    async with Client(built.mcp) as client:
        yield client


def call_ok(result: Any, what: str) -> Any:
    if result.is_error:
        text = result.content[0].text if result.content else ""
        raise RuntimeError(f"{what} failed: {text[:300]}")
    return result.structured_content


# -- processes on loopback --


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_serving(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.TransportError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"{url} did not come up") from None
            time.sleep(0.05)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a process this benchmark started (by its own handle), waiting a bounded time."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@dataclass
class SandboxProcess:
    """`zoho-desk-mcp sandbox` on a loopback port, with its control endpoints and its process ID (for /proc)."""

    base_url: str
    pid: int = 0

    def reset(self) -> None:
        httpx.post(f"{self.base_url}/_sandbox/reset", timeout=30.0).raise_for_status()

    def faults(self, **body: Any) -> None:
        httpx.post(f"{self.base_url}/_sandbox/faults", json=body, timeout=30.0).raise_for_status()

    def stats(self) -> dict[str, Any]:
        return dict(httpx.get(f"{self.base_url}/_sandbox/stats", timeout=30.0).raise_for_status().json())


@contextmanager
def sandbox_process() -> Iterator[SandboxProcess]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "zoho_desk_mcp", "sandbox", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(f"{base_url}/_sandbox/stats", process)
        yield SandboxProcess(base_url, process.pid)
    finally:
        stop(process)


@contextmanager
def config_home() -> Iterator[Path]:
    """A throw-away XDG_CONFIG_HOME: the token store of the servers this run starts, never the user's."""
    with tempfile.TemporaryDirectory(prefix="zoho-desk-bench-") as directory:
        yield Path(directory)


def server_env(config: Path) -> dict[str, str]:
    """The environment of a `zoho-desk-mcp serve` child: no ZOHO_* settings of the user's, a private token store."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("ZOHO_", "MCP_"))}
    return {**keep, "XDG_CONFIG_HOME": str(config), "PYTHONUNBUFFERED": "1"}
