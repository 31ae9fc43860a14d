"""The server tests use the same fixtures as the tool tests: an MCP client → our server → an in-process sandbox."""

from __future__ import annotations

from ..tools.conftest import acme, connect, sandbox, server

__all__ = ["acme", "connect", "sandbox", "server"]
