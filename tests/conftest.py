"""Fixtures shared across test packages: a real `zoho-desk-mcp sandbox` process on a loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

STARTUP_SECONDS = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll `url` until it answers; fail with the process's stderr if it dies or takes too long."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.TransportError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"{url} did not come up: {log.read_text()}") from None
            time.sleep(0.05)


@dataclass
class RunningSandbox:
    base_url: str
    banner: str

    def reset(self) -> None:
        httpx.post(f"{self.base_url}/_sandbox/reset", timeout=10.0)


@pytest.fixture(scope="session")
def sandbox_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    """`python -m zoho_desk_mcp sandbox` on a free loopback port, for tests of real sockets and processes."""
    port = free_port()
    log = tmp_path_factory.mktemp("sandbox-server") / "stderr.txt"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "zoho_desk_mcp", "sandbox", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(f"{base_url}/_sandbox/stats", process, log)
        yield RunningSandbox(base_url, log.read_text())
    finally:
        process.terminate()
        process.wait(timeout=10)
