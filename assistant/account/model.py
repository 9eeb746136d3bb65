"""The account model: what the record says about an account's people, read once per account revision and shared
by everything that needs it (answers, the note, gaps, emails). Every value carries the passage it rests on and the
date of its source; when sources disagree the latest dated one wins and the others are kept."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from assistant.facts.commitments import Commitment

Side = Literal["customer", "vendor", "other"]
HoldingStatus = Literal["current", "interim", "former", "vacant"]
PresenceStatus = Literal["active", "left", "on_leave"]

ROLE_LABELS: dict[str, str] = {
    "executive_sponsor": "executive sponsor",
    "economic_buyer": "economic buyer",
    "champion": "champion",
    "primary_contact": "primary contact",
    "day_to_day_admin": "day-to-day admin",
    "technical_lead": "technical lead",
    "detractor": "detractor",
}


class Cited(BaseModel):
    """Where a value comes from: the source path, a verbatim quote of it, and the source's date (None: undated,
    e.g. a CRM record, which then counts as the oldest word)."""

    source: str
    quote: str
    when: date | None = None


class DatedTitle(BaseModel):
    title: str
    evidence: Cited


class Presence(BaseModel):
    status: PresenceStatus
    evidence: Cited
    effective: date | None = None  # the date the sentence gives ("last day is Jan 30"), if any


class PersonEntry(BaseModel):
    name: str
    email: str | None = None
    variants: list[str] = Field(default_factory=list)  # lower case: full name, first, last, "dr last", initials
    organization: str | None = None
    side: Side = "other"
    titles: list[DatedTitle] = Field(default_factory=list)  # oldest first
    presence: list[Presence] = Field(default_factory=list)  # oldest first
    last_contact: date | None = None

    @property
    def title(self) -> str | None:
        """The latest stated title."""
        return self.titles[-1].title if self.titles else None

    @property
    def status(self) -> PresenceStatus:
        return self.presence[-1].status if self.presence else "active"

    def status_on(self, day: date) -> PresenceStatus:
        """Their status on a day: a departure announced for a later date has not happened yet."""
        for presence in reversed(self.presence):
            if presence.effective is None or presence.effective <= day or presence.status == "on_leave":
                return presence.status
        return "active"


class RoleHolding(BaseModel):
    role: str  # a key of ROLE_LABELS
    name: str | None  # None: the source says nobody holds it (or names only a title nobody in the record holds)
    title: str | None = None  # the title the source gives the holder
    status: HoldingStatus
    inferred: bool = False  # not stated: worked out (a successor in the former holder's title)
    evidence: Cited


class Preference(BaseModel):
    """A stated way to reach or treat someone ("email only", "copy Mr. Roe on everything")."""

    about: str | None  # the person it is about; None: the whole account
    statement: str
    rule: bool = True  # states the rule itself, not merely that one exists
    evidence: Cited


class OpenRequest(BaseModel):
    """A customer's email that ends its thread with no reply from us."""

    person: str
    subject: str
    ask: str  # the sentence that asks
    evidence: Cited  # where, and when it was sent


class Term(BaseModel):
    """A period an agreement, order or subscription runs, as one source states it."""

    start: date | None
    end: date
    renews: date | None = None  # the renewal date the source gives, when it gives one rather than an end
    evidence: Cited

    def holds(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and day <= self.end


class CompetitorMention(BaseModel):
    """A competitor the record says the customer weighs (evaluates, runs an RFP with, is quoted by)."""

    name: str
    evidence: Cited


class RecordValue(BaseModel):
    """A value the CRM record leaves empty that a source states (an email, a debrief answer): the newest such."""

    field: Literal["renewal_date", "arr"]
    value: str  # as the note says it: "2026-03-31", "$96,000"
    said_in: str  # the source as a reader names it: a path, or "Sam Ortiz's debrief answer, 2026-03-01"
    evidence: Cited


class DebriefAnswer(BaseModel):
    """The outgoing CSM's answer to a gap: for a missing field, the record of that field."""

    item_kind: str  # "missing_health_score", "risk", ...
    author: str
    day: date | None
    text: str
    evidence: Cited


class AccountModel(BaseModel):
    account_id: str
    people: list[PersonEntry] = Field(default_factory=list)
    holdings: list[RoleHolding] = Field(default_factory=list)  # oldest first
    preferences: list[Preference] = Field(default_factory=list)  # oldest first
    requests: list[OpenRequest] = Field(default_factory=list)  # unanswered customer emails
    # dated promises to and by the customer, with whether later material shows them done (as of the record's end)
    commitments: list[Commitment] = Field(default_factory=list)
    terms: list[Term] = Field(default_factory=list)  # oldest source first, the CRM's first
    competitors: list[CompetitorMention] = Field(default_factory=list)  # oldest first
    # passages that state measurable success criteria (the CRM field's text first, when it has one)
    success_criteria: list[Cited] = Field(default_factory=list)
    record_values: list[RecordValue] = Field(default_factory=list)  # what the sources fill in for the CRM
    debrief_answers: list[DebriefAnswer] = Field(default_factory=list)

    def person(self, name: str | None) -> PersonEntry | None:
        """The person a name (or a variant of it: a first name used by one person only, a surname) refers to."""
        if not name:
            return None
        key = name.lower().strip()
        exact = [p for p in self.people if p.name.lower() == key]
        if exact:
            return exact[0]
        matches = [p for p in self.people if key in p.variants]
        return matches[0] if len(matches) == 1 else None

    def is_customer(self, name: str) -> bool:
        """Whether a name refers to one of the customer's people."""
        person = self.person(name)
        return person is not None and person.side == "customer"

    def holders(self, role: str) -> list[RoleHolding]:
        """Who the record says held a role, latest first (undated CRM fields last)."""
        found = [h for h in self.holdings if h.role == role]
        return sorted(found, key=lambda h: (h.evidence.when is not None, h.evidence.when or date.min), reverse=True)

    def current_holder(self, role: str) -> RoleHolding | None:
        """The latest word on a role: its holder unless that holder has since left or gone on leave (then an
        interim holder named as late or later, else nobody known)."""
        for holding in self.holders(role):
            if holding.status == "former" or holding.name is None and holding.status == "vacant":
                return None if holding.status == "vacant" else self._successor(role, holding)
            if holding.name is None:
                continue  # only a title: a dated holding may still name someone
            person = self.person(holding.name)
            if person is not None and person.status != "active" and _after(person.presence[-1].evidence,
                                                                             holding.evidence):
                return self._successor(role, holding)
            return holding
        return None

    def _successor(self, role: str, gone: RoleHolding) -> RoleHolding | None:
        """Who took over from a holder who left: someone the record names in the role as late or later, else the
        one other customer person who now has the title the holder had (a new managing partner inherits the
        sponsorship of the old one)."""
        later = [h for h in self.holders(role) if h.name and h.name != gone.name and h.status != "former"
                 and not _after(gone.evidence, h.evidence)]
        if later:
            return later[0]
        former = self.person(gone.name)
        if former is None or former.title is None:
            return None
        heirs = [p for p in self.people if p.side == "customer" and p.name != former.name and p.title and
                 p.title.lower() == former.title.lower()]
        if len(heirs) != 1:
            return None
        heir = heirs[0]
        return RoleHolding(role=role, name=heir.name, title=heir.title, status="current", inferred=True,
                           evidence=heir.titles[-1].evidence)


def _after(a: Cited, b: Cited) -> bool:
    """Whether ``a`` is dated after ``b`` (undated counts as oldest)."""
    if a.when is None:
        return False
    return b.when is None or a.when > b.when
