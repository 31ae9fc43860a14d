"""The tool catalog: the README's table generated from the registry, and the sizes the context budget counts."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from .registry import TOOLSETS, ToolSpec

BEGIN = "<!-- tools:begin (generated from the registry; UPDATE_SNAPSHOTS=1 pytest rewrites it) -->"
END = "<!-- tools:end -->"


def _kind(spec: ToolSpec) -> str:
    if spec.read_only:
        return "read-only"
    return "destructive" if spec.destructive else ("idempotent write" if spec.idempotent else "write")


def _summary(spec: ToolSpec) -> str:
    paragraph = " ".join(spec.description.split("\n\n")[0].split())
    first = paragraph.split(". ")[0].rstrip(".")
    return first.replace("|", "\\|") + "."


def tool_table(specs: Iterable[ToolSpec]) -> str:
    rows = [
        "| tool | toolset | kind | what it does | Zoho scopes (any of) |",
        "|---|---|---|---|---|",
    ]
    order = list(TOOLSETS)
    for spec in sorted(specs, key=lambda s: (order.index(s.toolset), s.name)):
        scopes = "; ".join(" or ".join(group) for group in spec.scopes) or "-"
        toolsets = ", ".join(spec.toolsets)
        rows.append(f"| `{spec.name}` | {toolsets} | {_kind(spec)} | {_summary(spec)} | {scopes} |")
    return "\n".join([BEGIN, *rows, END])


def replace_table(readme: str, table: str) -> str:
    """The README with the text between the markers replaced by `table` (markers included)."""
    start, end = readme.index(BEGIN), readme.index(END) + len(END)
    return readme[:start] + table + readme[end:]


def model_visible_bytes(tool: Mapping[str, Any]) -> int:
    """What the model reads of one listed tool: compact JSON of its name, description and input schema."""
    seen = {key: tool[key] for key in ("name", "description", "inputSchema") if key in tool}
    return len(json.dumps(seen, separators=(",", ":"), ensure_ascii=False).encode())


def wire_bytes(tools: list[Mapping[str, Any]]) -> int:
    """The whole `tools/list` result as compact JSON, as it crosses the wire."""
    return len(json.dumps({"tools": tools}, separators=(",", ":"), ensure_ascii=False).encode())
