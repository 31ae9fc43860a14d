"""fileData given inline (base64, data: URLs) and fileName: accepted forms, refusals, the 20 MB limit, fuzzing."""

from __future__ import annotations

import asyncio
import base64
import os
import re
import socket
import tracemalloc

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zoho_desk_mcp.tools.files.data import (
    MAX_FILE_BYTES,
    FileDataError,
    FileDataOptions,
    FileInput,
    load_file_data,
    validate_file_name,
)

ALLOWED = "Pass base64, a data: URL or an http(s) URL"
PAYLOAD = bytes(range(256)) * 40 + b"\xfb\xff\xfe"  # 10,243 bytes whose base64 uses + and / (or - and _)


@pytest.fixture(scope="module")
def oversize_base64() -> str:
    """Base64 of 20 MB + 1 zero bytes, built once for the module ("AAAA" is three zero bytes, no padding)."""
    assert (MAX_FILE_BYTES + 1) % 3 == 0
    return "AAAA" * ((MAX_FILE_BYTES + 1) // 3)


async def load(data: object, name: object = "report.pdf", **options: int) -> FileInput:
    return await load_file_data(data, name, FileDataOptions(**options))  # type: ignore[arg-type]


def read(file: FileInput) -> bytes:
    return file.open().read()


@pytest.mark.parametrize(
    "encoded",
    [
        base64.b64encode(PAYLOAD).decode(),
        base64.urlsafe_b64encode(PAYLOAD).decode(),
        base64.b64encode(PAYLOAD).decode().rstrip("="),
        base64.urlsafe_b64encode(PAYLOAD).decode().rstrip("="),
        base64.encodebytes(PAYLOAD).decode(),  # MIME: a newline every 76 characters
        "  \r\n" + " \t".join(base64.b64encode(PAYLOAD).decode()) + "\n",
    ],
    ids=["standard", "url-safe", "standard-unpadded", "url-safe-unpadded", "mime-lines", "spaces-everywhere"],
)
async def test_base64_in_every_accepted_spelling_decodes_to_the_same_bytes(encoded: str) -> None:
    file = await load(encoded, "photo.png")
    assert read(file) == PAYLOAD
    assert (file.name, file.content_type, file.size) == ("photo.png", "image/png", len(PAYLOAD))


async def test_base64_larger_than_the_decoding_slice_is_decoded_whole() -> None:
    payload = os.urandom(3 * 1024 * 1024 + 7)
    file = await load(base64.encodebytes(payload).decode())
    assert file.size == len(payload)
    assert read(file) == payload


async def test_decoding_holds_the_decoded_file_once_and_no_copy_of_the_input() -> None:
    text = base64.encodebytes(os.urandom(6 * 1024 * 1024)).decode()  # 8.1 MB of text for 6 MB of bytes
    tracemalloc.start()
    try:
        file = await load(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert file.size == 6 * 1024 * 1024
    assert peak < 6 * 1024 * 1024 * 1.25 + 3 * 1024 * 1024  # the bytes (+ buffer slack) and 1 MB slices, no more
    file.close()


async def test_padding_split_across_two_decoding_slices_is_still_padding() -> None:
    text = "YQ" + " " * ((1 << 20) - 3) + "=" + "="  # the second '=' starts the second 1 MB slice
    assert read(await load(text)) == b"a"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("!!!!", "at character 1"),
        ("aGVsbG8gd29ybGQ*", "at character 16"),
        ("YQ=YQ==", "at character 3"),
        ("abcde", "length does not fit"),
        ("YQ=====", "length does not fit"),
        ("aGVsbG8g\u00fcd29ybGQ=", "at character 9"),
        ("aGVsbG8=\x00", "at character 9"),
    ],
)
async def test_text_that_is_not_base64_is_refused_with_where_and_what_is_allowed(text: str, where: str) -> None:
    with pytest.raises(FileDataError, match="not valid base64") as caught:
        await load(text)
    assert where in str(caught.value)
    assert ALLOWED in str(caught.value)


async def test_a_local_file_path_is_refused_with_a_hint() -> None:
    with pytest.raises(FileDataError, match="local file path cannot be read"):
        await load("/home/me/report.pdf")


