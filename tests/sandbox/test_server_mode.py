"""The sandbox as a real server (`zoho-desk-mcp sandbox`) driven by a plain HTTP client over loopback."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ..conftest import RunningSandbox


@pytest.fixture
def client(sandbox_server: RunningSandbox) -> Iterator[httpx.Client]:
    sandbox_server.reset()
    with httpx.Client(base_url=sandbox_server.base_url, timeout=10.0) as http:
        yield http


def token_for(http: httpx.Client) -> str:
    response = http.post(
        "/oauth/v2/token",
        data={
            "grant_type": "refresh_token",
            "client_id": "sandbox-client",
            "client_secret": "sandbox-secret",
            "refresh_token": "sandbox-refresh-token",
        },
    )
    return str(response.json()["access_token"])


def test_the_server_prints_its_base_url_and_credentials_to_stderr(sandbox_server: RunningSandbox) -> None:
    banner = sandbox_server.banner
    assert sandbox_server.base_url in banner
    for credential in ("sandbox-client", "sandbox-secret", "sandbox-refresh-token"):
        assert credential in banner


def test_a_plain_client_pages_through_every_ticket_and_creates_uploads_and_attaches(
    client: httpx.Client,
) -> None:
    token = token_for(client)
    orgs = client.get("/api/v1/organizations", headers={"Authorization": f"Zoho-oauthtoken {token}"}).json()[
        "data"
    ]
    headers = {"Authorization": f"Zoho-oauthtoken {token}", "orgId": orgs[0]["id"]}

    seen: list[str] = []
    start = 0
    while True:
        page = client.get("/api/v1/tickets", params={"from": start, "limit": 100}, headers=headers)
        if page.status_code == 204:
            assert page.content == b""
            break
        rows = page.json()["data"]
        seen.extend(row["id"] for row in rows)
        if len(rows) < 100:
            break
        start += 100
    assert len(seen) == len(set(seen)) >= 250

    department = client.get("/api/v1/departments", headers=headers).json()["data"][0]["id"]
    created = client.post(
        "/api/v1/tickets",
        headers=headers,
        json={
            "subject": "Printer on fire",
            "departmentId": department,
            "contact": {"lastName": "Newcomer", "email": "new.person@example.com"},
        },
    )
    assert created.status_code == 200, created.text
    ticket = created.json()
    contact = client.get(f"/api/v1/contacts/{ticket['contactId']}", headers=headers).json()
    assert contact["email"] == "new.person@example.com"

    upload = client.post(
        "/api/v1/uploads", headers=headers, files={"file": ("log.txt", b"hello", "text/plain")}
    )
    assert upload.status_code == 200 and upload.json()["size"] == "5"
    attached = client.post(
        f"/api/v1/tickets/{ticket['id']}/attachments",
        params={"isPublic": "true"},
        headers=headers,
        files={"file": ("photo.png", b"\x89PNG....", "image/png")},
    )
    assert attached.status_code == 200 and attached.json()["isPublic"] is True
    listed = client.get(f"/api/v1/tickets/{ticket['id']}/attachments", headers=headers).json()["data"]
    assert [a["name"] for a in listed] == ["photo.png"]


def test_a_reset_dropped_write_breaks_the_connection_but_is_committed(client: httpx.Client) -> None:
    token = token_for(client)
    headers = {"Authorization": f"Zoho-oauthtoken {token}"}
    org_id = client.get("/api/v1/organizations", headers=headers).json()["data"][0]["id"]
    headers["orgId"] = org_id
    contact = client.get("/api/v1/contacts", headers=headers, params={"limit": 1}).json()["data"][0]["id"]
    department = client.get("/api/v1/departments", headers=headers).json()["data"][0]["id"]
    client.post("/_sandbox/faults", json={"dropNextWrites": 1, "dropMode": "reset"})
    with pytest.raises(httpx.TransportError):
        client.post(
            "/api/v1/tickets",
            headers=headers,
            json={"subject": "Reset me", "departmentId": department, "contactId": contact},
        )
    client.post("/_sandbox/faults", json={"dropNextWrites": 1, "dropMode": "timeout"})
    with pytest.raises(httpx.ReadTimeout):
        client.post(
            "/api/v1/tickets",
            headers=headers,
            timeout=0.5,
            json={"subject": "Time me out", "departmentId": department, "contactId": contact},
        )
    newest = client.get(
        "/api/v1/tickets", headers=headers, params={"sortBy": "-createdTime", "limit": 5}
    ).json()
    subjects = {row["subject"] for row in newest["data"]}
    assert {"Reset me", "Time me out"} <= subjects


def test_a_bad_data_file_stops_the_sandbox_with_the_entry_named(tmp_path: Path) -> None:
    data = tmp_path / "data.json"
    data.write_text(
        '{"organizations": [{"companyName": "X", "portalName": "x", "departments": [{"name": "A"}],'
        ' "agents": [{"emailId": "a@x.test", "lastName": "A", "departments": ["Nope"]}]}]}'
    )
    result = subprocess.run(
        [sys.executable, "-m", "zoho_desk_mcp", "sandbox", "--data", str(data)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "organizations[0].agents[0]" in result.stderr and "Nope" in result.stderr
