"""An audit log that already exists with a loose mode (made by hand, or rotated) is tightened to 0600 on write."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

from mcp import Client

from zoho_desk_mcp.sandbox import Sandbox

from .conftest import ACME, ok


async def test_an_existing_world_readable_audit_log_is_tightened_and_kept(
    connect: Callable[..., Client], sandbox: Sandbox, tmp_path: Path
) -> None:
    log = tmp_path / "audit.jsonl"
    log.write_text('{"tool":"earlier"}\n')
    os.chmod(log, 0o644)
    ticket_id = next(iter(sandbox.store.first_org().tickets))
    async with connect() as client:
        ok(await client.call_tool("add_ticket_comment", {"organization": ACME, "ticket": ticket_id, "content": "n"}))
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert [json.loads(line)["tool"] for line in log.read_text().splitlines()] == ["earlier", "add_ticket_comment"]
