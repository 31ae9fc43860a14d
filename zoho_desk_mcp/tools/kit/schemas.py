"""Compact JSON schemas for `tools/list`: what the model reads on every turn is paid for in context.

Pydantic's schemas repeat a `title` on every property and spell an optional argument as
`anyOf: [T, null]` with `default: null`. Our tools never send or need nulls (an absent argument is the same
thing), so those collapse to `T`; titles go; a multi-valued argument (`list[str] | str`) becomes one node with a
type list instead of an `anyOf` of two. (Output schemas are not published at all: see server/app.py.)
Validation is unaffected: the SDK validates arguments against its own models.
"""

from __future__ import annotations

from typing import Any

NULL = {"type": "null"}
STRINGS = {"items": {"type": "string"}, "type": "array"}


def compact(schema: Any) -> Any:
    """A smaller, equivalent-for-our-purposes copy of a JSON schema."""
    if isinstance(schema, list):
        return [compact(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    node: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "title" and isinstance(value, str):
            continue
        if key == "default" and value is None:
            continue
        if key in ("properties", "$defs", "patternProperties"):
            node[key] = {name: compact(sub) for name, sub in value.items()}
        else:
            node[key] = compact(value)
    return _merge_options(node)


def _merge_options(node: dict[str, Any]) -> dict[str, Any]:
    """`anyOf: [T, null]` → T; `anyOf: [list of strings, string]` → `type: [array, string]` with `items`."""
    options = node.get("anyOf")
    if not isinstance(options, list):
        return node
    rest = [option for option in options if option != NULL]
    if len(rest) == 2 and STRINGS in rest and {"type": "string"} in rest:
        rest = [{"type": ["array", "string"], "items": {"type": "string"}}]
    node = {k: v for k, v in node.items() if k != "anyOf"}
    if len(rest) == 1 and isinstance(rest[0], dict):
        return {**rest[0], **node}
    return {"anyOf": rest, **node}
