"""Downloading a file's bytes (`…/attachments/{id}/content`) with a size cap that holds before anything is read.

The body is streamed: a declared `Content-Length` over the cap stops the download before the first byte, and
otherwise reading stops as soon as the bytes pass the cap, so at most the cap plus one chunk is ever held (a
gzip body is counted after decoding). The content type is passed on as served; Zoho labels many files
`text/html`, so callers sniff the bytes. Reads are retried like every other GET.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import httpx

from .errors import UnexpectedResponseError, ZohoAPIError, ZohoDeskError, api_error
from .limits import credits_from

if TYPE_CHECKING:
    from .core import DeskClient

ERROR_BODY_BYTES = 64 * 1024
_FILENAME_STAR = re.compile(r"filename\*\s*=\s*UTF-8''([^;]+)", re.IGNORECASE)
_FILENAME = re.compile(r'filename\s*=\s*"([^"]*)"', re.IGNORECASE)


class DownloadTooLargeError(ZohoDeskError):
    """The file is bigger than the caller's cap; `size` is the declared size when Zoho sent one."""

    def __init__(self, limit: int, size: int | None) -> None:
        self.limit = limit
        self.size = size
        shown = f"{size} bytes" if size is not None else "more"
        super().__init__(f"the file is {shown}; the limit for reading it is {limit} bytes")


@dataclass(frozen=True)
class Download:
    """A downloaded file: its bytes (cut at the cap when `complete` is False) and what Zoho said about it."""

    data: bytes
    content_type: str | None
    file_name: str | None
    declared_size: int | None
    complete: bool


async def download(
    client: DeskClient, path: str, *, org_id: str | None, max_bytes: int, partial: bool = False
) -> Download:
    """GET `path` (relative to `/api/v1`) as bytes, at most `max_bytes` of them.

    Over the cap: `DownloadTooLargeError`, or with `partial=True` the first `max_bytes` and `complete=False`.
    """
    if max_bytes < 1:
        raise ValueError("max_bytes must be at least 1")
    from .core import _check_path

    _check_path(path)
    attempt = 0
    while True:
        attempt += 1
        try:
            return await _attempt(client, path, org_id, max_bytes, partial)
        except httpx.TransportError as exc:
            delay = client.retry.retry_error("GET", exc, attempt)
            if delay is None:
                from .core import _transport_error

                raise _transport_error("GET", path, exc) from exc
        except ZohoAPIError as error:
            delay = client.retry.retry_response("GET", error, attempt)
            if delay is None:
                raise
        await client.retry.sleep(delay)


async def _attempt(client: DeskClient, path: str, org_id: str | None, max_bytes: int, partial: bool) -> Download:
    headers = {"orgId": org_id} if org_id else {}
    async with client._limiter(org_id).slot(), client._http.stream(
        "GET", client.base_url + path, headers=headers, auth=client._auth, timeout=client._timeout
    ) as response:
        credits = credits_from(response)
        if credits is not None:
            client._credits[org_id] = credits
        if response.status_code >= 300:
            raise await _error(response, path)
        declared = _declared_size(response)
        if declared is not None and declared > max_bytes and not partial:
            raise DownloadTooLargeError(max_bytes, declared)
        data, complete = await read_capped(response, max_bytes)
        if not complete and not partial:
            raise DownloadTooLargeError(max_bytes, declared)
        return Download(data, response.headers.get("content-type"), file_name_of(response), declared, complete)


async def read_capped(response: httpx.Response, cap: int) -> tuple[bytes, bool]:
    """At most `cap` bytes of the body and whether that was all of it; stops reading once past the cap."""
    buffer = bytearray()
    async for chunk in response.aiter_bytes():  # as the network delivers them: no re-buffering
        buffer.extend(chunk)
        if len(buffer) > cap:
            del buffer[cap:]
            return bytes(buffer), False
    return bytes(buffer), True


async def _error(response: httpx.Response, path: str) -> ZohoDeskError:
    if response.status_code < 400:
        return UnexpectedResponseError(f"Zoho answered HTTP {response.status_code} (a redirect) to a download")
    raw, _ = await read_capped(response, ERROR_BODY_BYTES)
    body: Any = None
    try:
        body = httpx.Response(200, content=raw).json() if raw.strip() else None
    except ValueError:
        body = None
    return api_error(
        response.status_code, body, method="GET", path=path, retry_after=response.headers.get("Retry-After")
    )


def _declared_size(response: httpx.Response) -> int | None:
    value = response.headers.get("content-length", "")
    return int(value) if value.isdigit() else None


def file_name_of(response: httpx.Response) -> str | None:
    """The name from `Content-Disposition` (the UTF-8 `filename*` form first)."""
    header = response.headers.get("content-disposition", "")
    star = _FILENAME_STAR.search(header)
    if star:
        return unquote(star.group(1).strip())
    plain = _FILENAME.search(header)
    return plain.group(1) if plain else None
