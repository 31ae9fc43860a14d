"""A one-shot HTTP listener on a loopback redirect URI, and the parsing of redirects and pasted codes.

The browser comes back to `http://127.0.0.1:<port>/<path>?code=..&state=..&accounts-server=..`; the page we
answer with never echoes the code.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import html
import logging
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import parse_qs, urlsplit, urlunsplit

from pydantic import SecretStr

from .datacenters import is_loopback_url
from .errors import LoginError, StateMismatchError

logger = logging.getLogger(__name__)

_READ_TIMEOUT_SECONDS = 10.0
_MAX_HEADER_LINES = 100
_IGNORED = "This address does not belong to the sign-in running in your terminal, which is still waiting."
_PAGE = (
    "<!doctype html><html><head><meta charset='utf-8'><title>zoho-desk-mcp</title></head>"
    "<body style='font-family:sans-serif;margin:3em'><h1>{title}</h1><p>{text}</p>"
    "<p>You can close this window.</p></body></html>"
)


@dataclass(frozen=True)
class Redirect:
    """What came back from Zoho: the code (secret), our state, and where the account lives."""

    code: SecretStr
    state: str | None = None
    location: str | None = None
    accounts_server: str | None = None
    from_url: bool = field(default=False, repr=False)


def parse_redirect(text: str) -> Redirect:
    """A full redirect URL, its query string, or a bare grant code as pasted by the user."""
    text = text.strip()
    if not text:
        raise LoginError("nothing was pasted: paste the whole address from the browser, or the code")
    if "?" not in text and "=" not in text:
        return Redirect(code=SecretStr(text))
    query = parse_qs(text.split("?", 1)[1] if "?" in text else text)

    def first(name: str) -> str | None:
        values = query.get(name)
        return values[0] if values else None

    error = first("error")
    if error:
        raise LoginError(f"Zoho did not grant access ({error}); run the login again and approve the request")
    code = first("code")
    if not code:
        raise LoginError("the pasted address has no `code`: paste Zoho's redirect address, or a code")
    return Redirect(
        code=SecretStr(code),
        state=first("state"),
        location=first("location"),
        accounts_server=first("accounts-server"),
        from_url=True,
    )


def check_state(redirect: Redirect, expected: str) -> None:
    """A redirect URL must carry our `state`; a bare pasted code has none to check."""
    if not redirect.from_url:
        return
    if redirect.state is None or not hmac.compare_digest(redirect.state.encode(), expected.encode()):
        raise StateMismatchError()


class LoopbackListener:
    """Listens on the redirect URI's loopback host and port (port 0: a free one) until a redirect arrives."""

    def __init__(self, redirect_uri: str, state: str) -> None:
        parts = urlsplit(redirect_uri)
        if parts.scheme != "http" or not is_loopback_url(redirect_uri):
            raise LoginError(
                "the browser login needs a loopback redirect URI such as http://127.0.0.1:8765/callback; "
                "use `--no-browser` to paste the redirect instead"
            )
        self._parts = parts
        self._host = "127.0.0.1" if parts.hostname == "localhost" else (parts.hostname or "127.0.0.1")
        self._path = parts.path or "/"
        self._state = state
        self._server: asyncio.Server | None = None
        self._result: asyncio.Future[Redirect] | None = None
        self.redirect_uri = redirect_uri

    async def __aenter__(self) -> LoopbackListener:
        self._result = asyncio.get_running_loop().create_future()
        self._server = await asyncio.start_server(self._handle, self._host, self._parts.port or 0)
        port = self._server.sockets[0].getsockname()[1]
        if not self._parts.port:
            host = self._parts.hostname or "127.0.0.1"
            netloc = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
            self.redirect_uri = urlunsplit(self._parts._replace(netloc=netloc))
        logger.debug("listening for the login redirect on %s port %d", self._host, port)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        if self._result is not None and not self._result.done():
            self._result.cancel()

    async def wait(self) -> Redirect:
        """The first redirect to our path (state already checked)."""
        assert self._result is not None, "use LoopbackListener as an async context manager"
        return await asyncio.shield(self._result)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            target = await asyncio.wait_for(self._read_target(reader), _READ_TIMEOUT_SECONDS)
            status, title, text = self._accept(target)
            body = _PAGE.format(title=html.escape(title), text=html.escape(text)).encode()
            head = (
                f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n"
            )
            writer.write(head.encode() + body)
            await writer.drain()
        except (OSError, asyncio.TimeoutError, ValueError):
            logger.debug("ignored a malformed request on the login listener")
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    @staticmethod
    async def _read_target(reader: asyncio.StreamReader) -> str:
        request_line = (await reader.readline()).decode("latin-1")
        for _ in range(_MAX_HEADER_LINES):
            if (await reader.readline()) in (b"\r\n", b"\n", b""):
                break
        method, target, _version = request_line.split(" ", 2)
        if method != "GET":
            raise ValueError(method)
        return target

    def _accept(self, target: str) -> tuple[str, str, str]:
        """Settle the login from a request to our path; anything else (e.g. /favicon.ico) gets a 404.

        A request without our `state` (a stray tab, another program, a forged link) is answered and ignored:
        the login keeps waiting for Zoho's redirect instead of letting anyone on this machine abort it.
        """
        if urlsplit(target).path != self._path:
            return "404 Not Found", "Not found", "This is the zoho-desk-mcp login listener."
        assert self._result is not None
        if self._result.done():
            return "200 OK", "Already done", "This login has already finished."
        outcome = self._outcome(target if "?" in target else target + "?")
        if outcome is None:
            logger.warning("ignored a request to the login redirect that does not carry this login's state")
            return "400 Bad Request", "Not this sign-in", _IGNORED
        if isinstance(outcome, LoginError):
            self._result.set_exception(outcome)
            return "400 Bad Request", "Login failed", str(outcome)
        self._result.set_result(outcome)
        return "200 OK", "Zoho sign-in received", "zoho-desk-mcp is finishing the sign-in in your terminal."

    def _outcome(self, target: str) -> Redirect | LoginError | None:
        """The redirect with our state; Zoho's refusal (carrying our state, or none); None for anything else."""
        values = parse_qs(urlsplit(target).query)
        state = values.get("state", [None])[0]
        ours = state is not None and hmac.compare_digest(state.encode(), self._state.encode())
        try:
            redirect = parse_redirect(target)
        except LoginError as exc:
            return exc if "error" in values and (ours or state is None) else None
        return redirect if ours else None
