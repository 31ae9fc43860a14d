"""Knowledge tools: search and read the help centre's articles, and the articles Zoho suggests for a ticket."""

from __future__ import annotations

from ..kit.registry import ToolSpec
from .articles import get_article, search_articles
from .suggest import suggest_articles

TOOLS: list[ToolSpec] = [search_articles, get_article, suggest_articles]
