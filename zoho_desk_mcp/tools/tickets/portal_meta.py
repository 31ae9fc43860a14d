"""A portal's ticket views and custom fields, cached like the resolver's lists, and checks of values against them.

Views resolve by name or ID (`Open Tickets`, a unique prefix, any case); custom fields by label or API name,
and a value must fit the field (a picklist value must be one of its allowed values). A miss is an InputError
that lists the valid ones, so the model can retry with one of them.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Awaitable, Callable, Mapping
from datetime import date
from typing import Any

from ...client import Choice, DeskField, ScopeError
from ...client.matching import normalized, pick_choice
from ..kit.context import DeskServices
from ..kit.errors import InputError

TTL_SECONDS = 300.0
MAX_LISTED = 20
_CACHE: weakref.WeakKeyDictionary[DeskServices, dict[str, tuple[float, Any]]] = weakref.WeakKeyDictionary()


async def cached(svc: DeskServices, key: str, load: Callable[[], Awaitable[Any]]) -> Any:
    """One list per portal and kind for TTL_SECONDS, shared by every tool call of the process."""
    table = _CACHE.setdefault(svc, {})
    hit = table.get(key)
    if hit is not None and hit[0] > time.monotonic():
        return hit[1]
    value = await load()
    table[key] = (time.monotonic() + TTL_SECONDS, value)
    return value


async def views(svc: DeskServices, org_id: str) -> list[Choice]:
    """The portal's ticket views as choices (system views such as "Open Tickets", and custom ones)."""

    async def load() -> list[Choice]:
        rows = await svc.client.org(org_id).views.list()
        return [Choice(id=v.id, name=v.name, record=v.raw()) for v in rows]

    found: list[Choice] = await cached(svc, f"views:{org_id}", load)
    return found


async def view_choice(svc: DeskServices, org_id: str, value: str) -> Choice:
    """The view a name, unique prefix or ID names; a miss lists the portal's views."""
    return pick_choice("view", value.strip(), await views(svc, org_id))


async def custom_fields(svc: DeskServices, org_id: str) -> list[DeskField] | None:
    """The portal's custom ticket fields; None when the token may not read fields (Desk.settings.READ)."""

    async def load() -> list[DeskField] | None:
        try:
            return await svc.client.org(org_id).fields.custom()
        except ScopeError:
            return None

    found: list[DeskField] | None = await cached(svc, f"fields:{org_id}", load)
    return found


def field_label(field: DeskField) -> str:
    return f"{field.display_label} ({field.api_name})" if field.display_label else field.api_name


def find_field(fields: list[DeskField], key: str) -> DeskField:
    wanted = normalized(key)
    for field in fields:
        if wanted in (normalized(field.api_name), normalized(field.display_label or "")):
            return field
    listed = "; ".join(field_label(f) for f in fields[:MAX_LISTED]) or "none (this portal has no custom fields)"
    raise InputError(f"customFields: no custom field is named {key[:60]!r}. Valid custom fields: {listed}")


def fitted(field: DeskField, value: Any) -> str:
    """The value as Zoho takes it for this field (picklist spelling, date form); InputError naming what fits."""
    text = "" if value is None else str(value).strip()
    name = field_label(field)
    if not text:
        return ""
    if field.allowed_values:
        chosen = [v.strip() for v in text.split(";")] if field.type == "Multiselect" else [text]
        canonical = {normalized(v): v for v in field.allowed_values}
        if any(normalized(v) not in canonical for v in chosen):
            raise InputError(
                f"customFields: {text[:60]!r} is not allowed for {name}; allowed values: "
                + ", ".join(field.allowed_values)
            )
        return ";".join(canonical[normalized(v)] for v in chosen)
    if field.type == "Date":
        try:
            return date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            raise InputError(f"customFields: {name} takes a date like 2026-03-31, not {text[:40]!r}") from None
    if field.type == "Boolean":
        if text.lower() not in ("true", "false"):
            raise InputError(f"customFields: {name} takes true or false, not {text[:40]!r}")
        return text.lower()
    if field.max_length and len(text) > field.max_length:
        raise InputError(f"customFields: {name} takes at most {field.max_length} characters")
    return text


async def custom_values(
    svc: DeskServices, org_id: str, given: Mapping[str, Any], fallback: Callable[[str], str]
) -> dict[str, str]:
    """`customFields` (label or API name → value) as Zoho's `cf` (API name → value), checked against the
    portal's fields; `fallback` names the key when the fields cannot be read (the token lacks the scope)."""
    if not given:
        return {}
    fields = await custom_fields(svc, org_id)
    if fields is None:
        return {fallback(k): "" if v is None else str(v) for k, v in given.items()}
    values: dict[str, str] = {}
    for key, value in given.items():
        field = find_field(fields, key)
        values[field.api_name] = fitted(field, value)
    return values
