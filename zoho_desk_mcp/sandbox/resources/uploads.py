"""Uploads: `POST /uploads` holds a file until a ticket (`uploads[]`) or comment (`attachmentIds[]`) uses it.

The multipart `file` part's name, type and bytes are kept (files.py); the dispatcher has already turned a
missing part into 422, a non-multipart body into 415 and a file over 20 MB into 413.
"""

from __future__ import annotations

from typing import Any

from .. import conversation_records, files
from ..routing import Call, Endpoint, scopes

CREATE = scopes("Desk.basic.CREATE")  # Upload.json lists only this one (not Desk.tickets.*)


def upload_file(call: Call) -> dict[str, Any]:
    file = call.files[0]
    creator_id = call.caller()["id"]
    record = conversation_records.upload(call.store, file.filename, file.size, creator_id=creator_id, when=call.now)
    call.org.uploads[record["id"]] = record
    files.keep(call.org, record["id"], file.filename, file.data, file.content_type)
    return dict(record)


ENDPOINTS = [
    Endpoint("POST", "/api/v1/uploads", upload_file, CREATE, body="multipart"),
]
