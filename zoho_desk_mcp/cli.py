"""The `zoho-desk-mcp` command line: `serve`, `sandbox` and `auth` (login, url, exchange, status, logout).

stdout belongs to JSON-RPC when serving on stdio, so everything this module prints for people goes to stderr,
except the output a user asked for on purpose (`auth url` prints the URL on stdout, for scripts).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

# httpx imports its own command line (pygments, rich: ~5 ms) whenever those are installed; ours never runs it,
# and a None entry makes that optional import fail fast (httpx then defines a stub `httpx.main`).
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

from pydantic import SecretStr  # noqa: E402 - after the line above

from . import __version__  # noqa: E402
from .config import ConfigError, Settings, from_environment  # noqa: E402

logger = logging.getLogger("zoho_desk_mcp")


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _add_target(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dc", help="data centre: us, eu, in, au, jp, ca, cn, sa, sg, ae (or com, com.au ...)")
    parser.add_argument("--sandbox-url", help="a sandbox started with `zoho-desk-mcp sandbox` (loopback only)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zoho-desk-mcp", description="An MCP server for Zoho Desk, with a built-in Zoho Desk sandbox."
    )
    parser.add_argument("--version", action="version", version=f"zoho-desk-mcp {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the MCP server", description="Run the MCP server.")
    serve.add_argument("--transport", choices=("stdio", "sse", "http"), help="default: stdio (MCP_TRANSPORT)")
    serve.add_argument("--host", help="address for sse/http (default 127.0.0.1; MCP_HOST)")
    serve.add_argument("--port", type=int, help="port for sse/http (default 8000; MCP_PORT)")
    where = serve.add_mutually_exclusive_group()
    where.add_argument("--sandbox", action="store_true", default=None, help="use an in-process Zoho Desk sandbox")
    where.add_argument("--sandbox-url", help="use a sandbox started with `zoho-desk-mcp sandbox` (loopback only)")
    serve.add_argument("--sandbox-data", metavar="FILE", help="with --sandbox: a data set to load")
    serve.add_argument("--read-only", action="store_true", default=None, help="list and allow read-only tools only")
    serve.add_argument(
        "--toolsets",
        help="comma-separated: tickets, triage, reply, customers, knowledge, admin, danger (default tickets,triage); "
        "or dynamic",
    )
    serve.add_argument(
        "--audit-log", metavar="PATH", help="append one JSON line per write to PATH (default: stderr)"
    )
    serve.add_argument("--users", choices=("zoho",), help="http only: each user signs in to Zoho (OAuth for clients)")
    serve.add_argument(
        "--stateless", action="store_true", default=None, help="http only: no sessions, any replica answers any request"
    )
    serve.add_argument(
        "--json-response", action="store_true", default=None,
        help="http only: answer each call as plain JSON, without progress or log notifications (on with --stateless)",
    )  # fmt: skip

    sandbox = commands.add_parser(
        "sandbox",
        help="run the Zoho Desk + Zoho accounts emulator alone, for other clients",
        description="Serve the sandbox (Zoho accounts OAuth + Desk API v1 emulator) over HTTP.",
    )
    sandbox.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    sandbox.add_argument("--port", type=int, default=8001, help="port to bind (default: 8001)")
    sandbox.add_argument("--data", metavar="FILE", help="a JSON data set to load instead of the default one")

    auth = commands.add_parser("auth", help="connect a Zoho account (OAuth 2.0)", description="Zoho OAuth 2.0.")
    auth_commands = auth.add_subparsers(dest="auth_command", required=True, metavar="ACTION")
    login = auth_commands.add_parser("login", help="log in with the browser and store the tokens")
    login.add_argument("--no-browser", action="store_true", help="print the URL and paste the redirect URL back")
    _add_target(login)
    url = auth_commands.add_parser("url", help="print the authorization URL (for headless machines)")
    _add_target(url)
    exchange = auth_commands.add_parser("exchange", help="exchange a Self Client grant code for tokens")
    exchange.add_argument("code", help="the grant code the API console showed")
    _add_target(exchange)
    for name, text in (("status", "test the connection"), ("logout", "revoke and delete the stored tokens")):
        _add_target(auth_commands.add_parser(name, help=text))
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    keys = (
        "transport", "host", "port", "sandbox", "sandbox_url", "sandbox_data", "read_only", "toolsets", "audit_log",
        "users", "stateless", "json_response",
    )
    overrides: dict[str, Any] = {k: getattr(args, k, None) for k in keys}
    if getattr(args, "dc", None):
        overrides["data_center"] = args.dc
    if args.command == "auth":
        overrides = {k: v for k, v in overrides.items() if k in ("sandbox_url", "data_center")}
    return from_environment(overrides)


def configure_logging(*, verbose: bool = True) -> None:
    """INFO from our loggers while serving; the interactive `auth` commands speak for themselves (errors only)."""
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("zoho_desk_mcp").setLevel(logging.INFO if verbose else logging.ERROR)
    logging.getLogger("httpx").setLevel(logging.WARNING)


def run_serve(settings: Settings) -> int:
    from .server.run import serve

    if settings.transport == "stdio":
        _err(f"zoho-desk-mcp {__version__}: MCP on stdio{' (sandbox)' if settings.uses_sandbox else ''}")
    else:
        path = "/mcp" if settings.transport == "http" else "/sse"
        _err(f"zoho-desk-mcp {__version__}: MCP on http://{settings.host}:{settings.port}{path}")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(settings))
    return 0


def run_sandbox(host: str, port: int, data_file: str | None) -> int:
    import uvicorn

    from .sandbox import (
        DEFAULT_CLIENT_ID,
        DEFAULT_CLIENT_SECRET,
        DEFAULT_REFRESH_TOKEN,
        DatasetError,
        Sandbox,
        read_file,
    )

    try:
        sandbox = Sandbox(read_file(data_file) if data_file else None)
    except DatasetError as error:
        _err(f"zoho-desk-mcp sandbox: {error}")
        return 2
    base_url = f"http://{host}:{port}"
    orgs = ", ".join(f"{o.org['companyName']} ({o.id})" for o in sandbox.store.orgs.values())
    _err(
        f"Zoho Desk sandbox on {base_url}\n"
        f"  accounts server: {base_url}/oauth/v2/token   Desk API: {base_url}/api/v1\n"
        f"  client id: {DEFAULT_CLIENT_ID}   client secret: {DEFAULT_CLIENT_SECRET}   "
        f"refresh token: {DEFAULT_REFRESH_TOKEN}\n"
        f"  organizations: {orgs}\n"
        f"  control: GET {base_url}/_sandbox/stats, POST {base_url}/_sandbox/reset, POST {base_url}/_sandbox/faults"
    )
    if host not in ("127.0.0.1", "localhost", "::1"):
        _err("  warning: the sandbox's credentials are public; it is reachable beyond this machine")
    uvicorn.run(sandbox.app, host=host, port=port, log_level="warning")
    return 0


@asynccontextmanager
async def accounts_for(settings: Settings) -> AsyncIterator[Any]:
    """The OAuth client for these settings: the sandbox's defaults with --sandbox-url, else ZOHO_CLIENT_*."""
    import httpx

    from .auth import AccountsClient, datacenter, sandbox_datacenter
    from .auth.datacenters import SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET

    if settings.sandbox_url:
        dc = sandbox_datacenter(settings.sandbox_url)
        client_id = settings.client_id or SANDBOX_CLIENT_ID
        secret = settings.client_secret or SecretStr(SANDBOX_CLIENT_SECRET)
    else:
        if not settings.client_id or not settings.client_secret:
            raise ConfigError(
                "set ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET (from https://api-console.zoho.com) first, "
                "or try it against a sandbox with --sandbox-url"
            )
        dc, client_id, secret = datacenter(settings.data_center), settings.client_id, settings.client_secret
    async with httpx.AsyncClient(timeout=30.0) as http:
        yield AccountsClient(http, dc, client_id, secret)


