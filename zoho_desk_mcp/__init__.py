"""zoho-desk-mcp: an MCP server that lets AI assistants work in Zoho Desk safely."""

__version__ = "0.1.0"
