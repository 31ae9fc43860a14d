"""Downloads: ticket, thread and comment files serve the bytes they were given, labelled as Zoho labels them."""

from __future__ import annotations

import base64
import copy

import httpx
import pytest

from zoho_desk_mcp.sandbox import Sandbox, SandboxTransport
from zoho_desk_mcp.sandbox.files import HTML_LABEL, tiny_png
from zoho_desk_mcp.sandbox.store import OrgData

from .conversation_data import conversation_data, conversation_sandbox, scoped_desk, ticket
from .support import BASE_URL, access_token

PNG = tiny_png()
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


@pytest.fixture
def sandbox() -> Sandbox:
    return conversation_sandbox()


def tid(org: OrgData, subject: str = "Printer on fire") -> str:
    return str(ticket(org, subject)["id"])


async def attach(desk: httpx.AsyncClient, ticket_id: str, name: str, data: bytes, ctype: str) -> str:
    response = await desk.post(f"/tickets/{ticket_id}/attachments", files={"file": (name, data, ctype)})
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


async def test_an_attached_file_downloads_with_its_bytes_labelled_text_html(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    body = b"line 1\nline 2 \xc3\xa9\n"
    attachment_id = await attach(desk, tid(org), "app.log", body, "text/plain")
    response = await desk.get(f"/tickets/{tid(org)}/attachments/{attachment_id}/content")
    assert response.status_code == 200
    assert response.content == body
    assert response.headers["content-type"] == HTML_LABEL
    assert 'filename="app.log"' in response.headers["content-disposition"]


@pytest.mark.parametrize(
    ("name", "data", "ctype", "served"),
    [
        ("shot.png", PNG, "image/png", HTML_LABEL),
        ("photo.jpg", JPEG, "image/jpeg", "image/jpeg"),
        ("photo.jpeg", JPEG, "application/octet-stream", "image/jpeg"),
        ("data.csv", b"a,b\n1,2\n", "text/csv", HTML_LABEL),
    ],
)
async def test_jpeg_gif_webp_and_pdf_keep_their_type_and_everything_else_is_labelled_html(
    desk: httpx.AsyncClient, org: OrgData, name: str, data: bytes, ctype: str, served: str
) -> None:
    attachment_id = await attach(desk, tid(org), name, data, ctype)
    response = await desk.get(f"/tickets/{tid(org)}/attachments/{attachment_id}/content")
    assert (response.content, response.headers["content-type"]) == (data, served)


async def test_an_upload_used_by_a_new_ticket_keeps_its_bytes_under_the_attachment_id(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    upload = (await desk.post("/uploads", files={"file": ("shot.png", PNG, "image/png")})).json()
    created = await desk.post(
        "/tickets",
        json={"subject": "With a file", "departmentId": ticket(org, "Quiet ticket")["departmentId"],
              "contactId": ticket(org, "Quiet ticket")["contactId"], "uploads": [upload["id"]]},
    )
    assert created.status_code == 200, created.text
    new_id = created.json()["id"]
    rows = (await desk.get(f"/tickets/{new_id}/attachments")).json()["data"]
    assert [r["name"] for r in rows] == ["shot.png"]
    download = await desk.get(f"/tickets/{new_id}/attachments/{rows[0]['id']}/content")
    assert download.content == PNG


async def test_a_comment_file_downloads_from_the_href_the_comment_gives(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    upload = (await desk.post("/uploads", files={"file": ("notes.txt", b"see above", "text/plain")})).json()
    comment = await desk.post(
        f"/tickets/{tid(org)}/comments", json={"content": "files", "attachmentIds": [upload["id"]]}
    )
    href = comment.json()["attachments"][0]["href"]
    path = href.split("/api/v1", 1)[1]
    response = await desk.get(path)
    assert (response.status_code, response.content) == (200, b"see above")


async def test_a_file_without_stored_bytes_serves_a_stand_in_of_its_stated_size(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    threads = (await desk.get(f"/tickets/{tid(org)}/threads", params={"sortBy": "sendDateTime"})).json()["data"]
    first = (await desk.get(f"/tickets/{tid(org)}/threads/{threads[0]['id']}")).json()
    item = first["attachments"][0]
    assert item["name"] == "flames.png"
    response = await desk.get(item["href"].split("/api/v1", 1)[1])
    assert response.status_code == 200
    assert len(response.content) == int(item["size"]) == 2048
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


async def test_data_file_content_and_base64_are_served_and_the_size_follows_them() -> None:
    data = copy.deepcopy(conversation_data())
    printer = data["organizations"][0]["tickets"][0]
    printer["attachments"] = [
        {"name": "hello.txt", "size": 999, "content": "hello"},
        {"name": "dot.png", "base64": base64.b64encode(PNG).decode(), "contentType": "image/png"},
    ]
    sandbox = Sandbox(data)
    org = sandbox.store.first_org()
    async with httpx.AsyncClient(transport=SandboxTransport(sandbox.app), base_url=BASE_URL) as http:
        headers = {"Authorization": f"Zoho-oauthtoken {await access_token(http)}", "orgId": org.id}
        rows = (await http.get(f"/api/v1/tickets/{tid(org)}/attachments", headers=headers)).json()["data"]
        assert [(r["name"], r["size"]) for r in rows] == [("hello.txt", "5"), ("dot.png", str(len(PNG)))]
        bodies = [
            (await http.get(f"/api/v1/tickets/{tid(org)}/attachments/{r['id']}/content", headers=headers)).content
            for r in rows
        ]
    assert bodies == [b"hello", PNG]


def test_a_data_file_with_bad_base64_names_the_entry() -> None:
    from zoho_desk_mcp.sandbox.dataset import DatasetError

    data = copy.deepcopy(conversation_data())
    data["organizations"][0]["tickets"][0]["attachments"] = [{"name": "x.bin", "base64": "not base64!"}]
    with pytest.raises(DatasetError, match=r"tickets\[0\]\.attachments\[0\]"):
        Sandbox(data)


async def test_the_default_data_set_has_real_sample_files_on_acmes_newest_ticket() -> None:
    sandbox = Sandbox()
    org = sandbox.store.first_org()
    newest = max(org.tickets.values(), key=lambda t: int(t["ticketNumber"]))
    async with httpx.AsyncClient(transport=SandboxTransport(sandbox.app), base_url=BASE_URL) as http:
        headers = {"Authorization": f"Zoho-oauthtoken {await access_token(http)}", "orgId": org.id}
        rows = (await http.get(f"/api/v1/tickets/{newest['id']}/attachments", headers=headers)).json()["data"]
        by_name = {r["name"]: r for r in rows}
        log = await http.get(
            f"/api/v1/tickets/{newest['id']}/attachments/{by_name['router-debug.log']['id']}/content", headers=headers
        )
        png = await http.get(
            f"/api/v1/tickets/{newest['id']}/attachments/{by_name['signal-strength.png']['id']}/content",
            headers=headers,
        )
    assert {"router-debug.log", "speed-test.csv", "signal-strength.png", "isp-reply.eml"} <= set(by_name)
    assert b"watchdog: wifi driver hung" in log.content
    assert png.content.startswith(b"\x89PNG") and png.headers["content-type"] == HTML_LABEL


@pytest.mark.parametrize("which", ["attachment", "ticket", "trashed"])
async def test_an_unknown_file_or_ticket_is_url_not_found(
    desk: httpx.AsyncClient, org: OrgData, which: str
) -> None:
    attachment_id = str(org.attachments[tid(org)][0]["id"])
    path = {
        "attachment": f"/tickets/{tid(org)}/attachments/1234/content",
        "ticket": f"/tickets/999999/attachments/{attachment_id}/content",
        "trashed": f"/tickets/{tid(org, 'Binned ticket')}/attachments/{attachment_id}/content",
    }[which]
    response = await desk.get(path)
    assert (response.status_code, response.json()["errorCode"]) == (404, "URL_NOT_FOUND")


async def test_a_download_needs_the_tickets_read_scope(
    sandbox: Sandbox, http: httpx.AsyncClient, org: OrgData
) -> None:
    attachment_id = str(org.attachments[tid(org)][0]["id"])
    async with await scoped_desk(sandbox, http, org, ["Desk.contacts.READ"]) as client:
        response = await client.get(f"/tickets/{tid(org)}/attachments/{attachment_id}/content")
    assert response.json()["errorCode"] == "SCOPE_MISMATCH"


async def test_deleting_a_thread_file_removes_it_and_its_download(desk: httpx.AsyncClient, org: OrgData) -> None:
    thread = org.threads[tid(org)][0]
    attachment_id = thread["attachments"][0]["id"]
    base = f"/tickets/{tid(org)}/threads/{thread['id']}/attachments/{attachment_id}"
    assert (await desk.delete(base)).status_code == 204
    assert (await desk.get(f"{base}/content")).status_code == 404
    detail = (await desk.get(f"/tickets/{tid(org)}/threads/{thread['id']}")).json()
    assert (detail["attachments"], detail["attachmentCount"], detail["hasAttach"]) == ([], "0", False)


async def test_a_file_name_outside_ascii_is_given_in_the_utf8_form(desk: httpx.AsyncClient, org: OrgData) -> None:
    attachment_id = await attach(desk, tid(org), "résumé.txt", b"cv", "text/plain")
    response = await desk.get(f"/tickets/{tid(org)}/attachments/{attachment_id}/content")
    assert "filename*=UTF-8''r%C3%A9sum%C3%A9.txt" in response.headers["content-disposition"]


async def test_a_ticket_file_can_be_made_public_and_deleted_and_history_says_so(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    attachment_id = await attach(desk, tid(org), "x.txt", b"x", "text/plain")
    base = f"/tickets/{tid(org)}/attachments/{attachment_id}"
    made_public = await desk.patch(base, json={"isPublic": True})
    assert (made_public.status_code, made_public.content) == (200, b"")
    assert next(a for a in org.attachments[tid(org)] if a["id"] == attachment_id)["isPublic"] is True
    assert (await desk.patch(base, json={"isPublic": "yes"})).status_code == 422
    assert (await desk.delete(base)).status_code == 200
    assert (await desk.get(f"{base}/content")).status_code == 404
    assert attachment_id not in [a["id"] for a in org.attachments[tid(org)]]
    names = [e["eventName"] for e in org.history[tid(org)]][-3:]
    assert names == ["AttachmentAdded", "AttachmentUpdated", "AttachmentDeleted"]