@pytest.mark.parametrize("text", ["", "   \n\t "])
async def test_empty_file_data_is_refused(text: str) -> None:
    with pytest.raises(FileDataError, match="fileData is empty"):
        await load(text)


@pytest.mark.parametrize("value", [None, 42, b"aGVsbG8=", ["aGVsbG8="]])
async def test_file_data_that_is_not_a_string_is_refused(value: object) -> None:
    with pytest.raises(FileDataError, match="must be a string"):
        await load(value)


async def test_a_long_garbage_input_is_never_echoed_in_full() -> None:
    with pytest.raises(FileDataError) as caught:
        await load("Q" * 5000 + "#" * 5000)
    assert "#" * 11 not in str(caught.value)
    assert len(str(caught.value)) < 200


async def test_base64_over_twenty_megabytes_is_refused_from_its_length_before_decoding(oversize_base64: str) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(FileDataError) as caught:
            await load(oversize_base64)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(caught.value) == "the file is 20,971,521 bytes; Zoho accepts at most 20 MB per file"
    assert peak < 1024 * 1024  # nothing near the 20 MB the decoded file would need was allocated


async def test_base64_with_enough_whitespace_to_look_large_is_measured_without_it() -> None:
    payload = os.urandom(1000)
    spread = "\n".join(base64.b64encode(payload).decode())  # 2,671 characters for 1,000 bytes
    assert read(await load(spread, max_bytes=1000)) == payload


@pytest.mark.parametrize(("size", "accepted"), [(1000, True), (1001, False)])
async def test_the_limit_is_exact_in_bytes(size: int, accepted: bool) -> None:
    encoded = base64.b64encode(b"x" * size).decode()
    if accepted:
        assert (await load(encoded, max_bytes=1000)).size == 1000
    else:
        with pytest.raises(FileDataError, match=r"the file is 1,001 bytes; Zoho accepts at most 1,000 bytes"):
            await load(encoded, max_bytes=1000)


async def test_a_file_that_decodes_to_nothing_is_refused() -> None:
    with pytest.raises(FileDataError, match="empty file"):
        await load("data:text/plain;base64,")


async def test_data_url_with_base64_uses_its_media_type() -> None:
    file = await load("data:image/png;base64," + base64.b64encode(PAYLOAD).decode(), "scan")
    assert (read(file), file.content_type, file.name) == (PAYLOAD, "image/png", "scan")


async def test_data_url_without_media_type_takes_the_type_from_the_file_name() -> None:
    file = await load("data:;base64,aGVsbG8=", "notes.txt")
    assert (read(file), file.content_type) == (b"hello", "text/plain")


async def test_data_url_with_percent_encoded_text_is_decoded() -> None:
    file = await load("data:text/csv;charset=utf-8,a%2Cb%0A1%2C%C3%A9", "t.csv")
    assert (read(file), file.content_type) == ("a,b\n1,\u00e9".encode(), "text/csv")


async def test_data_url_with_percent_encoded_base64_is_decoded() -> None:
    encoded = base64.b64encode(PAYLOAD).decode().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    assert read(await load("DATA:application/pdf;BASE64," + encoded)) == PAYLOAD


async def test_data_url_without_a_comma_is_refused_with_its_form() -> None:
    with pytest.raises(FileDataError, match=r"data:\[<mediatype>\]\[;base64\],<data>"):
        await load("data:image/png;base64" + "A" * 2000)


async def test_oversize_percent_encoded_data_url_is_refused() -> None:
    with pytest.raises(FileDataError, match="Zoho accepts at most 1,000 bytes"):
        await load("data:," + "%41" * 1001, max_bytes=1000)
    with pytest.raises(FileDataError, match="at least"):
        await load("data:," + "a" * 4000, max_bytes=1000)


async def test_oversize_base64_data_url_is_refused() -> None:
    with pytest.raises(FileDataError, match="Zoho accepts at most 1,000 bytes"):
        await load("data:;base64," + base64.b64encode(b"x" * 1001).decode(), max_bytes=1000)


