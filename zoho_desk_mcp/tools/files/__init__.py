"""The file tools: upload a file for a new ticket, attach one to a ticket (fileData: base64, data: or URL), read one."""

from __future__ import annotations

from ..kit.registry import ToolSpec
from .attach import create_ticket_attachment
from .attachment import get_ticket_attachment
from .upload import upload_file

TOOLS: list[ToolSpec] = [upload_file, create_ticket_attachment, get_ticket_attachment]
