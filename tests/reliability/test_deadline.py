"""Every tool call has an overall deadline (ZOHO_DESK_CALL_DEADLINE): an unresponsive Zoho cannot hold a call for
every retry's full timeout, and the answer says the deadline was reached (and, for a write, that it may have
happened)."""

from __future__ import annotations

import time
from typing import Any

import anyio
import httpx
import pytest
from mcp import Client
from mcp.types import ElicitResult

from zoho_desk_mcp.client import RetryPolicy
from zoho_desk_mcp.config import ConfigError, from_environment
from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.server import ClientTuning, build_server

from .conftest import ACME, Delays, ok, set_faults, text_of

DEADLINE = 0.25
BOUND = 5.0  # without the deadline a call would wait 4 x 10 s
SLOW_ZOHO_MS = 60_000


def slow_client(
    sandbox: Sandbox, delays: Delays, client_options: dict[str, Any] | None = None, **overrides: Any
) -> Client:
    """Our server with the usual request timeout far above the deadline, as in production (30 s vs 60 s)."""
    settings = from_environment({"sandbox": True, "call_deadline": DEADLINE, **overrides}, environ={}, dotenv_path=None)
    tuning = ClientTuning(timeout=httpx.Timeout(10.0), retry=RetryPolicy(sleep=delays.sleep))
    return Client(build_server(settings, sandbox=sandbox, tuning=tuning).mcp, **(client_options or {}))


async def test_a_read_against_an_unresponsive_zoho_stops_at_the_deadline_and_says_so(
    sandbox: Sandbox, delays: Delays
) -> None:
    async with slow_client(sandbox, delays) as client:
        ok(await client.call_tool("list_tickets", {"organization": ACME, "limit": 1}))
        await set_faults(sandbox, latencyMs=SLOW_ZOHO_MS)
        started = time.monotonic()
        with anyio.fail_after(BOUND):
            result = await client.call_tool("list_tickets", {"organization": ACME, "limit": 1})
        elapsed = time.monotonic() - started
        await set_faults(sandbox, clear=True)
        following = await client.call_tool("list_tickets", {"organization": ACME, "limit": 1})
    assert result.is_error and elapsed < 2.0
    text = text_of(result)
    assert f"stopped after {DEADLINE:g} s" in text and "ZOHO_DESK_CALL_DEADLINE" in text
    assert "nothing was changed" in text
    ok(following)


async def test_a_write_stopped_at_the_deadline_says_its_outcome_is_unknown(sandbox: Sandbox, delays: Delays) -> None:
    arguments = {
        "organization": ACME,
        "subject": "Deadline check",
        "department": "Billing",
        "contactEmail": "carol@example.com",
    }
    async with slow_client(sandbox, delays) as client:
        ok(await client.call_tool("list_tickets", {"organization": ACME, "limit": 1}))
        await set_faults(sandbox, latencyMs=SLOW_ZOHO_MS)
        with anyio.fail_after(BOUND):
            result = await client.call_tool("create_ticket", arguments)
    assert result.is_error
    assert "ZOHO_DESK_CALL_DEADLINE" in text_of(result) and "may or may not have been made" in text_of(result)


async def test_the_time_the_user_takes_to_answer_a_question_does_not_count(sandbox: Sandbox, delays: Delays) -> None:
    async def confirm_slowly(context: Any, params: Any) -> ElicitResult:
        await anyio.sleep(2 * DEADLINE)  # a person reading the question
        return ElicitResult(action="accept", content={"confirm": True})

    options = {"mode": "legacy", "elicitation_callback": confirm_slowly}
    ticket = next(iter(sandbox.store.first_org().tickets.values()))
    async with slow_client(sandbox, delays, options, toolsets="tickets,danger") as client:
        with anyio.fail_after(BOUND):
            result = await client.call_tool("move_tickets_to_trash", {"organization": ACME, "tickets": ticket["id"]})
    ok(result)
    assert ticket.get("isTrashed") or ticket["id"] not in sandbox.store.first_org().tickets


def test_the_deadline_defaults_to_sixty_seconds_and_reads_the_environment() -> None:
    assert from_environment({}, environ={}, dotenv_path=None).call_deadline == 60.0
    read = from_environment({}, environ={"ZOHO_DESK_CALL_DEADLINE": "12.5"}, dotenv_path=None)
    assert read.call_deadline == 12.5


@pytest.mark.parametrize("value", ["0", "-1", "soon", "100000"])
def test_a_deadline_that_is_not_a_sensible_number_of_seconds_is_refused(value: str) -> None:
    with pytest.raises(ConfigError, match="ZOHO_DESK_CALL_DEADLINE"):
        from_environment({}, environ={"ZOHO_DESK_CALL_DEADLINE": value}, dotenv_path=None)
