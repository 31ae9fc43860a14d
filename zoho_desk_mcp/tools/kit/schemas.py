"""Compact JSON schemas for `tools/list`: what the model reads on every turn is paid for in context.

Pydantic's schemas repeat a `title` on every property and spell an optional argument as
`anyOf: [T, null]` with `default: null`. Our tools never send or need nulls (an absent argument is the same
thing), so those collapse to `T`; titles go; a multi-valued argument (`list[str] | str`) becomes one node with a
type list instead of an `anyOf` of two. Output schemas also drop descriptions (the tool description already says
what comes back) and `additionalProperties: false`, and a definition used once is written where it is used.
Validation is unaffected: the SDK validates arguments against its own models.
"""

from __future__ import annotations

import json
from typing import Any

NULL = {"type": "null"}
STRINGS = {"items": {"type": "string"}, "type": "array"}
REF_PREFIX = "#/$defs/"


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


def compact_output(schema: dict[str, Any]) -> dict[str, Any]:
    """An output schema as small as it can be while still describing every field and its type."""
    slim = compact(schema, keep_descriptions=False)
    definitions: dict[str, Any] = slim.pop("$defs", {})
    uses = {name: json.dumps(slim).count(f'"{REF_PREFIX}{name}"') for name in definitions}
    for name in definitions:
        uses[name] += sum(json.dumps(other).count(f'"{REF_PREFIX}{name}"') for other in definitions.values())
    inline = {name for name, count in uses.items() if count == 1}
    kept = {name: body for name, body in definitions.items() if name not in inline}

    def resolve(node: Any) -> Any:
        if isinstance(node, list):
            return [resolve(item) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        name = ref.removeprefix(REF_PREFIX) if isinstance(ref, str) else None
        if name in inline:
            return resolve({**definitions[name], **{k: v for k, v in node.items() if k != "$ref"}})
        return {k: resolve(v) for k, v in node.items() if not (k == "additionalProperties" and v is False)}

    out: dict[str, Any] = resolve(slim)
    if kept:
        out["$defs"] = {name: resolve(body) for name, body in kept.items()}
    return out
