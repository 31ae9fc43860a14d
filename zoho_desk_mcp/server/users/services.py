"""The Desk services in `--users zoho` mode: one Desk client whose auth hook sends the current user's token, a
resolver per user (so `me` and every cached lookup are that user's view), and an audit log that names the user.

Tools are unchanged: they read `services(ctx).resolver` and `.client` as always; `resolver` here is chosen per
request from the user the verified MCP token names.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

from ...client import DeskClient, Resolver
from ...tools.kit.audit import AuditLog
from ...tools.kit.context import DeskServices
from .zoho import current_subject

MAX_RESOLVERS = 1000  # users whose caches stay warm in this replica; the least recently used one goes first


class UserResolvers:
    """A `Resolver` per signed-in user, sharing the one Desk client (and so its per-portal limits)."""

    def __init__(self, factory: Callable[[str], Resolver], limit: int = MAX_RESOLVERS) -> None:
        self._factory = factory
        self._limit = limit
        self._by_user: OrderedDict[str, Resolver] = OrderedDict()

    def current(self) -> Resolver:
        subject = current_subject()
        found = self._by_user.get(subject)
        if found is None:
            found = self._by_user[subject] = self._factory(subject)
            while len(self._by_user) > self._limit:
                self._by_user.popitem(last=False)
        else:
            self._by_user.move_to_end(subject)
        return found


class UserAuditLog(AuditLog):
    """The audit log, with the signed-in user's e-mail in every record."""

    def __init__(self, inner: AuditLog) -> None:
        super().__init__(inner.path)
        self._inner = inner

    def write(self, record: Mapping[str, Any]) -> None:
        try:
            user: str | None = current_subject()
        except Exception:
            user = None
        self._inner.write({**record, "user": user})


class UserServices(DeskServices):
    """DeskServices whose `resolver` is the current user's."""

    def __init__(self, client: DeskClient, resolvers: UserResolvers, audit: AuditLog) -> None:
        self._resolvers = resolvers
        super().__init__(client=client, resolver=resolvers.current, granted_scopes=None, audit=UserAuditLog(audit))  # type: ignore[arg-type]

    @property
    def resolver(self) -> Resolver:
        return self._resolvers.current()

    @resolver.setter
    def resolver(self, value: Any) -> None:
        """The dataclass __init__ assigns it; the per-user lookup above is what tools see."""
