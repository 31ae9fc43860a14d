"""Download a file from a public http(s) URL: every hop's host checked and pinned, size capped, time bounded.

The size cap counts decoded bytes as they are inflated (files/decoding.py), so a compression bomb stops at the
cap plus one 64 KiB piece, whatever Content-Encoding chain the server sends.

DNS rebinding: a name is resolved once, all its addresses are checked, and the request is then sent to the checked
address itself (the URL's host is replaced by the IP; the Host header and, for https, the TLS server name and
certificate check keep the original name through httpx's `sni_hostname` extension). Nothing resolves the name a
second time, so an answer that changes between check and connect cannot steer the request. Redirects are followed
by hand, each hop re-checked the same way. Environment proxies are ignored (`trust_env=False`): a proxy would
resolve the name again.
"""

from __future__ import annotations

import tempfile
from typing import IO
from urllib.parse import SplitResult, urljoin, urlsplit

import anyio
import httpx

from .decoding import BodyDecoder, EncodingRefused, encodings_of
from .inputs import (
    ALLOWED,
    FileDataError,
    FileDataOptions,
    FileInput,
    ProgressCallback,
    clip,
    content_type_for,
    describe_size,
)
from .netguard import AddressRefused, HostNotFound, check_host

_SPOOL_BYTES = 1 << 20
_PROGRESS_STEP = 512 * 1024
_DEFAULT_PORTS = {"http": 80, "https": 443}
_HEADERS = {"Accept-Encoding": "identity", "Accept": "*/*", "User-Agent": "zoho-desk-mcp"}


class _CapPassed(Exception):
    """The body passed the size cap (whatever Content-Length said)."""


async def fetch_file(url: str, name: str, options: FileDataOptions) -> FileInput:
    """Fetch `url` into a FileInput; every failure, refusal, timeout or oversize is a FileDataError."""
    try:
        with anyio.fail_after(options.timeout):
            return await _fetch(url, name, options)
    except (TimeoutError, httpx.TimeoutException):
        raise FileDataError(
            f"fetching {clip(url)} took longer than {options.timeout:g} s and was stopped; "
            "pass a URL that answers quickly, or the file itself as base64"
        ) from None
    except httpx.HTTPError as exc:
        raise FileDataError(
            f"could not fetch {clip(url)}: the connection failed ({type(exc).__name__}). {ALLOWED} that can be reached"
        ) from None


async def _fetch(url: str, name: str, options: FileDataOptions) -> FileInput:
    """Follow at most `max_redirects` redirects by hand, checking each hop, and read the final body."""
    transport = options.transport or httpx.AsyncHTTPTransport(
        retries=0, limits=httpx.Limits(max_keepalive_connections=0)
    )
    async with httpx.AsyncClient(transport=transport, trust_env=False, follow_redirects=False) as client:
        current = url
        for hop in range(options.max_redirects + 1):
            request = await _pinned_request(current, options, redirected=hop > 0)
            response = await client.send(request, stream=True)
            try:
                if response.has_redirect_location:
                    current = urljoin(current, response.headers["location"])
                    continue
                if not response.is_success:
                    raise FileDataError(
                        f"could not fetch {clip(current)}: the server answered {response.status_code} "
                        f"{clip(response.reason_phrase, 40)}. {ALLOWED} that can be downloaded"
                    )
                return await _read(response, current, name, options)
            finally:
                await response.aclose()
    raise FileDataError(f"could not fetch {clip(url)}: it redirects more than {options.max_redirects} times")


async def _pinned_request(url: str, options: FileDataOptions, *, redirected: bool) -> httpx.Request:
    """A GET for `url` sent to its checked address, with the original name as Host header and TLS server name."""
    verb = "follow the redirect to" if redirected else "fetch"
    parts = _split(url, verb)
    try:
        checked = await check_host(parts.hostname or "", options.resolver)
    except HostNotFound as exc:
        raise FileDataError(f"could not {verb} {clip(url)}: {exc}; check the URL") from None
    except AddressRefused as exc:
        raise FileDataError(
            f"refused to {verb} {clip(url)}: {exc}; only public internet addresses are fetched"
        ) from None
    scheme = parts.scheme.lower()
    host_header = f"[{checked.name}]" if ":" in checked.name else checked.name
    if parts.port is not None and parts.port != _DEFAULT_PORTS[scheme]:
        host_header += f":{parts.port}"
    target = httpx.URL(scheme=scheme, host=str(checked.address), port=parts.port, path=parts.path or "/")
    if parts.query:
        target = target.copy_with(query=parts.query.encode())
    extensions: dict[str, object] = {"timeout": httpx.Timeout(options.timeout).as_dict()}
    if scheme == "https" and not checked.is_literal:
        extensions["sni_hostname"] = checked.name
    return httpx.Request("GET", target, headers={**_HEADERS, "Host": host_header}, extensions=extensions)


