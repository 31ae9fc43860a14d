"""The SDK's floor for start-up: a bare MCPServer with one tool on stdio (launched by startup.py)."""

from __future__ import annotations

from mcp.server import MCPServer

mcp = MCPServer("bare")


@mcp.tool()
def echo(text: str) -> str:
    """Return the text."""
    return text


if __name__ == "__main__":
    mcp.run()
