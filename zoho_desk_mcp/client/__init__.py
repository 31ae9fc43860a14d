"""The async Zoho Desk client: one `DeskClient` per process, its error tree, retries, pages and resolver.

Knows the Desk REST API only (no MCP, no CLI). Start with `DeskClient(base_url, auth)`, then
`client.organizations.list()` and `client.org(org_id).tickets...`; `Resolver(client)` turns names into IDs.
"""

from __future__ import annotations

from .accounts import Account, AccountsAPI
from .agents import Agent, AgentsAPI
from .articles import Article, ArticlesAPI
from .attachments import Attachment, AttachmentsAPI
from .comments import Comment, CommentsAPI
from .contacts import Contact, ContactAccount, ContactsAPI
from .core import DeskClient
from .departments import Department, DepartmentsAPI
from .downloads import Download, DownloadTooLargeError
from .errors import (
    DOCUMENTED_ERROR_CODES,
    AuthenticationError,
    BadRequestError,
    DeskConnectError,
    DeskTimeoutError,
    DeskTransportError,
    DeskURLError,
    FieldError,
    ForbiddenError,
    InvalidDataError,
    LicenseLimitError,
    NotFoundError,
    OrgMismatchError,
    PayloadTooLargeError,
    RateLimitError,
    RequestNotReplayable,
    ScopeError,
    ServerError,
    ThresholdExceededError,
    TooManyRequestsError,
    UnexpectedResponseError,
    WriteOutcomeUnknown,
    ZohoAPIError,
    ZohoDeskError,
)
from .fields import DeskField, FieldsAPI
from .limits import Credits
from .matching import Choice, ResolutionError
from .organizations import Organization, OrganizationsAPI
from .pagination import paginate
from .portal import Portal
from .products import Product, ProductsAPI
from .refs import TicketRef, parse_ticket_ref
from .replies import RepliesAPI, ReplyDraft, addresses_of
from .reply_addresses import ReplyAddress, ReplyAddressesAPI
from .resolve import Resolver, no_ticket
from .retry import NO_RETRIES, RetryPolicy
from .searched import UnknownEmailError
from .tags import Tag, TagsAPI
from .teams import Team, TeamsAPI
from .templates import RenderedTemplate, Template, TemplatesAPI
from .threads import Thread, ThreadsAPI
from .ticket_bulk import TicketBulkAPI
from .ticket_counts import AgentTicketCount, FieldCount, FieldCounts, TicketCountsAPI
from .ticket_history import Change, HistoryAPI, HistoryEvent
from .ticket_stats import Found, TicketStatistics
from .tickets import SearchPage, Ticket, TicketsAPI
from .uploads import Upload, UploadsAPI
from .urls import api_base_url
from .views import View, ViewsAPI

__all__ = [
    "DOCUMENTED_ERROR_CODES",
    "NO_RETRIES",
    "Account",
    "AccountsAPI",
    "Agent",
    "AgentTicketCount",
    "AgentsAPI",
    "Article",
    "ArticlesAPI",
    "Attachment",
    "AttachmentsAPI",
    "AuthenticationError",
    "BadRequestError",
    "Change",
    "Choice",
    "Comment",
    "CommentsAPI",
    "Contact",
    "ContactAccount",
    "ContactsAPI",
    "Credits",
    "Department",
    "DepartmentsAPI",
    "DeskClient",
    "DeskConnectError",
    "DeskField",
    "DeskTimeoutError",
    "DeskTransportError",
    "DeskURLError",
    "Download",
    "DownloadTooLargeError",
    "FieldCount",
    "FieldCounts",
    "FieldError",
    "FieldsAPI",
    "ForbiddenError",
    "Found",
    "HistoryAPI",
    "HistoryEvent",
    "InvalidDataError",
    "LicenseLimitError",
    "NotFoundError",
    "OrgMismatchError",
    "Organization",
    "OrganizationsAPI",
    "PayloadTooLargeError",
    "Portal",
    "Product",
    "ProductsAPI",
    "RateLimitError",
    "RenderedTemplate",
    "RepliesAPI",
    "ReplyAddress",
    "ReplyAddressesAPI",
    "ReplyDraft",
    "RequestNotReplayable",
    "ResolutionError",
    "Resolver",
    "RetryPolicy",
    "ScopeError",
    "SearchPage",
    "ServerError",
    "Tag",
    "TagsAPI",
    "Team",
    "TeamsAPI",
    "Template",
    "TemplatesAPI",
    "Thread",
    "ThreadsAPI",
    "ThresholdExceededError",
    "Ticket",
    "TicketBulkAPI",
    "TicketCountsAPI",
    "TicketRef",
    "TicketStatistics",
    "TicketsAPI",
    "TooManyRequestsError",
    "UnexpectedResponseError",
    "UnknownEmailError",
    "Upload",
    "UploadsAPI",
    "View",
    "ViewsAPI",
    "WriteOutcomeUnknown",
    "ZohoAPIError",
    "ZohoDeskError",
    "addresses_of",
    "api_base_url",
    "no_ticket",
    "paginate",
    "parse_ticket_ref",
]
