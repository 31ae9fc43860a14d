"""`python -m bench [--quick] [--only AREA,...]`: run the benchmarks and print one table, targets beside figures.

Every figure is a ratio measured side by side in the same run, or a count; all traffic stays on this machine
(in-process sandbox, or sandbox and server processes on loopback), every loop is bounded, and every process
started here is stopped here.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import time
from collections.abc import Callable

from . import calls, context, overhead, replicas, startup, throughput, tokens, upload
from .common import Row, render

AREAS: dict[str, Callable[[bool], list[Row]]] = {
    "latency": lambda quick: asyncio.run(overhead.run(quick)),
    "calls": lambda quick: asyncio.run(calls.run(quick)),
    "tokens": lambda quick: asyncio.run(tokens.run(quick)) + startup.restarts(quick),
    "startup": startup.run,
    "context": lambda quick: asyncio.run(context.run(quick)),
    "upload": upload.run,
    "throughput": throughput.run,
    "replicas": replicas.run,  # refreshes per user across two replicas, calls/s with two vs one (needs redis-server)
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds and launches (about a minute)")
    parser.add_argument("--only", help=f"comma-separated areas: {', '.join(AREAS)}")
    args = parser.parse_args(argv)
    chosen = [a.strip() for a in args.only.split(",")] if args.only else list(AREAS)
    unknown = set(chosen) - set(AREAS)
    if unknown:
        parser.error(f"unknown area(s) {', '.join(sorted(unknown))}; choose from {', '.join(AREAS)}")
    logging.disable(logging.CRITICAL)  # the server's own logs are not part of the table
    os.environ["ZOHO_DESK_AUDIT_LOG"] = os.devnull  # nor is its audit trail of the benchmark's writes
    rows: list[Row] = []
    started = time.perf_counter()
    for area in chosen:
        print(f"running {area} ...", file=sys.stderr, flush=True)
        rows.extend(AREAS[area](args.quick))
    print(render(rows))
    print(
        f"\n{'quick' if args.quick else 'full'} run, {time.perf_counter() - started:.0f} s; "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs",
        file=sys.stderr,
    )
    return 0 if all(row.met is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
