"""The audit trail: one JSON line per write (time, tool, organization, targets, outcome, client, credits), and
nothing in it that a customer wrote or that could sign in."""

from __future__ import annotations

import base64
import io
import json
import logging
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.types import ElicitResult

from zoho_desk_mcp.cli import build_parser, settings_from
from zoho_desk_mcp.config import from_environment
from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import DEFAULT_CLIENT_SECRET, DEFAULT_REFRESH_TOKEN
from zoho_desk_mcp.tools import TOOLSETS
from zoho_desk_mcp.tools.kit.audit import AuditLog, client_name, ids_in, ids_in_arguments, outcome_of

from .conftest import ACME, ok, set_faults

SECRET_WORDS = "Quetzalcoatl-7731"  # customer-written text in every argument that carries any
ALL_TOOLSETS = ",".join(TOOLSETS)
Audit = Callable[[], list[dict[str, Any]]]


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def write_calls(ticket_id: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        (
            "create_ticket",
            {
                "subject": f"Refund {SECRET_WORDS}",
                "department": "Billing",
                "description": f"My card {SECRET_WORDS}",
                "contactEmail": "carol@example.com",
            },
        ),
        ("upload_file", {"fileName": f"{SECRET_WORDS}.txt", "fileData": b64(SECRET_WORDS)}),
        (
            "create_ticket_attachment",
            {"ticket": ticket_id, "fileName": f"{SECRET_WORDS}.txt", "fileData": b64(SECRET_WORDS)},
        ),
        ("add_ticket_comment", {"ticket": ticket_id, "content": f"Called back {SECRET_WORDS}"}),
        ("add_agent", {"emailId": "new.agent@acme.com", "lastName": SECRET_WORDS, "departments": "Billing"}),
        ("set_agent_status", {"agents": "jane@acme.com", "status": "DISABLED"}),
        ("update_ticket", {"ticket": ticket_id, "priority": "High", "resolution": f"Done {SECRET_WORDS}"}),
        ("move_tickets_to_trash", {"tickets": ticket_id}),
    ]


async def confirm(context: Any, params: Any) -> ElicitResult:
    return ElicitResult(action="accept", content={"confirm": True})


async def test_every_write_leaves_one_record_with_its_targets_and_no_customer_text(
    connect: Callable[..., Client], sandbox: Sandbox, audit_lines: Audit, tmp_path: Path
) -> None:
    acme = sandbox.store.first_org()
    ticket_id = next(iter(acme.tickets))
    results = {}
    options = {"elicitation_callback": confirm}
    async with connect(name="audit-tests", toolsets=ALL_TOOLSETS, client_options=options) as client:
        ok(await client.call_tool("list_tickets", {"organization": ACME, "limit": 1}))  # reads leave none
        for tool, args in write_calls(ticket_id):
            results[tool] = ok(await client.call_tool(tool, {"organization": ACME, **args}))
    records = audit_lines()
    assert [r["tool"] for r in records] == [tool for tool, _ in write_calls(ticket_id)]
    for record in records:
        assert set(record) >= {"time", "tool", "organization", "targets", "outcome", "client", "creditsRemaining"}
        assert record["organization"] == acme.id and record["outcome"] == "ok" and record["client"] == "audit-tests"
        assert record["time"].endswith("Z") and record["targets"]
    by_tool = {r["tool"]: r for r in records}
    assert by_tool["create_ticket"]["targets"] == [results["create_ticket"]["id"]]
    assert by_tool["create_ticket_attachment"]["targets"] == [results["create_ticket_attachment"]["id"], ticket_id]
    assert by_tool["add_ticket_comment"]["targets"][0] == results["add_ticket_comment"]["id"]
    assert by_tool["set_agent_status"]["targets"] == [row["id"] for row in results["set_agent_status"]["agents"]]
    assert by_tool["update_ticket"]["targets"] == by_tool["move_tickets_to_trash"]["targets"] == [ticket_id]
    assert records[-1]["creditsRemaining"] == acme.credits_remaining
    text = (tmp_path / "audit.jsonl").read_text()
    for forbidden in (
        SECRET_WORDS,
        b64(SECRET_WORDS),
        "carol@",
        "new.agent@",
        "jane@",
        DEFAULT_CLIENT_SECRET,
        DEFAULT_REFRESH_TOKEN,
        "1000.",
    ):
        assert forbidden not in text
    assert stat.S_IMODE((tmp_path / "audit.jsonl").stat().st_mode) == 0o600


