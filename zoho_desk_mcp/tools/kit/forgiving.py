"""What an assistant sends first time should work: arguments coerced where the intent is unambiguous, and the
rest explained in one sentence per argument — never pydantic's wording.

`coerce` runs on the raw arguments before the SDK validates them, guided by the tool's own JSON schema: a number
where text is expected becomes text (`ticket: 101`), an enum value matches in any case (`status: "disabled"`),
a lone value where a list is expected is fine as it is. `explain` turns a `ValidationError` into "which argument,
what was wrong, what is allowed".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from ...client.matching import folded

JSON = Mapping[str, Any]


def _branches(schema: JSON) -> list[JSON]:
    """The alternatives a property allows (its `anyOf` branches, or itself)."""
    options = schema.get("anyOf")
    return [b for b in options if isinstance(b, Mapping)] if isinstance(options, list) else [schema]


def _types(schema: JSON) -> set[str]:
    found: set[str] = set()
    for branch in _branches(schema):
        kind = branch.get("type")
        found.update(kind if isinstance(kind, list) else [kind] if isinstance(kind, str) else [])
    return found


def _enum(schema: JSON) -> list[Any]:
    values = list(schema.get("enum") or [])
    for branch in _branches(schema):
        values += [v for v in branch.get("enum") or [] if v not in values]
    return values


def _as_text(value: Any) -> Any:
    """A JSON number as the text a model meant (`101` → "101"); anything else unchanged."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _canonical(value: Any, allowed: list[Any]) -> Any:
    if isinstance(value, str):
        return next((a for a in allowed if isinstance(a, str) and folded(a) == folded(value)), value)
    return value


def coerce_value(value: Any, schema: JSON) -> Any:
    kinds = _types(schema)
    allowed = _enum(schema)
    if "string" in kinds and not kinds & {"integer", "number"}:
        value = _as_text(value)
    if allowed:
        value = _canonical(value, allowed)
    if isinstance(value, list):
        items = next((b.get("items") for b in _branches(schema) if isinstance(b.get("items"), Mapping)), None)
        if items is not None:
            value = [coerce_value(v, items) for v in value]
    elif isinstance(value, Mapping):
        inner = next(
            (
                b.get("additionalProperties")
                for b in _branches(schema)
                if isinstance(b.get("additionalProperties"), Mapping)
            ),
            None,
        )
        if inner is not None:
            value = {k: coerce_value(v, inner) for k, v in value.items()}
    return value


def coerce(arguments: Mapping[str, Any], schema: JSON) -> dict[str, Any]:
    """The arguments with unambiguous slips corrected (numbers as text, enum values in any case)."""
    properties: JSON = schema.get("properties") or {}
    return {
        name: coerce_value(value, properties[name]) if isinstance(properties.get(name), Mapping) else value
        for name, value in arguments.items()
    }


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else repr(value[:60])
    return text[:80]


def _allowed_text(schema: JSON) -> str:
    allowed = _enum(schema)
    if allowed:
        return "one of: " + ", ".join(str(a) for a in allowed)
    kinds = _types(schema) - {"null"}
    if kinds == {"integer"}:
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None and high is not None:
            return f"a whole number from {low} to {high}"
        return "a whole number" + (f" of at least {low}" if low is not None else "")
    if kinds >= {"array", "string"} or kinds == {"array"}:
        return "a JSON list of texts or one comma-separated text"
    if kinds == {"object"}:
        return "an object of name → text value"
    if kinds == {"boolean"}:
        return "true or false"
    longest = next((b.get("maxLength") for b in _branches(schema) if b.get("maxLength")), schema.get("maxLength"))
    return f"non-empty text of at most {longest} characters" if longest else "text"


def _problem(kind: str, context: Mapping[str, Any]) -> str:
    limits = {
        "less_than_equal": f"is above the maximum {context.get('le')}",
        "greater_than_equal": f"is below the minimum {context.get('ge')}",
        "string_too_short": "is empty"
        if context.get("min_length") == 1
        else f"is shorter than {context.get('min_length')}",
        "string_too_long": f"is longer than {context.get('max_length')} characters",
        "missing": "is required",
    }
    return limits.get(kind, "is not valid")


def explain(tool: str, error: ValidationError, schema: JSON) -> str:
    """One sentence per bad argument: which, what was wrong, what is allowed (first three errors)."""
    properties: JSON = schema.get("properties") or {}
    sentences: list[str] = []
    seen: set[str] = set()
    for item in error.errors(include_url=False):
        location = [str(part) for part in item.get("loc", ())]
        name = location[0] if location else "arguments"
        if name in seen:
            continue
        seen.add(name)
        prop: JSON = properties.get(name) or {}
        kind = str(item.get("type", ""))
        problem = _problem(kind, item.get("ctx") or {})
        given = "" if kind == "missing" else f" (got {_shown(item.get('input'))})"
        description = f" ({prop['description']})" if kind == "missing" and prop.get("description") else ""
        sentences.append(f"{name} {problem}{given}{description}; it must be {_allowed_text(prop)}.")
        if len(sentences) == 3:
            break
    return f"{tool}: " + " ".join(sentences)