@pytest.mark.parametrize(
    "media_type",
    ["application/octet-stream", "text/plain\r\nX-Injected: 1", "not a type", "image/png\x00"],
)
async def test_generic_or_malformed_media_types_give_way_to_the_file_name(media_type: str) -> None:
    file = await load(f"data:{media_type};base64,aGVsbG8=", "report.pdf")
    assert file.content_type == "application/pdf"


async def test_unknown_extension_and_no_media_type_fall_back_to_octet_stream() -> None:
    assert (await load("aGVsbG8=", "blob.zzz-unknown")).content_type == "application/octet-stream"


@pytest.mark.parametrize("text", ["ftp://example.com/x", "file:///etc/passwd", "gopher://example.com/", "C:\\a.png"])
async def test_other_schemes_and_drive_paths_are_refused(text: str) -> None:
    with pytest.raises(FileDataError, match=rf"scheme \(or is a local path\).*{re.escape(ALLOWED)}"):
        await load(text)


@pytest.mark.parametrize(
    ("given_name", "kept"),
    [
        ("report.pdf", "report.pdf"),
        ("C:\\Users\\me\\Documents\\report.pdf", "report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("  spaced name.txt  ", "spaced name.txt"),
        ("\u00e9t\u00e9 \U0001f600.png", "\u00e9t\u00e9 \U0001f600.png"),
        ("n" * 255, "n" * 255),
    ],
)
def test_file_names_keep_only_their_base_name(given_name: str, kept: str) -> None:
    assert validate_file_name(given_name) == kept


@pytest.mark.parametrize(
    ("given_name", "message"),
    [
        ("", "has no file name"),
        ("   ", "has no file name"),
        ("reports/", "has no file name"),
        ("..", "has no file name"),
        ("n" * 256, "256 characters long; at most 255"),
        ("bad\x00name.pdf", "U+0000"),
        ("bad\nname.pdf", "U+000A"),
        ("invoice\u202egpj.exe", "U+202E"),
        ("lone\ud800surrogate", "U+D800"),
        (42, "must be a string"),
    ],
)
async def test_bad_file_names_are_refused_before_file_data_is_read(given_name: object, message: str) -> None:
    with pytest.raises(FileDataError, match="fileName") as caught:
        await load("this is not even base64!", given_name)
    assert message in str(caught.value)


async def test_the_file_goes_to_httpx_multipart_as_one_streamed_file_field() -> None:
    seen: list[bytes] = []

    def zoho(request: httpx.Request) -> httpx.Response:
        seen.append(request.read())
        return httpx.Response(200, json={"id": "1"})

    file = await load(base64.b64encode(PAYLOAD).decode(), "photo.png")
    async with httpx.AsyncClient(transport=httpx.MockTransport(zoho)) as client:
        for _ in range(2):  # a second send re-reads the file from its start
            await client.post("https://desk.example/api/v1/uploads", files={"file": file.multipart()})
    part = b'name="file"; filename="photo.png"\r\nContent-Type: image/png\r\n\r\n' + PAYLOAD + b"\r\n--"
    assert all(part in body for body in seen)
    with file:
        pass
    assert file.fileobj.closed


async def _refuse_every_connection(host: str) -> list[str]:
    raise socket.gaierror(socket.EAI_NONAME, "no such host in the test")


def _offline_internet(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=b"public bytes")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from(["", "data:", "data:;base64,", "data:text/plain,", "http://", "https://", "ftp://", " "]),
    body=st.text(max_size=300),
    name=st.one_of(st.text(max_size=40), st.just("file.bin")),
)
def test_random_text_as_file_data_only_ever_raises_file_data_error(prefix: str, body: str, name: str) -> None:
    options = FileDataOptions(
        timeout=5, transport=httpx.MockTransport(_offline_internet), resolver=_refuse_every_connection
    )
    try:
        file = asyncio.run(load_file_data(prefix + body, name, options))
    except FileDataError as exc:
        assert len(str(exc)) < 400
    else:
        assert 0 < file.size <= MAX_FILE_BYTES
        assert file.content_type
        file.close()
