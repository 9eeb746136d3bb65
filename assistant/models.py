"""The nouns every service shares: citations, statements, notes, gaps and debrief questions."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

Provenance = Literal["data", "inferred", "confirm"]
Change = Literal["new", "changed"]  # since the version the reader last read (assistant/notes/changes.py)
Severity = Literal["high", "medium", "low"]


class Citation(BaseModel):
    chunk_id: str
    source: str  # source path relative to the account root, e.g. "emails/x.eml" or "tickets/tickets.json#4812"
    quote: str = Field(max_length=200)  # verbatim excerpt of the cited chunk
    locator: str | None = None  # where in the source the chunk is: "page 3", "comment 2", "00:01:02.480"

    def where(self) -> str:
        """The source as a reader looks it up: "documents/order-form.pdf, page 2"."""
        return f"{self.source}, {self.locator}" if self.locator else self.source


class StatementEdit(BaseModel):
    """A person's decision on a statement, kept when the note is drafted again (assistant/notes/corrections.py)."""

    by: str
    at: datetime
    revision: int  # the statement's decisions are numbered from 1
    edited: bool = False  # the text is the person's, not the engine's
    confirmed: bool = False
    added: bool = False  # the statement is the person's own, not drafted
    removed: bool = False  # only while its sources changed: removed once, drafted again from changed passages
    sources_changed: bool = False  # a passage it cited changed or is gone since the decision: decide again
    your_text: str | None = None  # an edit set aside because its sources changed: the text shown is the new draft


class Statement(BaseModel):
    id: str = ""  # stable across drafts of the same material (assistant/notes/statement_ids.py)
    text: str
    provenance: Provenance = "data"
    citations: list[Citation] = Field(default_factory=list)
    note: str | None = None  # e.g. why a statement is marked "confirm"
    newest_source_date: date | None = None  # its newest cited source's own date (assistant/notes/source_dates.py)
    change: Change | None = None  # set for one reader when a stored note is read; never stored
    edit: StatementEdit | None = None  # the latest human decision on it

    @property
    def awaiting_confirmation(self) -> bool:
        """A ``confirm`` statement nobody has confirmed (or whose sources changed since it was confirmed)."""
        confirmed = self.edit is not None and self.edit.confirmed and not self.edit.sources_changed
        return self.provenance == "confirm" and not confirmed


class Section(BaseModel):
    key: str
    title: str
    statements: list[Statement] = Field(default_factory=list)


class GapKind(StrEnum):
    MISSING_EXECUTIVE_SPONSOR = "missing_executive_sponsor"
    MISSING_PRIMARY_CONTACT = "missing_primary_contact"
    MISSING_RENEWAL_DATE = "missing_renewal_date"
    MISSING_CONTRACT_VALUE = "missing_contract_value"
    MISSING_SUCCESS_CRITERIA = "missing_success_criteria"
    MISSING_HEALTH_SCORE = "missing_health_score"
    MISSING_COMMUNICATION_PREFERENCE = "missing_communication_preference"
    STALE_RELATIONSHIP = "stale_relationship"
    MEETING_MISSING_METADATA = "meeting_missing_metadata"
    OVERDUE_COMMITMENT = "overdue_commitment"
    UNANSWERED_CUSTOMER_EMAIL = "unanswered_customer_email"
    AGING_HIGH_PRIORITY_TICKET = "aging_high_priority_ticket"
    CONFLICTING_FACTS = "conflicting_facts"


class GapEvidence(BaseModel):
    source: str  # source path, or "absent from all N sources"
    chunk_id: str | None = None
    quote: str | None = Field(default=None, max_length=200)


ItemStatus = Literal["open", "answered", "dismissed"]


class ItemAnswer(BaseModel):
    """What the outgoing CSM said about a gap or debrief question."""

    status: Literal["answered", "dismissed"]
    text: str  # the answer, or why it was dismissed
    author: str
    at: datetime
    source: str | None = None  # the debrief source an answer became, "debrief/<item id>"


class Gap(BaseModel):
    id: str = ""  # stable across runs: the same gap keeps its id (see assistant/debrief_items/ids.py)
    kind: GapKind
    severity: Severity
    detail: str
    evidence: list[GapEvidence] = Field(default_factory=list)
    question: str  # what to ask the outgoing CSM
    status: ItemStatus = "open"
    answer: ItemAnswer | None = None  # the last answer or dismissal; kept when newer material reopens the gap


class DebriefQuestion(BaseModel):
    id: str = ""
    topic: Literal["gap", "risk", "commitment"]
    question: str
    why: str
    evidence: list[GapEvidence] = Field(default_factory=list)
    status: ItemStatus = "open"
    answer: ItemAnswer | None = None


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
        )


class ReadComparison(BaseModel):
    """How a note version compares with the one its reader read before: set when a user reads it, never stored."""

    compared_with: int | None = None  # the newest earlier version this reader read; None: their first reading
    new: int = 0
    changed: int = 0


class TransitionNote(BaseModel):
    account_id: str
    as_of: date
    engine: str
    model: str
    version: int = 0  # set when stored
    created_at: datetime | None = None
    template: str = "default"
    sections: list[Section]
    prompt_versions: dict[str, str] = Field(default_factory=dict)
    evidence_ids: list[str] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    dropped_statements: int = 0  # statements removed because none of their citations checked out
    drafted_at: datetime | None = None  # when the engine drafted it; a corrected version keeps its draft's time
    edited_by: str | None = None  # set on a version that is a person's correction of the one before
    draft_version: int | None = None  # on a correction: the drafted version whose draft it corrects
    comparison: ReadComparison | None = None  # for the user reading it (read_note); None when not read by a user
