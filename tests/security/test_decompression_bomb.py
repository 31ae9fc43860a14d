"""A compression bomb behind a fileData URL: memory stays within the 20 MB cap plus a piece, whatever the encoding.

Each case runs in a fresh process (tests/security/bomb_probe.py) so its peak RSS measures this one fetch: a
loopback HTTP server answers with a body a few KB long that inflates to 256 MiB, encoded once or twice over.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import zlib
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from zoho_desk_mcp.tools.files.data import FileDataError, FileDataOptions, FileInput, load_file_data

INFLATED_MIB = 256
PEAK_GROWTH_LIMIT_MIB = 48  # the 20 MB cap is spooled to disk past 1 MB; pieces are 64 KiB
ROOT = Path(__file__).resolve().parents[2]


def _gzip_of_zeros(mib: int) -> bytes:
    """gzip of `mib` MiB of zero bytes, made a MiB at a time (the test itself never holds the inflated data)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    return b"".join([*(packer.compress(zeros) for _ in range(mib)), packer.flush()])


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    once = _gzip_of_zeros(INFLATED_MIB)
    files = {"gzip": once, "gzip, gzip": gzip.compress(once, 9), "x-gzip, gzip, identity": gzip.compress(once, 9)}
    paths = {}
    for encoding, body in files.items():
        paths[encoding] = folder / f"{len(paths)}.bin"
        paths[encoding].write_bytes(body)
    return paths


def probe(bomb: Path, encoding: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-m", "tests.security.bomb_probe", str(bomb), encoding],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("encoding", ["gzip", "gzip, gzip", "x-gzip, gzip, identity"])
def test_a_compression_bomb_is_refused_at_the_cap_without_inflating_it_in_memory(
    bombs: dict[str, Path], encoding: str
) -> None:
    assert bombs[encoding].stat().st_size < 300 * 1024  # a few KB (twice) or 256 KB (once) on the wire
    report = probe(bombs[encoding], encoding)
    assert str(report["outcome"]).startswith("refused: ") and "larger than 20 MB" in str(report["outcome"])
    assert int(report["growthKiB"]) < PEAK_GROWTH_LIMIT_MIB * 1024, report


async def _public(host: str) -> list[str]:
    return ["93.184.216.34"]


async def fetched(encoding: str, body: bytes) -> FileInput:
    """load_file_data on a URL whose answer streams `body` with that Content-Encoding (not read ahead by httpx)."""

    async def stream() -> AsyncIterator[bytes]:
        for start in range(0, len(body), 1000):
            yield body[start : start + 1000]

    def site(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Encoding": encoding}, content=stream())

    options = FileDataOptions(transport=httpx.MockTransport(site), resolver=_public)
    return await load_file_data("https://files.example.com/report.txt", "report.txt", options)


@pytest.mark.parametrize("encoding", ["gzip", "x-gzip", "deflate", "gzip, deflate", "identity, gzip"])
async def test_a_compressed_file_within_the_cap_arrives_decoded(encoding: str) -> None:
    text = b"quarterly figures\n" * 5000
    body = text
    for step in [e.strip() for e in encoding.split(",")]:
        body = gzip.compress(body) if step.endswith("gzip") else zlib.compress(body) if step == "deflate" else body
    with await fetched(encoding, body) as file:
        assert file.size == len(text) and file.open().read() == text


@pytest.mark.parametrize(
    ("encoding", "body", "said"),
    [
        ("br", b"\x1b\x00", "encoded as 'br', which is not accepted"),
        ("gzip", gzip.compress(bytes(range(256)) * 40)[:200], "ended early"),
        ("gzip", b"not gzip at all", "gzip data is corrupt"),
        ("gzip, gzip, gzip, gzip, gzip", b"", "compressed 5 times over"),
    ],
)
async def test_an_encoding_we_cannot_bound_or_a_broken_stream_is_refused(encoding: str, body: bytes, said: str) -> None:
    with pytest.raises(FileDataError, match=said):
        await fetched(encoding, body)
