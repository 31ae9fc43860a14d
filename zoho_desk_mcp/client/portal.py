"""One organization's view of the Desk API: `client.org(org_id).tickets.get(...)` and friends."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from .accounts import AccountsAPI
from .agents import AgentsAPI
from .articles import ArticlesAPI
from .attachments import AttachmentsAPI
from .comments import CommentsAPI
from .contacts import ContactsAPI
from .departments import DepartmentsAPI
from .fields import FieldsAPI
from .products import ProductsAPI
from .replies import RepliesAPI
from .reply_addresses import ReplyAddressesAPI
from .tags import TagsAPI
from .teams import TeamsAPI
from .templates import TemplatesAPI
from .threads import ThreadsAPI
from .ticket_bulk import TicketBulkAPI
from .ticket_counts import TicketCountsAPI
from .ticket_history import HistoryAPI
from .tickets import TicketsAPI
from .uploads import UploadsAPI
from .views import ViewsAPI

if TYPE_CHECKING:
    from .core import DeskClient
    from .limits import Credits


class Portal:
    """The resources of one organization (Zoho: portal), all sharing the client's connection and limits."""

    def __init__(self, client: DeskClient, org_id: str) -> None:
        self.client = client
        self.org_id = org_id

    def __repr__(self) -> str:
        return f"Portal(org_id={self.org_id!r})"

    @property
    def credits(self) -> Credits | None:
        """The API credits Zoho last said this portal has left today."""
        return self.client.credits(self.org_id)

    @cached_property
    def departments(self) -> DepartmentsAPI:
        return DepartmentsAPI(self.client, self.org_id)

    @cached_property
    def agents(self) -> AgentsAPI:
        return AgentsAPI(self.client, self.org_id)

    @cached_property
    def teams(self) -> TeamsAPI:
        return TeamsAPI(self.client, self.org_id)

    @cached_property
    def products(self) -> ProductsAPI:
        return ProductsAPI(self.client, self.org_id)

    @cached_property
    def contacts(self) -> ContactsAPI:
        return ContactsAPI(self.client, self.org_id)

    @cached_property
    def accounts(self) -> AccountsAPI:
        return AccountsAPI(self.client, self.org_id)

    @cached_property
    def articles(self) -> ArticlesAPI:
        return ArticlesAPI(self.client, self.org_id)

    @cached_property
    def tickets(self) -> TicketsAPI:
        return TicketsAPI(self.client, self.org_id)

    @cached_property
    def ticket_bulk(self) -> TicketBulkAPI:
        """updateMany, merge and markSpam: writes on many tickets at once."""
        return TicketBulkAPI(self.client, self.org_id)

    @cached_property
    def ticket_counts(self) -> TicketCountsAPI:
        return TicketCountsAPI(self.client, self.org_id)

    @cached_property
    def views(self) -> ViewsAPI:
        return ViewsAPI(self.client, self.org_id)

    @cached_property
    def fields(self) -> FieldsAPI:
        return FieldsAPI(self.client, self.org_id)

    @cached_property
    def uploads(self) -> UploadsAPI:
        return UploadsAPI(self.client, self.org_id)

    @cached_property
    def attachments(self) -> AttachmentsAPI:
        return AttachmentsAPI(self.client, self.org_id)

    @cached_property
    def comments(self) -> CommentsAPI:
        return CommentsAPI(self.client, self.org_id)

    @cached_property
    def threads(self) -> ThreadsAPI:
        return ThreadsAPI(self.client, self.org_id)

    @cached_property
    def replies(self) -> RepliesAPI:
        """Send an e-mail reply, save or rewrite a draft (writes: never repeated by the client)."""
        return RepliesAPI(self.client, self.org_id)

    @cached_property
    def reply_addresses(self) -> ReplyAddressesAPI:
        return ReplyAddressesAPI(self.client, self.org_id)

    @cached_property
    def templates(self) -> TemplatesAPI:
        return TemplatesAPI(self.client, self.org_id)

    @cached_property
    def tags(self) -> TagsAPI:
        return TagsAPI(self.client, self.org_id)

    @cached_property
    def history(self) -> HistoryAPI:
        """Ticket history: `history.page(ticket_id)`."""
        return HistoryAPI(self.client, self.org_id)
