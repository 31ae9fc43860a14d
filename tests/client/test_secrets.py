"""No log line, repr or exception text of the client carries a token or the client secret."""

from __future__ import annotations

import logging

import httpx
import pytest

from zoho_desk_mcp.client import DeskClient, ZohoDeskError
from zoho_desk_mcp.sandbox import DEFAULT_CLIENT_SECRET, DEFAULT_REFRESH_TOKEN, Sandbox

from .support import set_faults


async def test_logs_and_errors_never_contain_a_secret(
    sandbox: Sandbox, desk: DeskClient, http: httpx.AsyncClient, org_id: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    texts: list[str] = [repr(desk), repr(desk.org(org_id)), repr(desk.org(org_id).tickets)]
    portal = desk.org(org_id)
    await portal.departments.all()
    await set_faults(http, failNext=2, failStatus=503)
    await portal.agents.all()
    await set_faults(http, expireAccessTokens=True)
    await portal.teams.list()
    await set_faults(http, dropNextWrites=1, dropMode="reset")
    failing = [
        portal.tickets.get("1892999999999999"),
        portal.tickets.create({"subject": "x"}),
        portal.comments.create("1892000000000110", "lost"),
        desk.get("/departments", org_id="42"),
    ]
    for call in failing:
        with pytest.raises(ZohoDeskError) as caught:
            await call
        texts += [str(caught.value), repr(caught.value), str(caught.value.__cause__ or "")]
    secrets = [DEFAULT_CLIENT_SECRET, DEFAULT_REFRESH_TOKEN, *sandbox.store.access_grants]
    assert len(secrets) >= 4  # two access tokens were issued
    texts += [record.getMessage() for record in caplog.records]
    assert any("retrying" in t for t in texts)
    for secret in secrets:
        assert not [t for t in texts if secret in t]
