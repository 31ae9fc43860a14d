"""The dropdown data: `list_options`, and the zohodesk:// resources built from the same rows."""

from __future__ import annotations

from ..kit.registry import ToolSpec
from .list_options import list_options

TOOLS: list[ToolSpec] = [list_options]
