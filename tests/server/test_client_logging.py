"""Our log lines reach the MCP client as notifications/message, only at or above the level the client chose."""

from __future__ import annotations

import logging
from typing import Any

import anyio
import pytest
from mcp import MCPDeprecationWarning
from mcp.types import LoggingMessageNotificationParams

ORG = "Acme Support"
MISSING = {"organization": ORG, "ticketId": "1892000000999999"}  # a well-formed ID no ticket has: a tool error


@pytest.fixture(autouse=True)
def info_logs(caplog: pytest.LogCaptureFixture) -> None:
    """The CLI serves with our loggers at INFO; do the same here (the test process leaves them at WARNING)."""
    caplog.set_level(logging.INFO, logger="zoho_desk_mcp")


def collector() -> tuple[list[LoggingMessageNotificationParams], Any]:
    received: list[LoggingMessageNotificationParams] = []

    async def on_log(params: LoggingMessageNotificationParams) -> None:
        received.append(params)

    return received, on_log


def tool_errors(received: list[LoggingMessageNotificationParams]) -> list[LoggingMessageNotificationParams]:
    return [p for p in received if isinstance(p.data, str) and p.data.startswith("tool error: ")]


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_a_client_asking_for_info_receives_the_tool_error_line(connect, mode):
    received, on_log = collector()
    options = {"mode": mode, "log_level": "info", "logging_callback": on_log}
    async with connect(client_options=options) as client:
        result = await client.call_tool("get_ticket", MISSING)
    assert result.is_error
    [line] = tool_errors(received)
    assert line.level == "info" and line.logger == "zoho_desk_mcp.tools.kit.errors"
    assert line.data == "tool error: InputError"  # the 404 reads as "no ticket matches" (kit/args.about_ticket)


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_a_client_asking_for_errors_only_receives_no_info_line(connect, mode):
    received, on_log = collector()
    options = {"mode": mode, "log_level": "error", "logging_callback": on_log}
    async with connect(client_options=options) as client:
        if mode == "legacy":  # the handshake era's way to choose: logging/setLevel
            with pytest.warns(MCPDeprecationWarning):
                await client.set_logging_level("error")
        result = await client.call_tool("get_ticket", MISSING)
    assert result.is_error
    assert [p for p in received if p.level in ("debug", "info", "notice", "warning")] == []


async def test_a_legacy_client_that_chose_nothing_receives_every_info_line(connect):
    received, on_log = collector()
    async with connect(client_options={"mode": "legacy", "logging_callback": on_log}) as client:
        await client.call_tool("get_ticket", MISSING)
    assert len(tool_errors(received)) == 1


async def test_a_2026_client_that_did_not_opt_in_receives_nothing(connect):
    received, on_log = collector()
    async with connect(client_options={"mode": "auto", "logging_callback": on_log}) as client:
        await client.call_tool("get_ticket", MISSING)
    assert received == []


async def test_a_legacy_server_offers_the_logging_capability(connect):
    async with connect(client_options={"mode": "legacy"}) as client:
        assert client.server_capabilities is not None
        assert client.server_capabilities.logging is not None


async def test_concurrent_calls_each_send_only_their_own_lines(connect, acme):
    received, on_log = collector()
    ticket = next(iter(acme.tickets.values()))
    options = {"mode": "legacy", "log_level": "info", "logging_callback": on_log}
    async with connect(client_options=options) as client, anyio.create_task_group() as group:
        for _ in range(3):
            group.start_soon(client.call_tool, "get_ticket", {"organization": ORG, "ticketId": ticket["id"]})
        group.start_soon(client.call_tool, "get_ticket", MISSING)
    assert len(tool_errors(received)) == 1
