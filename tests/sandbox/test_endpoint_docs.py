"""docs/sandbox.md lists every endpoint the sandbox serves, generated from its routes so it cannot drift.

`UPDATE_SNAPSHOTS=1 python -m pytest tests/sandbox/test_endpoint_docs.py` rewrites the table between the markers.
"""

from __future__ import annotations

import os
from pathlib import Path

from zoho_desk_mcp.sandbox.resources import ENDPOINTS

DOC = Path(__file__).resolve().parents[2] / "docs" / "sandbox.md"
BEGIN = "<!-- endpoints:begin (generated from the sandbox's routes; UPDATE_SNAPSHOTS=1 pytest rewrites it) -->"
END = "<!-- endpoints:end -->"


def endpoint_table() -> str:
    """One row per resource module: its endpoints as `METHOD /path` (under /api/v1)."""
    groups: dict[str, list[str]] = {}
    for endpoint in ENDPOINTS:
        module = endpoint.handler.__module__.rsplit(".", 1)[-1].replace("_", " ")
        groups.setdefault(module, []).append(f"`{endpoint.method} {endpoint.path.removeprefix('/api/v1')}`")
    rows = [f"| {area} | {', '.join(paths)} |" for area, paths in groups.items()]
    rows = ["| area | endpoints |", "|---|---|", *rows]
    return "\n".join([BEGIN, *rows, END])


def test_the_endpoint_table_in_the_sandbox_docs_is_the_sandboxs_routes() -> None:
    text = DOC.read_text(encoding="utf-8")
    table = endpoint_table()
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        start, end = text.index(BEGIN), text.index(END) + len(END)
        DOC.write_text(text[:start] + table + text[end:], encoding="utf-8")
        text = DOC.read_text(encoding="utf-8")
    assert table in text, "docs/sandbox.md's endpoint table is stale: UPDATE_SNAPSHOTS=1 rewrites it"
