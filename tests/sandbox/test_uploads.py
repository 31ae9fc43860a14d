"""POST /uploads: a multipart `file` becomes an upload record that later ticket or comment calls can use."""

from __future__ import annotations

import re

import httpx
import pytest

from zoho_desk_mcp.sandbox import MAX_FILE_BYTES, Sandbox
from zoho_desk_mcp.sandbox.store import OrgData

from .conversation_data import ADMIN, agent_id, conversation_sandbox, scoped_desk


@pytest.fixture
def sandbox() -> Sandbox:
    return conversation_sandbox()


async def test_an_uploaded_file_is_answered_with_zohos_upload_record_and_kept(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    response = await desk.post(
        "/uploads", files={"file": ("report.pdf", b"%PDF-1.4 hello", "application/pdf")}
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"id", "name", "size", "creatorId", "createdTime", "isPublic", "href", "previewurl"}
    assert body["name"] == "report.pdf"
    assert body["size"] == "14"
    assert body["isPublic"] is False
    assert body["creatorId"] == agent_id(org, ADMIN)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", body["createdTime"])
    assert body["href"] == f"https://desk.zoho.com/api/v1/uploads/{body['id']}/content"
    assert org.uploads[body["id"]]["name"] == "report.pdf"


async def test_two_uploads_get_different_ids(desk: httpx.AsyncClient, org: OrgData) -> None:
    first = await desk.post("/uploads", files={"file": ("a.txt", b"a")})
    second = await desk.post("/uploads", files={"file": ("a.txt", b"a")})
    assert first.json()["id"] != second.json()["id"]
    assert len(org.uploads) == 2


async def test_a_multipart_body_without_a_file_part_is_invalid_data(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    response = await desk.post("/uploads", data={"name": "x"}, files={"other": ("a.txt", b"a")})
    assert response.status_code == 422
    assert response.json()["errorCode"] == "INVALID_DATA"
    assert response.json()["errors"][0]["fieldName"] == "/file"
    assert org.uploads == {}


async def test_a_json_body_is_an_unsupported_media_type(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.post("/uploads", json={"file": "aGVsbG8="})
    assert response.status_code == 415
    assert response.json()["errorCode"] == "UNSUPPORTED_MEDIA_TYPE"
    assert org.uploads == {}


async def test_a_file_of_exactly_20_mb_is_accepted(desk: httpx.AsyncClient) -> None:
    response = await desk.post("/uploads", files={"file": ("big.bin", bytes(MAX_FILE_BYTES))})
    assert response.status_code == 200
    assert response.json()["size"] == str(MAX_FILE_BYTES)


async def test_a_file_one_byte_over_20_mb_is_refused_with_413_and_not_kept(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    response = await desk.post("/uploads", files={"file": ("big.bin", bytes(MAX_FILE_BYTES + 1))})
    assert response.status_code == 413
    assert response.json()["errorCode"] == "RESOURCE_SIZE_EXCEEDED"
    assert org.uploads == {}


async def test_query_parameters_are_not_accepted(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.post("/uploads", params={"isPublic": "true"}, files={"file": ("a.txt", b"a")})
    assert response.status_code == 422
    assert response.json()["message"] == "Extra query parameter 'isPublic' is present in the input."
    assert org.uploads == {}


async def test_uploading_needs_the_basic_create_scope_not_a_tickets_scope(
    sandbox: Sandbox, http: httpx.AsyncClient, org: OrgData
) -> None:
    async with await scoped_desk(sandbox, http, org, ["Desk.tickets.ALL"]) as tickets_only:
        refused = await tickets_only.post("/uploads", files={"file": ("a.txt", b"a")})
    assert refused.status_code == 401
    assert refused.json()["errorCode"] == "SCOPE_MISMATCH"
    async with await scoped_desk(sandbox, http, org, ["Desk.basic.CREATE"]) as basic:
        accepted = await basic.post("/uploads", files={"file": ("a.txt", b"a")})
    assert accepted.status_code == 200
    assert list(org.uploads) == [accepted.json()["id"]]


async def test_an_upload_without_a_token_is_unauthorized(http: httpx.AsyncClient, org: OrgData) -> None:
    response = await http.post("/api/v1/uploads", headers={"orgId": org.id}, files={"file": ("a.txt", b"a")})
    assert response.status_code == 401
    assert response.json()["errorCode"] == "UNAUTHORIZED"