def _split(url: str, verb: str) -> SplitResult:
    """The URL's parts, refusing schemes other than http(s), credentials and hosts or ports that do not parse."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError for a port that is not a number in 0-65535
    except ValueError:
        raise FileDataError(f"cannot {verb} {clip(url)}: it is not a valid URL. {ALLOWED}") from None
    if parts.scheme.lower() not in _DEFAULT_PORTS:
        raise FileDataError(f"refused to {verb} {clip(url)}: only http and https URLs are fetched. {ALLOWED}")
    if "@" in parts.netloc:  # the URL itself is not echoed: it holds a user name or password
        raise FileDataError(
            f"refused to {verb} a URL with a user name or password in it; never put credentials in fileData. {ALLOWED}"
        )
    if not parts.hostname:
        raise FileDataError(f"cannot {verb} {clip(url)}: it has no host. {ALLOWED}")
    return parts


async def _read(response: httpx.Response, url: str, name: str, options: FileDataOptions) -> FileInput:
    """Stream the body into a spooled temporary file (memory up to 1 MB, then disk), stopping past the cap."""
    limit = options.max_bytes
    announced = _announced_length(response)
    if announced is not None and announced > limit:
        raise FileDataError(
            f"the file at {clip(url)} is {describe_size(announced, limit)} (as the server announced); "
            f"Zoho accepts at most {describe_size(limit)} per file"
        )
    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115 (FileInput owns it)
    try:
        size = await _copy(response, spool, limit, announced, options.progress)
    except EncodingRefused as refusal:
        spool.close()
        raise FileDataError(
            f"could not use the file at {clip(url)}: {refusal}. {ALLOWED} of an uncompressed file"
        ) from None
    except _CapPassed:
        spool.close()
        raise FileDataError(
            f"the file at {clip(url)} is larger than {describe_size(limit)}, so the download was stopped there; "
            f"Zoho accepts at most {describe_size(limit)} per file"
        ) from None
    except BaseException:
        spool.close()
        raise
    if size == 0:
        spool.close()
        raise FileDataError(f"the file at {clip(url)} is empty. {ALLOWED} of a non-empty file")
    spool.seek(0)
    return FileInput(
        name=name, content_type=content_type_for(name, response.headers.get("content-type")), size=size, fileobj=spool
    )


async def _copy(
    response: httpx.Response, sink: IO[bytes], limit: int, announced: int | None, progress: ProgressCallback | None
) -> int:
    """Copy the body to `sink`, counting real bytes (Content-Length may lie or be absent) and reporting progress."""
    read_already = response.is_stream_consumed  # an in-memory response (a test transport): httpx decoded it
    decoder = BodyDecoder([] if read_already else encodings_of(response.headers.get("content-encoding", "")))
    done = reported = 0
    if progress is not None:
        await progress(0, announced)
    # not aiter_bytes(): httpx would inflate each network chunk whole; the decoder inflates a piece at a time
    async for raw in response.aiter_bytes() if read_already else response.aiter_raw():
        for piece in decoder.feed(raw):
            done += len(piece)
            if done > limit:
                raise _CapPassed
            sink.write(piece)
        if progress is not None and done - reported >= _PROGRESS_STEP:
            reported = done
            await progress(done, announced)
    decoder.finish()
    if progress is not None and reported != done:
        await progress(done, announced)
    return done


def _announced_length(response: httpx.Response) -> int | None:
    """The Content-Length the server sent, when it is a plain number (it is only a hint: the body is counted)."""
    value = response.headers.get("content-length", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None
