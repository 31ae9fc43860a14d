"""The reply tools: draft_reply (triage) and send_reply (reply, off by default), guarded by guard.py."""

from __future__ import annotations

from ..kit.registry import ToolSpec
from .draft import draft_reply
from .send import send_reply

TOOLS: list[ToolSpec] = [draft_reply, send_reply]