async def auth_command(args: argparse.Namespace, settings: Settings) -> int:
    from .auth import TokenStore, exchange_self_client_code, logout, new_state

    store = TokenStore(settings.token_dir)
    async with accounts_for(settings) as accounts:
        if args.auth_command == "url":
            print(accounts.authorize_url(settings.redirect_uri, new_state(), settings.scope_list))
            return 0
        if args.auth_command == "logout":
            removed = await logout(accounts, store)
            _err("Revoked and deleted the stored tokens." if removed else "No stored tokens for this client.")
            return 0
        if args.auth_command == "status":
            return await auth_status(accounts, store, settings)
        if args.auth_command == "exchange":
            _err(f"Exchanging the Self Client code at {accounts.datacenter.accounts_url} ...")
            result = await exchange_self_client_code(accounts, store, SecretStr(args.code))
        else:
            result = await _login(accounts, store, settings, browser=not args.no_browser)
        _report_login(result, store.path_for(result.datacenter.accounts_url, accounts.client_id), settings)
    return 0


async def _login(accounts: Any, store: Any, settings: Settings, *, browser: bool) -> Any:
    """The interactive login: say where and what is asked, show the URL, report progress while exchanging."""
    from .auth import LoginError, login, login_manual

    dc = accounts.datacenter
    where = "the Zoho Desk sandbox" if dc.is_sandbox else f"Zoho (data centre {dc.code})"
    _err(f"Signing in to {where} at {dc.accounts_url}\nAccess requested: {', '.join(settings.scope_list)}")
    exchanging = "Zoho sent the code back; exchanging it for tokens ..."
    if browser:

        def show(url: str) -> None:
            back_to = parse_qs(urlsplit(url).query).get("redirect_uri", [settings.redirect_uri])[0]
            _err(
                f"Opening your browser: sign in to Zoho there and approve the request. If no browser opens, open\n"
                f"this address yourself (or run `zoho-desk-mcp auth login --no-browser`):\n  {url}\n"
                f"Waiting up to 5 minutes for Zoho to send the browser back to {back_to} (Ctrl-C stops)."
            )

        return await login(
            accounts,
            store,
            scopes=settings.scope_list,
            redirect_uri=settings.redirect_uri,
            on_url=show,
            on_redirect=lambda: _err(exchanging),
        )

    async def prompt(url: str) -> str:
        _err(
            f"1. Open this address in a browser (on any machine), sign in and approve the request:\n  {url}\n"
            f"2. Zoho then sends the browser to {settings.redirect_uri}?code=... - that page will not load here,\n"
            "   which is expected. Copy the whole address from the address bar and paste it below (or just the code)."
        )
        try:
            pasted = await _read_line("> ")
        except EOFError:
            raise LoginError("nothing was pasted: run the login again and paste the address or the code") from None
        _err(exchanging)
        return pasted

    return await login_manual(accounts, store, prompt, scopes=settings.scope_list, redirect_uri=settings.redirect_uri)


