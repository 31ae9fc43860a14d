"""How tickets are served: the full record for get-by-id, slimmer rows for lists and search, and `include`s.

Counts (threads, comments, attachments) are derived from the store at read time, so they can never drift.
"""

from __future__ import annotations

from ..customer_records import account_ref
from ..store import OrgData, Record

GET_INCLUDES = ("contacts", "products", "assignee", "departments", "team", "contract", "isRead", "skills")
LIST_INCLUDES = ("contacts", "products", "departments", "team", "assignee", "isRead")
ROW_OMITS = (
    "description",
    "resolution",
    "cf",
    "customFields",
    "secondaryContacts",
    "sharedDepartments",
    "entitySkills",
    "layoutDetails",
    "source",
    "lockedTime",
    "isArchived",
    "isDeleted",
    "isTrashed",
)


def counts(org: OrgData, ticket_id: str) -> dict[str, str]:
    threads = org.threads.get(ticket_id, [])
    return {
        "threadCount": str(len(threads)),
        "commentCount": str(len(org.comments.get(ticket_id, []))),
        "attachmentCount": str(len(org.attachments.get(ticket_id, []))),
        "taskCount": "0",
        "tagCount": str(len(org.ticket_tags.get(ticket_id, []))),
        "followerCount": "0",
        "approvalCount": "0",
        "timeEntryCount": "0",
        "sharedCount": "0",
    }


def includes(org: OrgData, record: Record, wanted: list[str]) -> Record:
    """The nested objects Zoho adds for each `include` value (absent unless asked for)."""
    extra: Record = {}
    if "contacts" in wanted:
        contact = org.contacts.get(record.get("contactId") or "")
        extra["contact"] = (
            None
            if contact is None
            else {
                "id": contact["id"],
                "firstName": contact["firstName"],
                "lastName": contact["lastName"],
                "email": contact["email"],
                "phone": contact["phone"],
                "mobile": contact["mobile"],
                "type": contact["type"],
                "account": account_ref(org, contact.get("accountId")),
            }
        )
    if "products" in wanted:
        product = org.products.get(record.get("productId") or "")
        extra["product"] = (
            None
            if product is None
            else {
                "id": product["id"],
                "productName": product["productName"],
                "productCode": product["productCode"],
            }
        )
    if "assignee" in wanted:
        agent = org.agents.get(record.get("assigneeId") or "")
        extra["assignee"] = (
            None
            if agent is None
            else {
                "id": agent["id"],
                "firstName": agent["firstName"],
                "lastName": agent["lastName"],
                "email": agent["emailId"],
                "photoURL": agent["photoURL"],
            }
        )
    if "departments" in wanted:
        department = org.departments.get(record.get("departmentId") or "")
        extra["department"] = (
            None if department is None else {"id": department["id"], "name": department["name"]}
        )
    if "team" in wanted:
        team = org.teams.get(record.get("teamId") or "")
        extra["team"] = (
            None if team is None else {"id": team["id"], "name": team["name"], "logoUrl": team["logoUrl"]}
        )
    if "isRead" in wanted:
        extra["isRead"] = bool(record.get("_isRead", False))
    if "contract" in wanted:
        extra["contract"] = None
    if "skills" in wanted:
        extra["skills"] = []
    return extra


def public(record: Record) -> Record:
    """The record without the sandbox's private bookkeeping keys (those starting with `_`)."""
    return {k: v for k, v in record.items() if not k.startswith("_")}


def ticket_detail(org: OrgData, record: Record, wanted: list[str]) -> Record:
    return {**public(record), **counts(org, record["id"]), **includes(org, record, wanted)}


def last_thread(org: OrgData, ticket_id: str) -> Record | None:
    threads = org.threads.get(ticket_id)
    if not threads:
        return None
    latest = threads[-1]
    return {
        "channel": latest["channel"],
        "isDraft": latest["isDraft"],
        "isForward": latest["isForward"],
        "direction": latest["direction"],
    }


def ticket_row(org: OrgData, record: Record, wanted: list[str]) -> Record:
    row = {k: v for k, v in public(record).items() if k not in ROW_OMITS}
    row.update(counts(org, record["id"]))
    row["lastThread"] = last_thread(org, record["id"])
    row.update(includes(org, record, wanted))
    return row
