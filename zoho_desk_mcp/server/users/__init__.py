"""`--users zoho`: every user signs in to Zoho through this server (an OAuth 2.1 authorization server for MCP
clients), and every tool call acts as them. State is shared through `zoho_desk_mcp.state`, so replicas agree.
"""

from __future__ import annotations

from .team import Team
from .zoho import SignInNeededError, current_subject

__all__ = ["SignInNeededError", "Team", "current_subject"]
