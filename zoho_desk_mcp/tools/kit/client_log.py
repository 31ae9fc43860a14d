"""Our own log lines, also sent to the MCP client (`notifications/message`) at the level the client chose.

Every log line still goes to stderr through stdlib logging. While a tool runs, the lines our `zoho_desk_mcp`
loggers emit in that call (a context variable marks it, so concurrent calls never see each other's lines) at INFO
and above are collected and sent through the tool's `Context` when it ends: only the formatted message, never a
traceback. Which levels reach the client: on 2026-07-28 connections the client opts in per request and the SDK
drops lower levels itself; on handshake connections the client's `logging/setLevel` choice, kept here per
connection. MCP deprecates this logging capability (SEP-2577); it is kept because clients still show it.
"""

from __future__ import annotations

import logging
import warnings
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any, get_args

from mcp import MCPDeprecationWarning
from mcp.server.context import ServerRequestContext
from mcp.server.mcpserver import Context
from mcp.types import EmptyResult, LoggingLevel, SetLevelRequestParams

from .text import neutralise

ROOT_LOGGER = "zoho_desk_mcp"
LEVELS: tuple[LoggingLevel, ...] = get_args(LoggingLevel)  # severity-ascending (RFC 5424 order)

logger = logging.getLogger(__name__)

Entry = tuple[LoggingLevel, str, str]  # level, logger name, formatted message
_current: ContextVar[list[Entry] | None] = ContextVar("zoho_desk_mcp_client_log", default=None)
_chosen: dict[int, LoggingLevel] = {}  # id(the connection's initialize params) -> level from logging/setLevel


def mcp_level(levelno: int) -> LoggingLevel:
    """The MCP level for a stdlib level number."""
    if levelno >= logging.CRITICAL:
        return "critical"
    if levelno >= logging.ERROR:
        return "error"
    if levelno >= logging.WARNING:
        return "warning"
    return "info" if levelno >= logging.INFO else "debug"


class _CallCapture(logging.Handler):
    """Collects, for the tool call running in this context, the lines of our loggers at INFO and above."""

    def __init__(self) -> None:
        super().__init__(level=logging.INFO)

    def emit(self, record: logging.LogRecord) -> None:
        sink = _current.get()
        if sink is None:
            return
        try:
            sink.append((mcp_level(record.levelno), record.name, record.getMessage()))
        except Exception:  # a bad format string must not break the caller
            self.handleError(record)


_HANDLER = _CallCapture()


def _install() -> None:
    root = logging.getLogger(ROOT_LOGGER)
    if _HANDLER not in root.handlers:
        root.addHandler(_HANDLER)


def _connection_key(session: Any) -> object | None:
    """The connection's `initialize` params: one object per handshake connection, reachable from every request."""
    return getattr(session, "client_params", None)


def _chosen_level(ctx: Context[Any, Any]) -> LoggingLevel | None:
    key = _connection_key(ctx.session)
    return None if key is None else _chosen.get(id(key))


async def on_set_level(ctx: ServerRequestContext[Any, Any], params: SetLevelRequestParams) -> EmptyResult:
    """`logging/setLevel` (handshake connections): remember the level for this connection, until it goes away."""
    key = _connection_key(ctx.session)
    if key is not None:
        if id(key) not in _chosen:
            weakref.finalize(key, _chosen.pop, id(key), None)
        _chosen[id(key)] = params.level
    return EmptyResult()


@asynccontextmanager
async def forwarding(ctx: object) -> AsyncIterator[None]:
    """While the body runs, collect this call's log lines; afterwards send them to the client (best effort).

    `ctx` is the tool's `ctx` argument; without a `Context` there is no one to send to.
    """
    if not isinstance(ctx, Context):
        yield
        return
    _install()
    sink: list[Entry] = []
    token = _current.set(sink)
    try:
        yield
    finally:
        _current.reset(token)
        if sink:
            await _send(ctx, sink)


async def _send(ctx: Context[Any, Any], entries: list[Entry]) -> None:
    """Send the entries at or above the connection's chosen level; a failure is logged, never raised."""
    floor = _chosen_level(ctx)
    lowest = LEVELS.index(floor) if floor is not None else 0
    for level, name, message in entries:
        if LEVELS.index(level) < lowest:
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", MCPDeprecationWarning)
                await ctx.log(level, neutralise(message), logger_name=name)  # lines may quote customer text
        except Exception as error:
            logger.debug("could not send a log line to the client (%s)", type(error).__name__)
            return
