"""The tool surface is a public contract: `tools/list` and the README's table are compared with what is committed.

Run `UPDATE_SNAPSHOTS=1 python -m pytest tests/tools/test_snapshot.py` after an intended change, and review the diff.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from mcp import Client

from zoho_desk_mcp.tools import ALL_TOOLS
from zoho_desk_mcp.tools.kit.catalog import BEGIN, END, replace_table, tool_table

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "tests" / "snapshots" / "tools.json"
README = ROOT / "README.md"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"


async def test_tools_list_matches_the_committed_snapshot(connect: Callable[..., Client]) -> None:
    async with connect(toolsets="tickets,triage,admin,danger") as client:
        tools = (await client.list_tools()).tools
    current = [tool.model_dump(mode="json", by_alias=True, exclude_none=True) for tool in tools]
    text = json.dumps(current, indent=2, ensure_ascii=False) + "\n"
    if UPDATE:
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert SNAPSHOT.read_text(encoding="utf-8") == text, "tools/list changed: review, then UPDATE_SNAPSHOTS=1"


def test_the_readme_tool_table_is_generated_from_the_registry() -> None:
    readme = README.read_text(encoding="utf-8")
    table = tool_table(ALL_TOOLS)
    if UPDATE:
        README.write_text(replace_table(readme, table), encoding="utf-8")
        readme = README.read_text(encoding="utf-8")
    assert BEGIN in readme and END in readme
    assert table in readme, "the README tool table is stale: UPDATE_SNAPSHOTS=1 rewrites it"
