"""The MCP server: building it, its process-level services, and the stdio / SSE / streamable HTTP transports."""

from __future__ import annotations

from .app import BuiltServer, build_server
from .services import ClientTuning, SharedServices, open_services

__all__ = ["BuiltServer", "ClientTuning", "SharedServices", "build_server", "open_services"]
