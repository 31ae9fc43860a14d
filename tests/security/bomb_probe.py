"""Run by test_decompression_bomb.py in a fresh process: fetch a compression bomb and report the peak memory.

usage: python -m tests.security.bomb_probe BOMB_FILE CONTENT_ENCODING
Serves BOMB_FILE on a loopback port with that Content-Encoding (http.server in a thread), fetches it the way a
`fileData: "https://…"` is fetched (the SSRF guard given a fake DNS answer with a public address, the connection
re-routed to loopback), and prints one JSON line: the peak RSS growth in KiB and the outcome.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from zoho_desk_mcp.tools.files.fetch import fetch_file
from zoho_desk_mcp.tools.files.inputs import FileDataError, FileDataOptions

PUBLIC = "93.184.216.34"


def serve(body: bytes, encoding: str) -> ThreadingHTTPServer:
    class Bomb(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Encoding", encoding)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Bomb)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class ToLoopback(httpx.AsyncBaseTransport):
    """A real HTTP transport whose every request goes to the loopback server, whatever address it was pinned to."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.inner = httpx.AsyncHTTPTransport(retries=0)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(host="127.0.0.1", port=self.port)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def resolve(host: str) -> list[str]:
    return [PUBLIC]


async def fetch(port: int) -> str:
    options = FileDataOptions(timeout=60.0, transport=ToLoopback(port), resolver=resolve)
    try:
        with await fetch_file("http://files.example.com/archive.bin", "archive.bin", options) as file:
            return f"fetched {file.size} bytes"
    except FileDataError as error:
        return f"refused: {error}"


def main() -> None:
    body = Path(sys.argv[1]).read_bytes()
    server = serve(body, sys.argv[2])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    outcome = asyncio.run(fetch(server.server_address[1]))
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    server.shutdown()
    print(json.dumps({"growthKiB": after - before, "outcome": outcome}))


if __name__ == "__main__":
    main()