async def test_failed_and_lost_writes_are_recorded_as_error_or_unknown(
    connect: Callable[..., Client], sandbox: Sandbox, audit_lines: Audit
) -> None:
    ticket_id = next(iter(sandbox.store.first_org().tickets))
    comment = {"organization": ACME, "ticket": ticket_id, "content": "note"}
    async with connect() as client:
        missing = await client.call_tool("add_ticket_comment", {**comment, "ticket": "998877665544"})
        await set_faults(sandbox, dropNextWrites=1, dropMode="reset", dropMatch="POST /api/v1/tickets/{ticketId}")
        dropped = await client.call_tool("add_ticket_comment", comment)
        await set_faults(sandbox, failNext=1, failStatus=502, failMatch="POST /api/v1/tickets/{ticketId}/comments")
        failed_5xx = await client.call_tool("add_ticket_comment", comment)
        bad_input = await client.call_tool("add_ticket_comment", {**comment, "content": " "})
    assert all(r.is_error for r in (missing, dropped, failed_5xx, bad_input))
    outcomes = [(r["outcome"], r["targets"], r.get("error")) for r in audit_lines()]
    assert outcomes == [
        ("error", ["998877665544"], "InputError"),
        ("unknown", [ticket_id], "ToolError"),
        ("unknown", [ticket_id], "ServerError"),
        ("error", [ticket_id], "InputError"),
    ]


async def test_without_an_audit_file_records_go_to_stderr(
    server: Callable[..., Any], capsys: pytest.CaptureFixture[str]
) -> None:
    async with Client(server(audit_log=None).mcp) as client:
        ok(await client.call_tool("upload_file", {"organization": ACME, "fileName": "a.txt", "fileData": b64("hi")}))
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    assert [r["tool"] for r in lines] == ["upload_file"]
    assert lines[0]["client"]  # the SDK's client always names itself


async def test_the_remaining_api_credits_are_logged_at_info(
    connect: Callable[..., Client], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="zoho_desk_mcp.client.core"):
        async with connect() as client:
            ok(await client.call_tool("list_tickets", {"organization": ACME, "limit": 1}))
    assert any("credits left today" in m for m in caplog.messages)


def test_the_audit_file_comes_from_the_flag_or_the_environment(tmp_path: Path) -> None:
    args = build_parser().parse_args(["serve", "--sandbox", "--audit-log", str(tmp_path / "a.jsonl")])
    assert settings_from(args).audit_log == tmp_path / "a.jsonl"
    env = {"ZOHO_DESK_AUDIT_LOG": str(tmp_path / "b.jsonl")}
    assert from_environment({}, environ=env, dotenv_path=None).audit_log == tmp_path / "b.jsonl"


def test_a_client_without_a_name_is_recorded_as_unknown() -> None:
    assert client_name(None) == "unknown"


def test_only_id_shaped_arguments_count_as_targets() -> None:
    arguments = {"ticket": "#101", "agents": "jane@acme.com, 18920001", "tickets": ["x y", "5"], "content": "7"}
    assert ids_in_arguments(arguments) == ["#101", "5", "18920001"]
    assert ids_in({"id": "1", "ticketId": "2", "agents": [{"id": "3", "name": "x"}], "note": "4"}) == ["1", "2", "3"]
    assert outcome_of(ValueError()) == "error"


def test_an_unwritable_audit_file_never_breaks_the_call(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    AuditLog(tmp_path / "missing-dir" / "audit.jsonl").write({"tool": "x"})
    stream = io.StringIO()
    AuditLog(stream=stream).write({"tool": "y"})
    assert json.loads(stream.getvalue()) == {"tool": "y"}
    assert any("could not write the audit record" in m for m in caplog.messages)
