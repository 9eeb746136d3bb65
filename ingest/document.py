"""The shape every parser returns: a ``Document`` with typed, per-family metadata.

Parsers are pure: bytes in, documents out. They never touch a store. Datetimes are timezone-aware (UTC when the
source gives no zone); a bare date becomes midnight UTC of that day.
"""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class SourceType(StrEnum):
    CRM = "crm"
    MEETING = "meeting"
    EMAIL = "email"
    TICKET = "ticket"
    DOCUMENT = "document"  # a contract, order form, success plan: a PDF or Word file that is no meeting
    CHAT = "chat"
    DEBRIEF = "debrief"  # the outgoing CSM's answer to a gap or debrief question, written in handoff itself


class Person(BaseModel):
    name: str | None = None
    email: str | None = None
    title: str | None = None
    organization: str | None = None
    role: str | None = None  # a role as the source states it, e.g. "Decision maker", "executive sponsor"

    def label(self) -> str:
        """``Name <email>``, or whichever of the two is known."""
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.name or self.email or ""


class Unit(BaseModel):
    """A natural piece of a document for chunking: a Markdown section, a transcript speaker run, a ticket comment,
    the new text of an email. The chunker never merges two units; it splits a long unit with overlap."""

    text: str
    heading: str | None = None
    speaker: str | None = None
    at: datetime | None = None
    locator: str | None = None  # where in the source: "turns 12-15", "comment 3", "00:01:02.480", "page 4"


class Transition(BaseModel):
    model_config = ConfigDict(extra="allow")

    reason: str | None = None
    effective_date: date | None = None
    notes: str | None = None


class CrmRecord(BaseModel):
    """One CRM account record. Every field may be missing on purpose: a missing field is a documentation gap."""

    model_config = ConfigDict(extra="allow", allow_inf_nan=False)  # "NaN" in an export is no number

    account_id: str | None = None
    name: str | None = None
    domain: str | None = None
    segment: str | None = None
    industry: str | None = None
    plan: str | None = None
    arr_usd: float | None = None
    contract_start: date | None = None
    renewal_date: date | None = None
    seats_purchased: int | None = None
    seats_active: int | None = None
    health_score: float | None = None
    nps: float | None = None
    owner_csm: Person | None = None
    incoming_csm: Person | None = None
    transition: Transition | None = None
    products: list[str] = Field(default_factory=list)
    primary_contact: Person | None = None
    executive_sponsor: Person | None = None
    contacts: list[Person] = Field(default_factory=list)
    account_executive: Person | None = None
    success_criteria: str | list[str] | None = None
    communication_preference: str | None = None
    sla: str | None = None
    last_activity_date: date | None = None
    notes: str | None = None


class CrmMetadata(BaseModel):
    kind: Literal["crm"] = "crm"
    format: Literal["json", "csv"]
    record: CrmRecord


class MeetingMetadata(BaseModel):
    kind: Literal["meeting"] = "meeting"
    format: Literal["markdown", "text", "docx", "vtt", "srt", "gong", "fireflies", "transcript-text", "chat-text",
                    "meet-docx", "meet-text"]
    date: dt.date | None = None  # the field's name shadows the type inside the class, hence dt.date
    attendees: list[Person] = Field(default_factory=list)
    channel: str | None = None
    author: str | None = None
    speakers: list[str] = Field(default_factory=list)  # transcripts: distinct speaker names, in order of first turn
    missing: list[str] = Field(default_factory=list)  # of "date", "attendees", "channel": undocumented metadata


class EmailMetadata(BaseModel):
    kind: Literal["email"] = "email"
    format: Literal["eml", "mbox", "msg"] = "eml"
    message_id: str
    in_reply_to: str | None = None
    references: list[str] = Field(default_factory=list)
    thread_id: str  # Message-ID of the thread's root as far as this message's headers tell
    subject: str = ""
    sender: Person | None = None  # with title/organization when the signature gives them
    to: list[Person] = Field(default_factory=list)
    cc: list[Person] = Field(default_factory=list)
    is_auto_reply: bool = False
    is_forward: bool = False
    quoted_text: str = ""  # the quoted history below the new text (kept, not indexed)
    signature: str = ""  # the signature block separated from the new text
    attachments: list[str] = Field(default_factory=list)  # file names only; attachments are not parsed


class TicketMetadata(BaseModel):
    kind: Literal["ticket"] = "ticket"
    system: Literal["zendesk", "jira", "csv", "freshdesk", "intercom", "helpscout", "github", "salesforce"]
    ticket_id: str
    status: str | None = None  # as the tracker says it
    is_open: bool = True  # normalised: not solved/closed/resolved/verified/done
    priority: str | None = None  # as the tracker says it
    priority_level: Literal["low", "normal", "high", "urgent"] | None = None  # normalised
    type: str | None = None
    requester: Person | None = None
    assignee: str | None = None
    tags: list[str] = Field(default_factory=list)
    resolution: str | None = None
    resolved_at: datetime | None = None
    comment_count: int = 0


class FileDocumentMetadata(BaseModel):
    """A contract, order form or success plan read from a PDF or Word file."""

    kind: Literal["document"] = "document"
    format: Literal["pdf", "docx"]
    title: str | None = None  # from the file's properties, else its first heading or line, else its name
    author: str | None = None  # from the file's properties
    date: dt.date | None = None  # from the file's properties, else a date in its first lines or its name
    page_count: int | None = None  # PDF only: units are its pages, cited as "page N"


class ChatMetadata(BaseModel):
    """One channel-day of a chat export (a Slack day file)."""

    kind: Literal["chat"] = "chat"
    system: Literal["slack"] = "slack"
    channel: str | None = None  # without "#"; None when a lone day file does not say
    day: dt.date
    participants: list[str] = Field(default_factory=list)  # who wrote that day, in order of first message
    thread_count: int = 0  # threads with replies that day (a reply to an earlier day's message counts too)
    message_count: int = 0  # messages kept (joins, leaves and bot messages are dropped)
    threads: list[str] = Field(default_factory=list)  # the Slack ``thread_ts`` of each of those threads


class DebriefMetadata(BaseModel):
    """An answer the outgoing CSM gave in handoff to a gap or debrief question: what they knew and never wrote down."""

    kind: Literal["debrief"] = "debrief"
    item_id: str  # the gap or debrief question it answers
    item_kind: str  # the gap's kind ("missing_renewal_date"), or "risk" / "commitment"
    question: str
    author: str


DocumentMetadata = Annotated[
    CrmMetadata | MeetingMetadata | EmailMetadata | TicketMetadata | FileDocumentMetadata | ChatMetadata
    | DebriefMetadata,
    Field(discriminator="kind"),
]


class Document(BaseModel):
    """One parsed source. ``body`` is the clean text that gets indexed; ``units`` split it into natural pieces."""

    account_id: str
    source_type: SourceType
    source_path: str  # relative to the account root; "tickets/tickets.json#4812" for an item inside a file
    identity: str  # unique within the account: "path:<path>", "message-id:<id>", "ticket:<system>:<id>"
    title: str
    created_at: datetime | None = None
    updated_at: datetime | None = None
    authors: list[Person] = Field(default_factory=list)
    participants: list[Person] = Field(default_factory=list)
    body: str
    units: list[Unit] = Field(default_factory=list)
    metadata: DocumentMetadata
