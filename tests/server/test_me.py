"""`zohodesk://me`: who the server acts as, in single-user mode too (the token's owner)."""

from __future__ import annotations

import json
from collections.abc import Callable

from mcp import Client

from zoho_desk_mcp.sandbox import Sandbox


async def test_me_is_the_default_credentials_owner_in_single_user_mode(
    connect: Callable[..., Client], sandbox: Sandbox
) -> None:
    async with connect() as client:
        read = await client.read_resource("zohodesk://me")
    owner = sandbox.store.default_owner_email()
    agent = next(a for a in sandbox.store.first_org().agents.values() if a["emailId"] == owner)
    assert read.contents[0].mime_type == "application/json"
    assert json.loads(read.contents[0].text) == {  # type: ignore[union-attr]
        "id": agent["id"], "name": json.loads(read.contents[0].text)["name"], "email": owner,  # type: ignore[union-attr]
    }
