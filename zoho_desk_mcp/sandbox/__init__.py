"""A faithful local emulator of Zoho accounts (OAuth) and the Zoho Desk REST API v1.

Self-contained: it imports nothing else from zoho_desk_mcp. Use it in-process (`SandboxTransport(Sandbox().app)`)
or as a server (`zoho-desk-mcp sandbox`).
"""

from __future__ import annotations

from .app import Sandbox, SandboxConnectionReset, create_app
from .dataset import DatasetError, read_file
from .store import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_REFRESH_TOKEN, MAX_FILE_BYTES
from .transport import SandboxTransport

__all__ = [
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "DEFAULT_REFRESH_TOKEN",
    "MAX_FILE_BYTES",
    "DatasetError",
    "Sandbox",
    "SandboxConnectionReset",
    "SandboxTransport",
    "create_app",
    "read_file",
]