async def _read_line(prompt: str) -> str:
    """`input()` on a daemon thread: Ctrl-C then ends the program at once instead of waiting for a line."""
    loop = asyncio.get_running_loop()
    answer: asyncio.Future[str] = loop.create_future()

    def settle(line: str | None, error: BaseException | None) -> None:
        if answer.done():
            return
        if error is not None:
            answer.set_exception(error)
        else:
            answer.set_result(line or "")

    def read() -> None:
        try:
            line, error = input(prompt), None
        except (EOFError, OSError) as exc:
            line, error = None, exc
        with contextlib.suppress(RuntimeError):  # the loop is gone: the login was cancelled meanwhile
            loop.call_soon_threadsafe(settle, line, error)

    threading.Thread(target=read, name="zoho-desk-mcp-prompt", daemon=True).start()
    return await answer


def _report_login(result: Any, path: Any, settings: Settings) -> None:
    """What was stored and where, a data-centre mismatch the server would trip over, and what to do next."""
    from .auth import parse_scopes

    dc = result.datacenter
    target = f" --sandbox-url {settings.sandbox_url}" if settings.sandbox_url else ""
    lines = [
        "Signed in. Saved a refresh token (it keeps the server signed in) and an access token to",
        f"  {path}  (readable by you only)",
        f"Scopes granted: {', '.join(parse_scopes(result.tokens.scope)) if result.tokens.scope else 'not listed'}",
    ]
    if not settings.sandbox_url and dc.code != settings.data_center:
        lines.append(
            f"Your Zoho account lives in data centre {dc.code}, not {settings.data_center}: set "
            f"ZOHO_DATA_CENTER={dc.code} (in .env or your MCP client's config) so the server finds these tokens."
        )
    lines += [
        f"Next:  zoho-desk-mcp auth status{target}   (tests the connection)",
        f"Then:  zoho-desk-mcp serve{target}   (or add it to your MCP client: see the README)",
    ]
    _err("\n".join(lines))


async def auth_status(accounts: Any, store: Any, settings: Settings) -> int:
    """The seed's "test connection": refresh a token, list the organizations it reaches, name missing scopes."""
    from .auth import ZohoAuth, ZohoCredentials, parse_scopes, scope_covers
    from .client import DeskClient

    credentials = ZohoCredentials(accounts, store=store, refresh_token=settings.refresh_token)
    await credentials.get_token()
    async with DeskClient(accounts.datacenter.desk_url, ZohoAuth(credentials), http=accounts.http) as client:
        orgs = await client.organizations.list()
    tokens = credentials.tokens
    granted = parse_scopes(tokens.scope) if tokens and tokens.scope else None
    _err(f"Connected to Zoho (data centre {accounts.datacenter.code}); the token reaches {len(orgs)} organization(s):")
    for org in orgs:
        _err(f"  {org.name} ({org.id})")
    if granted is not None:
        missing = [s for s in settings.scope_list if not any(scope_covers(g, s) for g in granted)]
        _err("All configured scopes are granted." if not missing else f"Missing scopes: {', '.join(missing)}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(verbose=args.command != "auth")
    if args.command == "sandbox":
        return run_sandbox(args.host, args.port, args.data)
    try:
        settings = settings_from(args)
        if args.command == "serve":
            return run_serve(settings)
        return asyncio.run(auth_command(args, settings))
    except KeyboardInterrupt:
        _err("\nzoho-desk-mcp: cancelled; nothing was stored.")
        return 130
    except ConfigError as error:
        _err(f"zoho-desk-mcp: configuration: {error}")
        return 2
    except Exception as error:  # the auth and client errors say what to do; never show a traceback
        from .auth import AuthError
        from .client import ZohoDeskError

        if isinstance(error, AuthError | ZohoDeskError):
            _err(f"zoho-desk-mcp: {error}")
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
