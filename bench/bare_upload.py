"""The SDK's floor for a large argument: a bare MCPServer whose one tool only measures the text it receives."""

from __future__ import annotations

from mcp.server import MCPServer

mcp = MCPServer("bare-upload")


@mcp.tool()
def size(fileData: str) -> int:
    """The length of the text."""
    return len(fileData)


if __name__ == "__main__":
    mcp.run()
