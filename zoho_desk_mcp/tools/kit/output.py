"""The one output convention: slim camelCase models, and `answer()` — how every tool returns its result.

A tool builds a `Slim` model and returns `answer(model)`: the structured content and, as the text block, the same
JSON written compactly (the SDK's default text is indented, about 35% more). Nulls are left out at dump time
(`exclude_none`, done in pydantic's core, no Python per row); an empty list stays `[]`, so a key is always there
when its type is a list. Output schemas are not published (see server/app.py): they cost context on every turn and
client CPU on every call, and the tool description already says what comes back.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Annotated, Any

from mcp.types import CallToolResult, TextContent
from pydantic import BaseModel, BeforeValidator, ConfigDict
from pydantic.alias_generators import to_camel


class Slim(BaseModel):
    """An output model: snake_case in Python, camelCase on the wire, nulls left out when dumped."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class Ref(Slim):
    """A record referred to by ID and, where known, name (an organization, a department, a team, a product)."""

    id: str
    name: str | None = None


class Person(Slim):
    """An agent or a contact as the tools show them."""

    id: str | None = None
    name: str | None = None
    email: str | None = None
    phone: str | None = None


def dump(model: BaseModel) -> dict[str, Any]:
    """A model as the JSON object the client receives (camelCase, no nulls)."""
    data: dict[str, Any] = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    return data


def compact_json(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def answer(model: BaseModel) -> CallToolResult:
    """The tool result: structured content, and the same JSON as compact text for clients that read only text."""
    text = model.model_dump_json(by_alias=True, exclude_none=True)  # = compact_json(dump(model)), in pydantic's core
    return CallToolResult(content=[TextContent(type="text", text=text)], structured_content=dump(model))


def iso_seconds(value: object) -> object:
    """Zoho's `2025-01-02T03:04:05.000Z` (or any ISO date-time) as `2025-01-02T03:04:05Z`: one time format in every
    answer — seconds, UTC, `Z`; anything that is not a date-time is left as it is."""
    if not isinstance(value, str) or len(value) < 19 or value[10] != "T":
        return value
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


Time = Annotated[str | None, BeforeValidator(iso_seconds)]
"""A time field of an output model: given in any ISO form, shown as `2025-01-02T03:04:05Z`."""
