"""Content-Encoding decoded a bounded piece at a time, so a compression bomb never holds more than one piece.

httpx decodes a response body a network chunk at a time, but one chunk can inflate to gigabytes (a 3.5 KB body
encoded `gzip, gzip` inflates to 4 GB in a single call) before anyone counts the bytes. Here each layer inflates
at most `PIECE_BYTES` per call (zlib's `max_length`), the layers are chained lazily, and the caller counts the
pieces as they come: once the cap is passed nothing more is inflated. Only gzip and deflate are decoded (we ask
for `identity`; a server that compresses anyway uses one of these); any other encoding is refused.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

PIECE_BYTES = 64 * 1024
MAX_LAYERS = 4
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class EncodingRefused(ValueError):
    """The Content-Encoding is not one we decode, or the encoded data is corrupt."""


def encodings_of(header: str) -> list[str]:
    """The Content-Encoding chain in the order it was applied, `identity` dropped; refused when unknown or long."""
    chain = [e.strip().lower() for e in header.split(",") if e.strip() and e.strip().lower() != "identity"]
    unknown = [e for e in chain if e not in _WBITS]
    if unknown:
        raise EncodingRefused(f"the server sent the file encoded as {unknown[0]!r}, which is not accepted")
    if len(chain) > MAX_LAYERS:
        raise EncodingRefused(f"the server sent the file compressed {len(chain)} times over")
    return chain


class _Layer:
    """One gzip or deflate layer: inflates its input `PIECE_BYTES` at most at a time; gzip members may follow."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.inflater = zlib.decompressobj(_WBITS[encoding])
        self.started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data:
            try:
                piece = self.inflater.decompress(data, PIECE_BYTES)
            except zlib.error:
                if self.encoding == "deflate" and not self.started:  # raw deflate, without the zlib header
                    self.inflater, self.started = zlib.decompressobj(-zlib.MAX_WBITS), True
                    continue
                raise EncodingRefused(f"the file's {self.encoding} data is corrupt") from None
            self.started = True
            data = self.inflater.unconsumed_tail
            if self.inflater.eof:  # a gzip body may hold several members, one after another
                data = self.inflater.unused_data + data
                if data:
                    self.inflater = zlib.decompressobj(_WBITS[self.encoding])
            if piece:
                yield piece


class BodyDecoder:
    """Undoes a Content-Encoding chain (applied left to right, so undone right to left) one raw chunk at a time."""

    def __init__(self, chain: list[str]) -> None:
        self._layers = [_Layer(e) for e in reversed(chain)]

    def feed(self, chunk: bytes) -> Iterator[bytes]:
        """The decoded pieces of `chunk`, each at most `PIECE_BYTES`, produced only as they are consumed."""
        return self._through(chunk, 0)

    def finish(self) -> None:
        """Refuse a body that ended inside a compressed stream (a truncated download)."""
        if any(not layer.inflater.eof for layer in self._layers):
            raise EncodingRefused("the compressed file ended early (the download was cut short)")

    def _through(self, data: bytes, index: int) -> Iterator[bytes]:
        if index == len(self._layers):
            yield data
            return
        for piece in self._layers[index].feed(data):
            yield from self._through(piece, index + 1)
