"""Ticket history: every write the sandbox accepts leaves an event in the shape of `GET /tickets/{id}/History`.

Events follow TicketHistory.json's `singleCaseHistoryRespns` and Zoho's "Events Supported in the Get Ticket
History API" page: `eventName`, `eventTime`, `actor {id, name, type}`, `source`, `eventInfo` [{propertyName,
propertyType, propertyValue, systemProperty}] and `actorInfo`. A changed field is a `ValueTransition` whose value
is `{previousValue, updatedValue}`. Keys starting with `_` are the sandbox's own (for the `agentId` and
`fieldName` filters) and are never served.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import records
from .store import OrgData, Record

# API field name -> (Zoho's display name, the entity type its ID names, or None for a plain value)
TRACKED: dict[str, tuple[str, str | None]] = {
    "subject": ("Subject", None),
    "description": ("Description", None),
    "status": ("Status", None),
    "priority": ("Priority", None),
    "channel": ("Channel", None),
    "classification": ("Classification", None),
    "category": ("Category", None),
    "subCategory": ("Sub Category", None),
    "language": ("Language", None),
    "resolution": ("Resolution", None),
    "dueDate": ("Due Date", None),
    "responseDueDate": ("Response Due Date", None),
    "email": ("Email", None),
    "phone": ("Phone", None),
    "departmentId": ("Department", "Department"),
    "assigneeId": ("Case Owner", "Agent"),
    "teamId": ("Team", "Team"),
    "productId": ("Product Name", "Product"),
    "contactId": ("Contact Name", "Contact"),
}
CREATED_FIELDS = ("departmentId", "contactId", "email", "subject", "status", "priority", "assigneeId", "channel")
EVENT_FILTERS = {  # eventFilter -> the events it selects (the sandbox records no tasks, calls, SLAs, ...)
    "CommentHistory": ("CommentAdded", "CommentEdited", "CommentDeleted"),
    "AttachmentHistory": ("AttachmentAdded", "AttachmentUpdated", "AttachmentDeleted", "AttachmentRestored"),
    **{
        name: ()
        for name in ("TimeEntryHistory", "ApprovalHistory", "AssignmentRuleHistory", "NotificationRuleHistory",
                     "WorkflowHistory", "MacroHistory", "SuperviseHistory", "SLAHistory", "BlueprintHistory",
                     "TaskHistory", "CallHistory", "EventHistory", "SkillRelatedHistory")
    },
}


def person_name(person: Record) -> str:
    name = person.get("name") or " ".join(p for p in (person.get("firstName"), person.get("lastName")) if p)
    return str(name or person.get("emailId") or person.get("email") or "")


def actor(person: Record, kind: str = "Agent") -> Record:
    """`actor`: who did it (`Agent` for the token's owner, `Contact` for a customer)."""
    return {"id": person["id"], "name": person_name(person), "type": kind}


def prop(name: str, kind: str, value: Any, *, system: bool = True) -> Record:
    return {"propertyName": name, "propertyType": kind, "propertyValue": value, "systemProperty": system}


def entity(org: OrgData, kind: str, record_id: Any) -> Record | None:
    table = {"Department": org.departments, "Agent": org.agents, "Team": org.teams, "Product": org.products,
             "Contact": org.contacts}[kind]
    found = table.get(str(record_id or ""))
    if found is None:
        return None
    name = found.get("productName") or person_name(found) if kind != "Department" else found.get("name")
    return {"id": found["id"], "name": name, "type": kind}


def value_of(org: OrgData, field: str, raw: Any) -> Any:
    kind = TRACKED[field][1] if field in TRACKED else None
    return entity(org, kind, raw) if kind else raw


def add(
    org: OrgData,
    ticket_id: str,
    event: str,
    who: Record,
    when: str,
    info: Iterable[Record] = (),
    *,
    fields: Iterable[str] = (),
    source: str | None = None,
) -> None:
    """Append one event; `fields` are the API names it touches (for the `fieldName` filter)."""
    org.history.setdefault(ticket_id, []).append(
        {
            "eventName": event,
            "eventTime": when,
            "actor": dict(who),
            "source": source,
            "eventInfo": list(info),
            "actorInfo": [],
            "_fields": list(fields),
        }
    )


def created(org: OrgData, ticket: Record, who: Record, *, source: str | None = None) -> None:
    info, fields = [], []
    for field in CREATED_FIELDS:
        label, kind = TRACKED[field]
        value = value_of(org, field, ticket.get(field))
        if value is not None:
            info.append(prop(label, "Entity" if kind else "Text", value))
            fields.append(field)
    add(org, ticket["id"], "TicketCreated", who, ticket["createdTime"], info, fields=fields, source=source)


def changes(before: Record, after: Record) -> list[tuple[str, Any, Any]]:
    """(API name, before, after) for every tracked field and custom field whose value changed."""
    found = [(f, before.get(f), after.get(f)) for f in TRACKED if before.get(f) != after.get(f)]
    old_cf, new_cf = before.get("cf") or {}, after.get("cf") or {}
    found += [(k, old_cf.get(k), new_cf.get(k)) for k in sorted({*old_cf, *new_cf}) if old_cf.get(k) != new_cf.get(k)]
    return found


def updated(org: OrgData, before: Record, after: Record, who: Record, when: str) -> None:
    """`TicketUpdated` with one ValueTransition per changed field; nothing when nothing changed."""
    diff = changes(before, after)
    if not diff:
        return
    info = [
        prop(
            TRACKED[f][0] if f in TRACKED else f,
            "ValueTransition",
            {"previousValue": value_of(org, f, old), "updatedValue": value_of(org, f, new)},
            system=f in TRACKED,
        )
        for f, old, new in diff
    ]
    add(org, after["id"], "TicketUpdated", who, when, info, fields=[f for f, _, _ in diff])


def snapshot(ticket: Record) -> Record:
    """A copy of a ticket to diff against after a write (custom fields copied too: they are merged in place)."""
    return {**ticket, "cf": dict(ticket.get("cf") or {})}


def attachment_added(org: OrgData, ticket_id: str, attachment: Record, who: Record) -> None:
    info = [prop("Name", "Text", attachment["name"]), prop("Size", "Numeric", attachment["size"]),
            prop("Is Public", "Boolean", bool(attachment.get("isPublic")))]
    add(org, ticket_id, "AttachmentAdded", who, attachment["createdTime"], info)


def comment_added(org: OrgData, ticket_id: str, comment: Record, who: Record, summary: str) -> None:
    info = [prop("Content", "Text", summary), prop("Is Public", "Boolean", bool(comment.get("isPublic")))]
    add(org, ticket_id, "CommentAdded", who, comment["commentedTime"], info)


def thread_added(org: OrgData, ticket_id: str, thread: Record, who: Record, *, source: str | None = None) -> None:
    info = [prop("Direction", "Text", thread.get("direction")), prop("Summary", "Text", thread.get("summary")),
            prop("To", "Text", thread.get("to"))]
    add(org, ticket_id, "ThreadAdded", who, thread["createdTime"], info, source=source)


def tags_changed(org: OrgData, ticket_id: str, names: list[str], who: Record, when: str, *, added: bool) -> None:
    if names:
        info = [prop("Tags", "TextList", list(names))]
        add(org, ticket_id, "TagsAdded" if added else "TagsRemoved", who, when, info, fields=["tags"])


def served(event: Record) -> Record:
    return {k: v for k, v in event.items() if not k.startswith("_")}


def matches(event: Record, event_filter: str | None, agent_id: str | None, field: str | None) -> bool:
    if event_filter is not None and event["eventName"] not in EVENT_FILTERS[event_filter]:
        return False
    if agent_id is not None and (event["actor"].get("type") != "Agent" or event["actor"].get("id") != agent_id):
        return False
    return field is None or field in event.get("_fields", ())


SOURCES = {"Email": "Email", "Chat": "Chat", "Forums": "Forum", "Twitter": "Twitter", "Facebook": "Facebook",
           "Web": "WebForm", "Feedback Widget": "FeedbackWidget", "Customer Portal": "Helpcenter"}


def backfill(org: OrgData) -> None:
    """History for tickets loaded from a data set: created by their contact, then their conversation, in order."""
    for ticket_id, ticket in org.tickets.items():
        customer = org.contacts.get(str(ticket.get("contactId") or ""))
        who = actor(customer, "Contact") if customer else actor(next(iter(org.agents.values())))
        created(org, ticket, who, source=SOURCES.get(str(ticket.get("channel"))))
        later: list[tuple[str, int, Record]] = []
        for thread in org.threads.get(ticket_id, []):
            author = thread.get("author") or {}
            kind = "Agent" if author.get("type") == "AGENT" else "Contact"
            later.append((thread["createdTime"], len(later), {"thread": thread, "who": actor(author, kind)}))
        for comment in org.comments.get(ticket_id, []):
            later.append((comment["commentedTime"], len(later), {"comment": comment}))
        for attachment in org.attachments.get(ticket_id, []):
            later.append((attachment["createdTime"], len(later), {"attachment": attachment}))
        for _, _, item in sorted(later, key=lambda entry: (entry[0], entry[1])):
            replay(org, ticket_id, item)


def replay(org: OrgData, ticket_id: str, item: Record) -> None:
    if "thread" in item:
        thread_added(org, ticket_id, item["thread"], item["who"])
    elif "comment" in item:
        comment = item["comment"]
        who = actor(org.agents.get(comment["commenterId"]) or comment["commenter"])
        comment_added(org, ticket_id, comment, who, records.text_summary(comment.get("content")))
    else:
        attachment = item["attachment"]
        creator = org.agents.get(str(attachment.get("creatorId"))) or next(iter(org.agents.values()))
        attachment_added(org, ticket_id, attachment, actor(creator))
