"""Checks on JSON request bodies, collecting Zoho-style field errors so one 422 names every bad field."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .errors import FieldError, extra_field, invalid_data
from .store import parse_iso


class BodyCheck:
    """Validate a JSON object field by field; `done()` raises one INVALID_DATA naming every problem.

    Unknown keys are rejected first (422 UNPROCESSABLE_ENTITY), as Zoho does, before any value is looked at.
    """

    def __init__(self, body: Any, allowed: Iterable[str], prefix: str = "") -> None:
        if not isinstance(body, dict):
            raise invalid_data([FieldError(prefix or "/", "invalid", "A JSON object is expected.")])
        self.body: dict[str, Any] = body
        self.prefix = prefix
        self.errors: list[FieldError] = []
        allowed_set = set(allowed)
        for key in body:
            if key not in allowed_set:
                raise extra_field(f"{prefix}/{key}".lstrip("/"))

    def fail(self, name: str, error_type: str, message: str) -> None:
        self.errors.append(FieldError(f"{self.prefix}/{name}", error_type, message))

    def has(self, name: str) -> bool:
        return name in self.body

    def string(
        self, name: str, *, required: bool = False, max_len: int = 255, nullable: bool = True
    ) -> str | None:
        value = self.body.get(name)
        if value is None:
            if required:
                self.fail(name, "missing", f"'{name}' is required.")
            elif name in self.body and not nullable:
                self.fail(name, "invalid", f"'{name}' cannot be null.")
            return None
        if not isinstance(value, str):
            self.fail(name, "invalid", f"'{name}' must be a string.")
            return None
        if required and not value.strip():
            self.fail(name, "missing", f"'{name}' is required.")
            return None
        if len(value) > max_len:
            self.fail(name, "invalid", f"'{name}' is longer than {max_len} characters.")
            return None
        return value

    def choice(self, name: str, allowed: Iterable[str], *, required: bool = False) -> str | None:
        value = self.string(name, required=required)
        options = list(allowed)
        if value is not None and value not in options:
            self.fail(name, "invalid", f"'{name}' must be one of: {', '.join(options)}.")
            return None
        return value

    def boolean(self, name: str) -> bool | None:
        value = self.body.get(name)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.fail(name, "invalid", f"'{name}' must be true or false.")
            return None
        return value

    def timestamp(self, name: str) -> str | None:
        """An input date-time in Zoho's only accepted form, `yyyy-MM-ddTHH:mm:ss.SSSZ`."""
        value = self.string(name)
        if value is None:
            return None
        try:
            parse_iso(value)
        except ValueError:
            self.fail(name, "invalid", f"'{name}' must look like 2025-12-31T18:30:00.000Z.")
            return None
        return value

    def reference(self, name: str, exists: Callable[[str], bool], *, required: bool = False) -> str | None:
        """A record ID that must exist (in the body, an unknown ID is INVALID_DATA, not 404)."""
        value = self.body.get(name)
        if value is None:
            if required:
                self.fail(name, "missing", f"'{name}' is required.")
            return None
        if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).isdigit():
            self.fail(name, "invalid", f"'{name}' must be a record ID.")
            return None
        if not exists(str(value)):
            self.fail(name, "invalid", f"No record has the ID given in '{name}'.")
            return None
        return str(value)

    def references(
        self, name: str, exists: Callable[[str], bool], *, max_items: int = 50, required: bool = False
    ) -> list[str] | None:
        value = self.body.get(name)
        if value is None:
            if required:
                self.fail(name, "missing", f"'{name}' is required.")
            return None
        if not isinstance(value, list) or len(value) > max_items:
            self.fail(name, "invalid", f"'{name}' must be a list of at most {max_items} record IDs.")
            return None
        if required and not value:
            self.fail(name, "missing", f"'{name}' needs at least one ID.")
            return None
        ids: list[str] = []
        for item in value:
            if isinstance(item, bool) or not isinstance(item, str | int) or not str(item).isdigit():
                self.fail(name, "invalid", f"'{name}' must hold record IDs.")
                return None
            if not exists(str(item)):
                self.fail(name, "invalid", f"'{name}' holds an ID that matches no record: {item}.")
                return None
            ids.append(str(item))
        return ids

    def string_map(self, name: str, *, max_value_len: int = 255) -> dict[str, str | None] | None:
        """Custom fields (`cf`, `customFields`): string keys, string-or-null values."""
        value = self.body.get(name)
        if value is None:
            return None
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and (v is None or (isinstance(v, str) and len(v) <= max_value_len))
            for k, v in value.items()
        ):
            self.fail(
                name, "invalid", f"'{name}' must map names to strings of at most {max_value_len} characters."
            )
            return None
        return dict(value)

    def done(self) -> None:
        if self.errors:
            raise invalid_data(self.errors)
