"""How a sandbox endpoint is declared: method, Zoho's path template, scopes, strict query parameters, body kind.

Resource modules export `ENDPOINTS`, a list of `Endpoint`; the app turns each into a route and runs every request
through the same checks (token, orgId, scope, credits, query) before the handler sees a `Call`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import extra_query_param, invalid_query_param, missing_query_param
from .store import OrgData, Record, RefreshGrant, Store, parse_iso

Parse = Callable[[str], Any]
BodyKind = Literal["none", "json", "optional-json", "multipart"]
Weight = Literal["single", "list", "count"]  # count: the count endpoints' flat, higher cost


@dataclass(frozen=True)
class Param:
    """A query parameter: how to parse it (ValueError = Zoho's 422) and whether it is required."""

    parse: Parse
    required: bool = False


@dataclass
class UploadedFile:
    """A multipart `file` part as the handler sees it: its name, type, size and bytes (downloads serve them)."""

    filename: str
    content_type: str
    size: int
    data: bytes = b""


@dataclass
class Call:
    """One request, already authenticated and validated, as a handler receives it."""

    store: Store
    org_data: OrgData | None
    path: dict[str, str]
    query: dict[str, Any]
    body: Any
    files: list[UploadedFile]
    grant: RefreshGrant | None
    base_url: str

    @property
    def org(self) -> OrgData:
        assert self.org_data is not None, "endpoint declared needs_org=False"
        return self.org_data

    @property
    def now(self) -> float:
        return self.store.clock.now()

    def caller(self) -> Record:
        """The agent who owns the token, in this organization (the administrator for default credentials)."""
        email = self.grant.owner_email.lower() if self.grant else ""
        for agent in self.org.agents.values():
            if str(agent.get("emailId", "")).lower() == email:
                return agent
        return next(iter(self.org.agents.values()))


Handler = Callable[[Call], Any]


@dataclass(frozen=True)
class Endpoint:
    """One Desk API operation.

    `scopes` is all-of over any-of groups: `(("Desk.tickets.READ",), ("Desk.search.READ",))` needs both.
    """

    method: str
    path: str
    handler: Handler
    scopes: tuple[tuple[str, ...], ...]
    query: Mapping[str, Param] = field(default_factory=dict)
    body: BodyKind = "none"
    needs_org: bool = True
    weight: Weight = "single"

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def is_write(self) -> bool:
        return self.method != "GET"


def parse_query(spec: Mapping[str, Param], raw: list[tuple[str, str]]) -> dict[str, Any]:
    """Strict, like Zoho: unknown names and unparsable values are 422; required ones must be present."""
    parsed: dict[str, Any] = {}
    for name, value in raw:
        param = spec.get(name)
        if param is None:
            raise extra_query_param(name)
        try:
            parsed[name] = param.parse(value)
        except (ValueError, TypeError):
            raise invalid_query_param(name) from None
    for name, param in spec.items():
        if param.required and name not in parsed:
            raise missing_query_param(name)
    return parsed


# --- parameter parsers ---------------------------------------------------------------------------------------
def int_range(low: int, high: int) -> Parse:
    def parse(value: str) -> int:
        if not value.lstrip("-").isdigit():
            raise ValueError(value)
        number = int(value)
        if not low <= number <= high:
            raise ValueError(value)
        return number

    return parse


def one_of(*allowed: str, case_sensitive: bool = True) -> Parse:
    lookup = {(a if case_sensitive else a.lower()): a for a in allowed}

    def parse(value: str) -> str:
        key = value if case_sensitive else value.lower()
        if key not in lookup:
            raise ValueError(value)
        return lookup[key]

    return parse


def csv_of(item: Parse, max_items: int = 50) -> Parse:
    def parse(value: str) -> list[Any]:
        parts = [p.strip() for p in value.split(",")]
        if not parts or any(not p for p in parts) or len(parts) > max_items:
            raise ValueError(value)
        return [item(p) for p in parts]

    return parse


def text(min_len: int = 1, max_len: int = 255) -> Parse:
    def parse(value: str) -> str:
        if not min_len <= len(value) <= max_len:
            raise ValueError(value)
        return value

    return parse


def record_id(value: str) -> str:
    if not value.isdigit():
        raise ValueError(value)
    return value


def boolean(value: str) -> bool:
    if value not in ("true", "false"):
        raise ValueError(value)
    return value == "true"


def sort_field(*fields: str) -> Parse:
    """Zoho's sortBy: a field name, `-` in front for descending. Returns (field, descending)."""

    def parse(value: str) -> tuple[str, bool]:
        descending = value.startswith("-")
        name = value[1:] if descending else value
        if name not in fields:
            raise ValueError(value)
        return name, descending

    return parse


def time_range(value: str) -> tuple[float, float]:
    """`start,end` in Zoho's ISO format, as search endpoints take it."""
    start, end = value.split(",")
    low, high = parse_iso(start.strip()), parse_iso(end.strip())
    if low > high:
        raise ValueError(value)
    return low, high


def any_text(value: str) -> str:
    return value


def paging(max_limit: int, max_from: int = 10_000_000) -> dict[str, Param]:
    """`from` (0-based) and `limit` (1..max_limit), the pair every list endpoint takes."""
    return {"from": Param(int_range(0, max_from)), "limit": Param(int_range(1, max_limit))}


def page(rows: list[Record], call: Call, default_limit: int) -> dict[str, Any] | None:
    """Zoho's list answer: `{"data": [...]}` for the requested window, or None (HTTP 204) when it is empty."""
    start = int(call.query.get("from", 0))
    limit = int(call.query.get("limit", default_limit))
    window = rows[start : start + limit]
    return {"data": window} if window else None


def scopes(*groups: str | tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """`scopes(("Desk.tickets.READ", "Desk.tickets.ALL"), "Desk.search.READ")`: all groups, any scope in one."""
    return tuple((g,) if isinstance(g, str) else g for g in groups)
