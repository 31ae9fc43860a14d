"""Custom ticket fields (`cf_…`): their definitions, data-file entries and the checks on the values written.

An organization that declares `customFields` gets Zoho's checks: a `cf` key must be a declared API name, a
`customFields` key a declared label, and each value must fit its type (a picklist value must be one of its
`allowedValues`); `cf` and the legacy label-keyed `customFields` are kept in step. An organization that
declares none keeps accepting any `cf_…` string, as data files written before custom fields existed expect.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from .store import OrgData, Record, parse_iso
from .validation import BodyCheck

FIELD_TYPES = (
    "Text", "Textarea", "Picklist", "Multiselect", "Date", "DateTime", "Number", "Decimal", "Percent",
    "Currency", "Email", "Phone", "URL", "Boolean",
)
CHOICE_TYPES = ("Picklist", "Multiselect")
MAX_LENGTHS = {"Text": 255, "Textarea": 32_000, "Phone": 30, "Email": 120, "URL": 255}
API_NAME = re.compile(r"^cf_[A-Za-z0-9_]{1,100}$")
NUMBER = re.compile(r"^-?\d{1,16}$")
DECIMAL = re.compile(r"^-?\d{1,16}(\.\d{1,9})?$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
FIELD_ID_BASE = 1_893_000_000_000_000  # outside the store's ID counter: declaring fields moves no other ID


def api_name_for(label: str) -> str:
    """Zoho's API name for a label: `Service plan` → `cf_service_plan`."""
    return "cf_" + (re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_") or "field")


def field_record(org: OrgData, position: int, label: str, api_name: str, kind: str, allowed: list[str]) -> Record:
    """One custom field as `GET /organizationFields` shows it (Field.json's *FieldResponseForTickets)."""
    record: Record = {
        "id": str(FIELD_ID_BASE + int(org.id) % 100_000 * 1_000 + position),
        "apiName": api_name,
        "name": api_name,
        "displayLabel": label,
        "i18NLabel": label,
        "type": kind,
        "isCustomField": True,
        "isMandatory": False,
        "isEncryptedField": False,
        "isTrackLastActivityTime": False,
        "showToHelpCenter": True,
        "maxLength": MAX_LENGTHS.get(kind, 255),
    }
    if kind in CHOICE_TYPES:
        record["allowedValues"] = list(allowed)
    return record


def load(org: OrgData, items: Any, path: str) -> list[Record]:
    """The `customFields` entries of a data file; ValueError (with the entry's path) when one is wrong."""
    fields: list[Record] = []
    for i, item in enumerate(items or []):
        where = f"{path}.customFields[{i}]"
        label = item.get("label") if isinstance(item, dict) else None
        if not isinstance(label, str) or not label.strip():
            raise ValueError(f"{where}: 'label' is required")
        api_name = item.get("apiName") or api_name_for(label)
        kind = item.get("type", "Text")
        allowed = item.get("allowedValues") or []
        if not isinstance(api_name, str) or not API_NAME.match(api_name):
            raise ValueError(f"{where}: 'apiName' must look like cf_service_plan, not {api_name!r}")
        if kind not in FIELD_TYPES:
            raise ValueError(f"{where}: unknown type {kind!r}; allowed: {', '.join(FIELD_TYPES)}")
        if kind in CHOICE_TYPES and (not allowed or not all(isinstance(v, str) and v for v in allowed)):
            raise ValueError(f"{where}: a {kind} needs 'allowedValues', a list of non-empty strings")
        if any(f["apiName"] == api_name or f["displayLabel"].lower() == label.lower() for f in fields):
            raise ValueError(f"{where}: duplicate custom field {label!r} ({api_name})")
        fields.append(field_record(org, i + 1, label, api_name, kind, allowed))
    return fields


def problem(field: Record, value: Any) -> str | None:
    """Why `value` cannot be stored in `field` (None when it can; null clears any field)."""
    if value is None or value == "":
        return None
    kind, name = field["type"], field["apiName"]
    if kind == "Boolean":
        return None if value in (True, False, "true", "false") else f"'{name}' must be true or false."
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return f"'{name}' must be a string."
    text = str(value)
    if kind in CHOICE_TYPES:
        allowed = field["allowedValues"]
        chosen = text.split(";") if kind == "Multiselect" else [text]
        if any(item not in allowed for item in chosen):
            return f"'{name}' must be one of: {', '.join(allowed)}."
        return None
    return format_problem(kind, name, text, int(field.get("maxLength") or 255))


def format_problem(kind: str, name: str, text: str, max_len: int) -> str | None:
    if len(text) > max_len:
        return f"'{name}' is longer than {max_len} characters."
    check = FORMATS.get(kind)
    if check is not None and not check[0](text):
        return f"'{name}' must be {check[1]}."
    return None


def is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def is_timestamp(text: str) -> bool:
    try:
        parse_iso(text)
    except ValueError:
        return False
    return True


FORMATS: dict[str, tuple[Callable[[str], bool], str]] = {
    "Number": (lambda text: bool(NUMBER.match(text)), "a whole number"),
    "Decimal": (lambda text: bool(DECIMAL.match(text)), "a number"),
    "Percent": (lambda text: bool(DECIMAL.match(text)), "a number"),
    "Currency": (lambda text: bool(DECIMAL.match(text)), "a number"),
    "Email": (lambda text: bool(EMAIL.match(text)), "an e-mail address"),
    "URL": (lambda text: text.startswith(("http://", "https://")), "an http(s) URL"),
    "Date": (is_date, "a date like 2025-12-31"),
    "DateTime": (is_timestamp, "a date-time like 2025-12-31T18:30:00.000Z"),
}


def stored(value: Any) -> str | None:
    """Zoho keeps custom field values as strings (`true`, `42`); an empty string clears the field."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def canonical(org: OrgData, cf: dict[str, Any], labelled: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """`cf` by API name from both spellings (cf wins), and the problems found, as (values, errors)."""
    by_api = {f["apiName"]: f for f in org.custom_fields}
    by_label = {f["displayLabel"]: f for f in org.custom_fields}
    values: dict[str, Any] = {}
    errors: list[str] = []
    for source, table, where in ((labelled, by_label, "customFields"), (cf, by_api, "cf")):
        for key, value in source.items():
            field = table.get(key)
            if field is None:
                known = ", ".join(sorted(table))
                errors.append(f"{where}/{key}\t'{key}' is not a custom field of tickets; known: {known}.")
                continue
            issue = problem(field, value)
            if issue is not None:
                errors.append(f"{where}/{key}\t{issue}")
            else:
                values[field["apiName"]] = stored(value)
    return values, errors


def mirrored(org: OrgData, values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The same values under `cf` (API names) and the legacy `customFields` (labels)."""
    labels = {f["apiName"]: f["displayLabel"] for f in org.custom_fields}
    return {"cf": dict(values), "customFields": {labels[k]: v for k, v in values.items()}}


def read(check: BodyCheck, org: OrgData) -> dict[str, Any]:
    """The body's custom field values, ready for the ticket record (`cf` and `customFields` keys)."""
    present = [name for name in ("cf", "customFields") if name in check.body]
    if not org.custom_fields:
        return {name: check.string_map(name) for name in present}
    if not present:
        return {}
    maps = {name: check.body.get(name) or {} for name in present}
    for name, value in maps.items():
        if not isinstance(value, dict):
            check.fail(name, "invalid", f"'{name}' must be an object.")
            return {}
    values, errors = canonical(org, maps.get("cf", {}), maps.get("customFields", {}))
    for error in errors:
        where, message = error.split("\t", 1)
        check.fail(where, "invalid", message)
    return mirrored(org, values) if not errors else {}


def from_file(org: OrgData, cf: Any, where: str) -> dict[str, Any]:
    """A data-file ticket's `cf`, checked against the declared fields; ValueError naming the entry."""
    if not cf:
        return {}
    if not isinstance(cf, dict):
        raise ValueError(f"{where}: 'cf' must be an object")
    if not org.custom_fields:
        return {"cf": dict(cf)}
    values, errors = canonical(org, cf, {})
    if errors:
        raise ValueError(f"{where}: " + "; ".join(e.split("\t", 1)[1] for e in errors))
    return mirrored(org, values)


def find(org: OrgData, name: str) -> Record | None:
    """A declared field by API name or label (for `updateMany` with `isCustomField`)."""
    for field in org.custom_fields:
        if name in (field["apiName"], field["displayLabel"]):
            return field
    return None
