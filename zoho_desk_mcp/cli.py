"""The `zoho-desk-mcp` command line: `sandbox` (the emulator alone); `serve` and `auth` join as they land.

stdout belongs to JSON-RPC when serving on stdio, so everything this module prints for people goes to stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zoho-desk-mcp",
        description="An MCP server for Zoho Desk, with a built-in Zoho Desk sandbox.",
    )
    parser.add_argument("--version", action="version", version=f"zoho-desk-mcp {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sandbox = commands.add_parser(
        "sandbox",
        help="run the Zoho Desk + Zoho accounts emulator alone, for other clients",
        description="Serve the sandbox (Zoho accounts OAuth + Desk API v1 emulator) over HTTP.",
    )
    sandbox.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    sandbox.add_argument("--port", type=int, default=8001, help="port to bind (default: 8001)")
    sandbox.add_argument("--data", metavar="FILE", help="a JSON data set to load instead of the default one")
    return parser


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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "sandbox":
        return run_sandbox(args.host, args.port, args.data)
    raise AssertionError(f"unhandled command {args.command}")  # argparse rejects unknown commands first


if __name__ == "__main__":
    sys.exit(main())
