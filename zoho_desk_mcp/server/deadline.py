"""The overall deadline of one tool call (ZOHO_DESK_CALL_DEADLINE), paused while the user answers a question.

A read against an unresponsive Zoho would otherwise take every retry's full timeout (4 x 30 s). The deadline
bounds the time spent on Zoho's side; the time a person takes to answer an elicitation (pick an organization,
confirm a trash) is theirs, so the clock stops while the question is open.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import anyio
from mcp.server.elicitation import ElicitationResult, ElicitSchemaModelT
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import PrivateAttr

DEFAULT_CALL_DEADLINE = 60.0
T = TypeVar("T")


def deadline_message(seconds: float, *, writes: bool) -> str:
    """What a model reads when a call ran out of time: what happened, and whether a write may have happened."""
    text = (
        f"the call was stopped after {seconds:g} s (ZOHO_DESK_CALL_DEADLINE) without an answer from Zoho Desk, "
        "which is slow or unreachable"
    )
    if writes:
        return text + "; the change may or may not have been made: look at the record before trying again"
    return text + "; nothing was changed, try again later"


class PatientContext(Context[Any, Any]):
    """The request's Context, with the deadline's clock stopped while an elicitation waits for the user."""

    _deadline: anyio.CancelScope | None = PrivateAttr(default=None)

    def __init__(self, **kwargs: Any) -> None:  # Context's own keywords (request_context, mcp_server, ...)
        super().__init__(**kwargs)

    async def elicit(self, message: str, schema: type[ElicitSchemaModelT]) -> ElicitationResult[ElicitSchemaModelT]:
        scope = self._deadline
        if scope is None:
            return await super().elicit(message, schema)
        remaining = scope.deadline - anyio.current_time()
        scope.deadline = math.inf
        try:
            return await super().elicit(message, schema)
        finally:
            scope.deadline = anyio.current_time() + remaining


def _patient(context: Context[Any, Any], scope: anyio.CancelScope) -> PatientContext:
    patient = PatientContext(
        request_context=context._request_context,
        mcp_server=context._mcp_server,
        input_params=context._input_params,
        subscriptions=context._subscriptions,
    )
    patient._deadline = scope
    return patient


async def within_deadline(
    seconds: float,
    call: Callable[[Context[Any, Any] | None], Awaitable[T]],
    context: Context[Any, Any] | None,
    *,
    writes: bool,
) -> T:
    """`call(context)` stopped after `seconds` (questions to the user aside), as a ToolError saying so."""
    with anyio.CancelScope(deadline=anyio.current_time() + seconds) as scope:
        return await call(_patient(context, scope) if context is not None else None)
    raise ToolError(deadline_message(seconds, writes=writes))
