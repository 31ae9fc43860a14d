"""The reply guard: every rule an e-mail from send_reply obeys before it leaves, in this one module.

1. No new recipients by surprise. An address in to, cc or bcc that is not already on the ticket (its e-mail,
   its secondary contacts, any address in its threads) is refused unless `allowNewRecipients` is true; with a
   client that supports elicitation the user is asked instead. A customer's text cannot make the assistant mail
   the ticket's history to a stranger.
2. Confirmation. With a client that supports elicitation, the user sees From, To, Cc, Bcc and the start of the
   text, and the e-mail goes out only on accept.
3. Never twice. Before sending, the ticket's latest outgoing threads (the one thread read the guard makes) are
   searched for the same e-mail (same recipients and text) sent within the last DUPLICATE_MINUTES: after an
   "outcome unknown" failure a retry then answers with the thread that went out and sends nothing.
4. Not an internal note by mistake. Text that reads as addressed to colleagues ("internal:", "note to self",
   "@agent", ...) is refused with a hint to use add_ticket_comment, unless `confirmPublic` is true.
5. Audit. Every sent reply and draft is in the audit log with its recipients and thread ID, never its body.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, Field

from ...client import Portal, Thread, addresses_of
from ..kit.audit import note_recipients
from ..kit.text import clip, html_to_text, neutralise

DUPLICATE_MINUTES = 15
SHOWN_TEXT = 300  # characters of the reply shown in the confirmation question
SUMMARY_PREFIX = 60  # Zoho's thread summary is the text's first 100 characters; compare a safe prefix of it
INTERNAL = re.compile(
    r"^\W*(?:internal(?:\s+note)?\s*[:\-]|\[internal\]|\(internal\)|private\s+note|fyi\s+team\b)"
    r"|\bnote\s+to\s+self\b|(?<![\w.])@(?:agents?|team|here|channel|support)\b|\bfor\s+internal\s+use\b"
    r"|\b(?:do\s+not|don'?t)\s+send\s+(?:this\s+)?to\s+the\s+customer\b",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass
class Outgoing:
    """An e-mail about to be sent: what the guard checks and what the user confirms."""

    ticket_id: str
    ticket_label: str
    sender: str
    to: list[str]
    cc: list[str] = field(default_factory=list)
    bcc: list[str] = field(default_factory=list)
    text: str = ""  # the reply as plain text

    def everyone(self) -> list[str]:
        return [*self.to, *self.cc, *self.bcc]


class ReplyConfirmation(BaseModel):
    confirm: bool = Field(description="true: send this e-mail now; false: do not send it")


def plain_text(content: str, content_type: str) -> str:
    return html_to_text(content) if content_type == "html" else content.strip()


def squeezed(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


# --- rule 4: not an internal note ------------------------------------------------------------------------
def refuse_internal_note(text: str, confirm_public: bool) -> None:
    found = None if confirm_public else INTERNAL.search(text)
    if found is not None:
        raise ToolError(
            f"Not sent: the text reads as a note to colleagues ({neutralise(found.group(0).strip())!r}), yet a reply "
            "goes to the customer. For an internal note use add_ticket_comment; if the customer is meant to read "
            "this, call send_reply again with confirmPublic true."
        )


# --- rule 1: no new recipients by surprise ---------------------------------------------------------------
def thread_addresses(rows: Iterable[Thread]) -> set[str]:
    """Every address the ticket's threads name: senders, authors and recipients."""
    found: set[str] = set()
    for row in rows:
        for value in (row.from_email_address, row.to, row.cc, row.bcc, row.author.email if row.author else None):
            found.update(a.casefold() for a in addresses_of(value))
    return found


def unknown_among(wanted: Sequence[str], known: set[str]) -> list[str]:
    return [a for a in wanted if a.casefold() not in known]


def refuse_new_recipients(new: Sequence[str]) -> ToolError:
    return ToolError(
        f"Not sent: {', '.join(neutralise(a) for a in new)} {'is' if len(new) == 1 else 'are'} not on this ticket "
        "(not its contact, a secondary contact, or in any of its threads). Check with the user that the e-mail "
        "should go there; if so, call send_reply again with allowNewRecipients true."
    )


# --- rule 3: never twice ---------------------------------------------------------------------------------
def _time(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat((value or "").replace("Z", "+00:00"))
    except ValueError:
        return None


def candidates(rows: Iterable[Thread], mail: Outgoing, now: datetime) -> list[Thread]:
    """Recent sent (not draft) outgoing threads with the same recipients whose summary starts like the text."""
    since = now - timedelta(minutes=DUPLICATE_MINUTES)
    found = []
    for row in rows:
        when = _time(row.created_time)
        if row.direction != "out" or row.is_draft or (row.status or "").upper() == "DRAFT":
            continue
        if when is not None and when >= since and same_start(row.summary, mail.text) and same_people(row, mail):
            found.append(row)
    return found


def same_start(summary: str | None, text: str) -> bool:
    """Zoho's `summary` is the text's first 100 characters: compare the prefix both have."""
    shown, ours = squeezed(summary)[:SUMMARY_PREFIX], squeezed(text)[:SUMMARY_PREFIX]
    common = min(len(shown), len(ours))
    return common > 0 and shown[:common] == ours[:common]


def same_people(row: Thread, mail: Outgoing) -> bool:
    def folded(values: Iterable[str]) -> list[str]:
        return sorted(a.casefold() for a in values)

    return (folded(addresses_of(row.to)), folded(addresses_of(row.cc))) == (folded(mail.to), folded(mail.cc))


async def sent_already(portal: Portal, rows: Sequence[Thread], mail: Outgoing) -> Thread | None:
    """The thread of this very e-mail if it went out recently (its full text compared), else None."""
    for row in candidates(rows, mail, datetime.now(timezone.utc)):
        full = await portal.threads.get(mail.ticket_id, row.id)
        is_html = (full.content_type or "text/html").lower() != "text/plain"
        body = html_to_text(full.content) if is_html else (full.content or "")
        if squeezed(body) == squeezed(mail.text):
            return full
    return None


# --- rule 2: confirmation --------------------------------------------------------------------------------
def question(mail: Outgoing, new: Sequence[str]) -> str:
    lines = [
        f"Send this e-mail reply on ticket {mail.ticket_label}?",
        f"From: {mail.sender}",
        f"To: {', '.join(mail.to)}",
    ]
    lines += [f"Cc: {', '.join(mail.cc)}"] if mail.cc else []
    lines += [f"Bcc: {', '.join(mail.bcc)}"] if mail.bcc else []
    if new:
        lines.append(f"NOT ON THIS TICKET BEFORE: {', '.join(new)}")
    shown, cut = clip(mail.text, SHOWN_TEXT)
    lines += ["", neutralise(shown) + (" […]" if cut else "")]
    return "\n".join(lines)


# --- rule 5: audit ---------------------------------------------------------------------------------------
def audit(to: Sequence[str], cc: Sequence[str], bcc: Sequence[str]) -> None:
    """Recipients into this call's audit record (the thread ID comes from the result); never the body."""
    note_recipients({"to": list(to), "cc": list(cc), "bcc": list(bcc)})
