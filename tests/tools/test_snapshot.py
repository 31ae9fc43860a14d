"""The tool surface is a public contract: `tools/list` (one file per tool) and the README's table are compared with
what is committed.

Run `UPDATE_SNAPSHOTS=1 python -m pytest tests/tools/test_snapshot.py` after an intended change, and review the diff.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from mcp import Client

from zoho_desk_mcp.tools import ALL_TOOLS, TOOLSETS
from zoho_desk_mcp.tools.kit.catalog import BEGIN, END, replace_table, tool_table

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOTS = ROOT / "tests" / "snapshots" / "tools"
README = ROOT / "README.md"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"


async def test_each_tool_matches_its_committed_snapshot(connect: Callable[..., Client]) -> None:
    async with connect(toolsets=",".join(TOOLSETS)) as client:
        tools = (await client.list_tools()).tools
    current = {
        tool.name: json.dumps(
            tool.model_dump(mode="json", by_alias=True, exclude_none=True), indent=2, ensure_ascii=False
        )
        + "\n"
        for tool in tools
    }
    committed = {path.stem: path.read_text(encoding="utf-8") for path in SNAPSHOTS.glob("*.json")}
    if UPDATE:
        SNAPSHOTS.mkdir(parents=True, exist_ok=True)
        for name, text in current.items():
            if committed.get(name) != text:
                (SNAPSHOTS / f"{name}.json").write_text(text, encoding="utf-8")
        for name in committed.keys() - current.keys():
            (SNAPSHOTS / f"{name}.json").unlink()
        committed = current
    assert sorted(committed) == sorted(current), "tools were added or removed: review, then UPDATE_SNAPSHOTS=1"
    changed = [name for name, text in current.items() if committed[name] != text]
    assert changed == [], f"tools/list changed for {changed}: review, then UPDATE_SNAPSHOTS=1"


def test_the_readme_tool_table_is_generated_from_the_registry() -> None:
    readme = README.read_text(encoding="utf-8")
    table = tool_table(ALL_TOOLS)
    if UPDATE:
        README.write_text(replace_table(readme, table), encoding="utf-8")
        readme = README.read_text(encoding="utf-8")
    assert BEGIN in readme and END in readme
    assert table in readme, "the README tool table is stale: UPDATE_SNAPSHOTS=1 rewrites it"
