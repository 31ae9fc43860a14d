"""Token refreshes: 100 concurrent tool calls across an access-token expiry refresh the token once.

The sandbox expires every live access token (`expireAccessTokens`) after the server has one, so every call in
flight is refused with INVALID_OAUTH; the credentials must coalesce the refreshes into one token request.
"""

from __future__ import annotations

import asyncio

from .common import ORG, Row, bare_client, in_process, mcp_client, refreshes, stats

CONCURRENT = 100


async def run(quick: bool) -> list[Row]:
    sandbox, built = in_process()
    org = sandbox.store.first_org()
    ticket_ids = list(org.tickets)[:CONCURRENT]
    async with bare_client(sandbox) as http, mcp_client(built) as client:
        await client.call_tool("get_ticket", {"organization": ORG, "ticketId": ticket_ids[0]})  # warm: has a token
        await http.post("/_sandbox/faults", json={"concurrencyLimit": 1000})  # measure refreshes, not 429s
        before = await stats(http)
        (await http.post("/_sandbox/faults", json={"expireAccessTokens": True})).raise_for_status()
        results = await asyncio.gather(
            *(
                client.call_tool("get_ticket", {"organization": ORG, "ticketId": ticket_ids[i % len(ticket_ids)]})
                for i in range(CONCURRENT)
            )
        )
        after = await stats(http)
    failed = sum(1 for r in results if r.is_error)
    count = refreshes(before, after)
    return [
        Row(
            "tokens",
            f"token refreshes for {CONCURRENT} concurrent calls across an access-token expiry",
            f"{count} ({failed} calls failed)",
            "1",
            count == 1 and failed == 0,
        )
    ]
