"""Compact JSON schemas for `tools/list`: what the model reads on every turn is paid for in context.

Pydantic's schemas repeat a `title` on every property and spell an optional argument as
`anyOf: [T, null]` with `default: null`. Our tools never send or need nulls (an absent argument is the same
thing), so those collapse to `T`; titles go; output schemas also drop descriptions (the tool description
already says what comes back). Validation is unaffected: the SDK validates against its own models.
"""

from __future__ import annotations

from typing import Any

NULL = {"type": "null"}


def compact(schema: Any, *, keep_descriptions: bool = True) -> Any:
    """A smaller, equivalent-for-our-purposes copy of a JSON schema."""
    if isinstance(schema, list):
        return [compact(item, keep_descriptions=keep_descriptions) for item in schema]
    if not isinstance(schema, dict):
        return schema
    node: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "title" and isinstance(value, str):
            continue
        if key == "default" and value is None:
            continue
        if key == "description" and not keep_descriptions:
            continue
        if key in ("properties", "$defs", "patternProperties"):
            node[key] = {name: compact(sub, keep_descriptions=keep_descriptions) for name, sub in value.items()}
        else:
            node[key] = compact(value, keep_descriptions=keep_descriptions)
    options = node.get("anyOf")
    if isinstance(options, list) and NULL in options:
        rest = [option for option in options if option != NULL]
        if len(rest) == 1 and isinstance(rest[0], dict):
            del node["anyOf"]
            node = {**rest[0], **node}
        else:
            node["anyOf"] = rest
    return node
