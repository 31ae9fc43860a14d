"""The audit trail: one JSON line per call of a tool that changes data, to a file or to stderr.

Each record says when, which tool, which organization, which records (IDs only), how it ended (`ok`, `partial`,
`error`, or `unknown` when a write's answer was lost) and which MCP client asked, plus the API credits Zoho last
reported for that organization. It never holds argument values: subjects, contents, file names and e-mail
addresses are customer-written or personal, and tokens never reach this layer. The one exception is an e-mail
reply's recipients (`note_recipients`): who was written to is what an admin reviewing replies must see. Admins
review it as Zoho's "review access logs" advice asks, and watch the credits column for API usage.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import threading
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from mcp.server.mcpserver import Context
from mcp.types import CallToolResult
from pydantic import BaseModel

from ...client import DeskClient, ServerError, WriteOutcomeUnknown
from ...client.retry import is_read

logger = logging.getLogger(__name__)

UNKNOWN_CLIENT = "unknown"
# Arguments that name the records a write targets; only ID-shaped values (digits, or `#101`) are kept.
TARGET_ARGUMENTS = ("ticket", "ticketId", "tickets", "agents", "uploads")
# Keys of a tool's structured output that hold the IDs of the records it wrote.
RESULT_ID_KEYS = ("id", "ticketId", "contactId")
_ID_SHAPED = re.compile(r"#?\d{1,24}")
_CLIENT_NAME = re.compile(r"[^\w .:/@+()-]")
MAX_TARGETS = 100


class AuditLog:
    """Where audit records go: appended to `path` (0600, an existing file tightened), or to `stream` (stderr).

    One line per record, written and flushed under a lock, so concurrent calls never interleave.
    """

    def __init__(self, path: Path | None = None, *, stream: TextIO | None = None) -> None:
        self.path = path
        self._stream = stream
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"AuditLog(path={str(self.path) if self.path else 'stderr'!r})"

    def write(self, record: Mapping[str, Any]) -> None:
        line = json.dumps(record, separators=(",", ":"), ensure_ascii=True) + "\n"
        try:
            with self._lock:
                if self.path is not None:
                    descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                    _tighten(descriptor)
                    with os.fdopen(descriptor, "a", encoding="utf-8") as file:
                        file.write(line)
                else:
                    stream = self._stream or sys.stderr
                    stream.write(line)
                    stream.flush()
        except OSError as error:  # the audit must never break the tool call it records
            logger.error("could not write the audit record (%s)", type(error).__name__)


def _tighten(descriptor: int) -> None:
    """An existing log (created by hand, or rotated with the umask's mode) is made 0600 again, when it is ours."""
    status = os.fstat(descriptor)
    if status.st_mode & 0o077 and status.st_uid == os.getuid():
        os.fchmod(descriptor, 0o600)


@dataclass
class AuditEntry:
    """One call being recorded: filled in as the call runs, written once when it ends."""

    tool: str
    organization: str | None
    client_name: str
    targets: list[str] = field(default_factory=list)
    outcome: str = "unknown"
    error: str | None = None
    recipients: dict[str, list[str]] | None = None  # e-mail replies only (note_recipients)
    started: float = field(default_factory=time.monotonic)

    def succeeded(self, result: Any) -> None:
        data = structured(result)
        self.targets = ids_in(data) or self.targets
        failed = data.get("failed") if isinstance(data, dict) else None
        self.outcome = "partial" if isinstance(failed, int) and failed > 0 else "ok"

    def failed(self, error: BaseException) -> None:
        self.outcome = outcome_of(error)
        self.error = type(error).__name__

    def record(self, client: DeskClient | None) -> dict[str, Any]:
        credits = client.credits(self.organization) if client is not None and self.organization else None
        entry: dict[str, Any] = {
            "time": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "tool": self.tool,
            "organization": self.organization,
            "targets": self.targets[:MAX_TARGETS],
            "outcome": self.outcome,
            "client": self.client_name,
            "durationMs": round((time.monotonic() - self.started) * 1000),
        }
        if self.recipients:
            entry["recipients"] = self.recipients
        if self.error:
            entry["error"] = self.error
        if credits is not None:
            entry["creditsRemaining"] = credits.remaining
        return entry


def outcome_of(error: BaseException) -> str:
    """`unknown` when a write may have happened (answer lost, a 5xx to a write, cancelled mid-call); else `error`."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, WriteOutcomeUnknown):
            return "unknown"
        if isinstance(seen, ServerError) and seen.method and not is_read(seen.method):
            return "unknown"
        seen = seen.__cause__ or seen.__context__
    return "error" if isinstance(error, Exception) else "unknown"


def structured(result: Any) -> Any:
    """The tool's structured output as plain JSON data (a pydantic model or a CallToolResult)."""
    if isinstance(result, CallToolResult):
        return result.structured_content
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json", by_alias=True)
    return result


def ids_in(data: Any) -> list[str]:
    """The written records' IDs: the top-level `id`/`ticketId`, and the `id` of each row of a top-level list."""
    if not isinstance(data, dict):
        return []
    found = [str(data[k]) for k in RESULT_ID_KEYS if isinstance(data.get(k), str | int)]
    for value in data.values():
        if isinstance(value, list):
            found += [str(row["id"]) for row in value if isinstance(row, dict) and isinstance(row.get("id"), str)]
    return list(dict.fromkeys(found))


def ids_in_arguments(arguments: Mapping[str, Any]) -> list[str]:
    """ID-shaped values of the arguments naming the target records (names and e-mails are left out)."""
    found: list[str] = []
    for key in TARGET_ARGUMENTS:
        value = arguments.get(key)
        items = value.split(",") if isinstance(value, str) else value if isinstance(value, list) else []
        found += [item.strip() for item in items if isinstance(item, str) and _ID_SHAPED.fullmatch(item.strip())]
    return list(dict.fromkeys(found))


def client_name(ctx: Context[Any, Any] | None) -> str:
    """The MCP client's name from the session's clientInfo (`unknown` when it sent none), tamed for a log line."""
    try:
        params = ctx.session.client_params if ctx is not None else None
    except (AttributeError, LookupError, ValueError):  # outside a request: no session
        params = None
    name = params.client_info.name if params is not None and params.client_info is not None else ""
    cleaned = _CLIENT_NAME.sub("?", name.strip())[:100]
    return cleaned or UNKNOWN_CLIENT


def _services_of(ctx: Context[Any, Any] | None) -> Any:
    try:
        return ctx.request_context.lifespan_context if ctx is not None else None
    except (AttributeError, LookupError, ValueError):
        return None


DEFAULT_AUDIT = AuditLog()


@asynccontextmanager
async def audited(tool: str, positional: tuple[Any, ...], arguments: Mapping[str, Any]) -> AsyncIterator[AuditEntry]:
    """Record one call of a write tool: `entry.succeeded(result)` on success; an exception is recorded, re-raised."""
    ctx = next((v for v in (*positional, *arguments.values()) if isinstance(v, Context)), None)
    found = _services_of(ctx)
    audit_log: AuditLog = getattr(found, "audit", None) or DEFAULT_AUDIT
    client: DeskClient | None = getattr(found, "client", None)
    org = arguments.get("orgId") or arguments.get("org_id")
    entry = AuditEntry(tool, str(org) if org else None, client_name(ctx), ids_in_arguments(arguments))
    current = _CURRENT.set(entry)
    try:
        yield entry
    except BaseException as error:
        entry.failed(error)
        raise
    finally:
        _CURRENT.reset(current)
        audit_log.write(entry.record(client))


_CURRENT: ContextVar[AuditEntry | None] = ContextVar("zoho_desk_audit_entry", default=None)


def note_recipients(recipients: Mapping[str, list[str]]) -> None:
    """Add an e-mail reply's recipients (`to`, `cc`, `bcc`) to the running call's audit record."""
    entry = _CURRENT.get()
    if entry is not None:
        entry.recipients = {kind: list(found) for kind, found in recipients.items() if found}
