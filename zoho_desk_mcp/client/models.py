"""The base of every Zoho record model: Zoho's camelCase names, string IDs, unknown fields kept."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from .errors import UnexpectedResponseError

M = TypeVar("M", bound="ZohoModel")


class ZohoModel(BaseModel):
    """Zoho adds fields over time and some live answers send numbers where the docs say strings (org IDs,
    counts): accept both as strings, and keep unknown fields in `model_extra` rather than fail."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="allow",
        coerce_numbers_to_str=True,
    )

    def raw(self) -> dict[str, Any]:
        """The record as Zoho spelled it (camelCase), unknown fields included, nulls dropped."""
        return self.model_dump(by_alias=True, exclude_none=True)


def parse(model: type[M], body: Any) -> M:
    """One record from an answer body; a non-object body is Zoho misbehaving, not the caller's fault."""
    if not isinstance(body, dict):
        raise UnexpectedResponseError(f"expected a {model.__name__} object from Zoho Desk")
    return model.model_validate(body)


def parse_rows(model: type[M], rows: list[dict[str, Any]] | None) -> list[M]:
    return [model.model_validate(row) for row in rows or ()]
