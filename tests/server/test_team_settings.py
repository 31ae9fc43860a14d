"""Settings for team deployments: `--users zoho` and `--stateless` are checked at start-up, naming what to set."""

from __future__ import annotations

from typing import Any

import pytest

from zoho_desk_mcp.config import ConfigError, Settings, from_environment

KEY = "k" * 40


def settings(environ: dict[str, str] | None = None, **flags: Any) -> Settings:
    return from_environment(flags, environ=environ or {}, dotenv_path=None)


def test_team_mode_reads_its_settings_from_the_environment() -> None:
    environ = {
        "ZOHO_DESK_STATE_URL": "redis://redis:6379/0", "ZOHO_DESK_STATE_KEY": KEY,
        "ZOHO_DESK_PUBLIC_URL": "https://desk-mcp.example.com/",
    }
    found = settings(environ, transport="http", users="zoho", stateless=True, host="0.0.0.0")
    assert (found.users, found.stateless, found.state_url) == ("zoho", True, "redis://redis:6379/0")
    assert found.base_url == "https://desk-mcp.example.com"
    assert KEY not in repr(found)


@pytest.mark.parametrize(
    ("environ", "flags", "message"),
    [
        ({"ZOHO_DESK_STATE_KEY": KEY}, {"users": "zoho"}, "need --transport http"),
        ({}, {"users": "zoho", "transport": "http"}, "ZOHO_DESK_STATE_KEY"),
        ({"ZOHO_DESK_STATE_KEY": "short"}, {"users": "zoho", "transport": "http"}, "at least 32"),
        ({"ZOHO_DESK_STATE_KEY": KEY, "MCP_AUTH_TOKEN": KEY}, {"users": "zoho", "transport": "http"}, "exclude"),
        ({"ZOHO_DESK_STATE_KEY": KEY}, {"users": "zoho", "transport": "http", "host": "0.0.0.0"}, "PUBLIC_URL"),
        ({"ZOHO_DESK_STATE_URL": "http://redis", "ZOHO_DESK_STATE_KEY": KEY}, {}, "redis://"),
        ({"ZOHO_DESK_STATE_URL": "redis://redis"}, {}, "ZOHO_DESK_STATE_URL needs ZOHO_DESK_STATE_KEY"),
        ({}, {"stateless": True, "transport": "sse"}, "need --transport http"),
        ({}, {"stateless": True, "transport": "http", "toolsets": "dynamic"}, "name the toolsets"),
    ],
)
def test_a_team_setting_that_cannot_work_is_refused_with_what_to_set(
    environ: dict[str, str], flags: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        settings(environ, **flags)


def test_single_user_mode_stays_the_default() -> None:
    found = settings()
    assert (found.users, found.stateless, found.state_url, found.base_url) == (
        None, False, None, "http://127.0.0.1:8000"
    )
