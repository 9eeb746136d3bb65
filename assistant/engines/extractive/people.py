"""The customer's people, from the CRM record, email senders' signatures, meeting attendee lists and
"Name (Title)" mentions in the text: one stakeholder statement per person with title, role and the sentence that
says most about them."""

from __future__ import annotations

import functools
import re

from pydantic import BaseModel, Field

from assistant.engines.base import Evidence
from assistant.engines.extractive.text_index import TextIndex
from assistant.text.names import HONORIFIC, PERSON_NAME, without_honorific
from ingest.document import CrmRecord, EmailMetadata, MeetingMetadata, Person

_TITLE_WORD = (r"(?:VP|SVP|EVP|AVP|Vice President|Vice Chancellor|Chancellor|President|Director|Head|Chief|C[A-Z]O|"
               r"Manager|Mgr|Officer|Lead|Engineer|Analyst|Coordinator|Administrator|Admin|Buyer|Controller|"
               r"Counsel|Architect|Specialist|Superintendent|Principal|Partner|Dean|Founder|Owner|Sr\.?|Senior|Associate)")
_PAREN_TITLE = re.compile(rf"(?P<name>{PERSON_NAME})\s+\((?P<title>[^()]*\b(?i:{_TITLE_WORD})\b[^()]{{0,50}})\)")
_DASH_TITLE = re.compile(
    rf"(?P<name>{PERSON_NAME})\s*(?:=|–|—|-|is (?:our|the|their))\s*(?P<title>(?:[\w&/]+\s+){{0,3}}(?i:{_TITLE_WORD})\b(?:\s+[A-Z][\w&]*){{0,3}}"
    rf"(?:\s+(?:of|for)\s+[\w&]+(?:\s+[A-Z&][\w&]*){{0,3}})?)"
)
_COMMA_TITLE = re.compile(
    rf"(?P<name>{PERSON_NAME}),\s+(?:our\s+|the\s+)?(?P<title>(?:[A-Z][\w&/-]*\s+){{0,3}}{_TITLE_WORD}\b(?:\s+(?:of|for|,)?\s*"
    rf"[A-Z&][\w&/-]*){{0,5}})"
)
_TITLE_BEFORE = re.compile(rf"\b(?P<title>C[A-Z]O|{_TITLE_WORD}(?:\s+[A-Z][\w&]*){{0,3}}),?\s+(?P<name>{PERSON_NAME})\b")


class PersonView(BaseModel):
    name: str
    email: str | None = None
    title: str | None = None
    organization: str | None = None
    crm_roles: list[str] = Field(default_factory=list)
    mentions: int = 0
    from_crm: bool = False

    @property
    def first(self) -> str:
        return without_honorific(self.name).split()[0]

    @property
    def last(self) -> str:
        return without_honorific(self.name).split()[-1]

    def header(self) -> str:
        bits = [self.name]
        if self.title:
            bits.append(self.title)
        text = ", ".join(bits)
        if self.organization and self.organization.lower() not in (self.title or "").lower():
            text += f" ({self.organization})"
        return text


def vendor_names(record: CrmRecord | None) -> set[str]:
    if record is None:
        return set()
    people = [record.owner_csm, record.incoming_csm, record.account_executive]
    return {p.name.lower() for p in people if p is not None and p.name}


def vendor_domains(record: CrmRecord | None) -> set[str]:
    if record is None:
        return set()
    people = [record.owner_csm, record.incoming_csm, record.account_executive]
    return {p.email.split("@")[-1].lower() for p in people if p is not None and p.email and "@" in p.email}


def customer_people(evidence: Evidence, record: CrmRecord | None, texts: list[str]) -> list[PersonView]:
    """Customer-side people, most documented first (CRM roles, then how often the evidence names them)."""
    vendors, vendor_mail = vendor_names(record), vendor_domains(record)
    people: dict[str, PersonView] = {}

    def add(person: Person | None, role: str | None = None, from_crm: bool = False) -> None:
        if person is None or not person.name or len(person.name.split()) < 2:
            return
        if person.name.lower() in vendors:
            return
        if person.email and person.email.split("@")[-1].lower() in vendor_mail:
            vendors.add(person.name.lower())
            return
        key = _key(person.name)
        view = people.setdefault(key, PersonView(name=person.name))
        view.email = view.email or person.email
        if person.title and (not view.title or from_crm):
            view.title = person.title
        view.organization = view.organization or person.organization
        for r in (role, person.role):
            if r and r not in view.crm_roles:
                view.crm_roles.append(r)
        view.from_crm = view.from_crm or from_crm

    if record is not None:
        add(record.executive_sponsor, "executive sponsor", True)
        add(record.primary_contact, "primary contact", True)
        for contact in record.contacts:
            add(contact, None, True)
    for document in evidence.documents.values():
        meta = document.metadata
        if isinstance(meta, EmailMetadata) and not meta.is_auto_reply:
            add(meta.sender)
            for p in [*meta.to, *meta.cc]:
                add(Person(name=p.name, email=p.email))
        elif isinstance(meta, MeetingMetadata):
            for p in meta.attendees:
                add(Person(name=p.name, email=p.email))
    for text in texts:
        for name, title in _titled_names(text):
            key = _key(name)
            if key in people and not people[key].title:
                people[key].title = title
            elif key not in people and name.lower() not in vendors and _plausible_new(name, people):
                people[key] = PersonView(name=name, title=title)
    joined = TextIndex(texts)  # each first name counted in one pass over all the texts
    for view in people.values():
        view.mentions = joined.count_word(view.first, whole=True)
    ranked = sorted(
        people.values(),
        key=lambda v: (-("executive sponsor" in v.crm_roles), -("primary contact" in v.crm_roles), -v.from_crm,
                       -(v.mentions + 2 * bool(v.title)), v.name),
    )
    return [v for v in ranked if v.from_crm or v.mentions > 0]


@functools.lru_cache(maxsize=16_384)  # the same sentences come back question after question
def _titled_names(text: str) -> tuple[tuple[str, str], ...]:
    """(name, title) of each "Name (Title)", "Name, Title", "Name - Title", "Title Name" in the text, in that order."""
    return tuple((match.group("name").strip(), match.group("title").strip(" ,"))
                 for pattern in (_PAREN_TITLE, _COMMA_TITLE, _DASH_TITLE, _TITLE_BEFORE)
                 for match in pattern.finditer(text))


def mentions_person(view: PersonView, text: str, unique_first: bool) -> bool:
    if _whole_word(view.last).search(text) and _whole_word(view.first).search(text):
        return True
    if re.search(rf"\b{HONORIFIC}\s+{re.escape(view.last)}\b", text):
        return True
    return unique_first and bool(_whole_word(view.first).search(text))


@functools.lru_cache(maxsize=4096)
def _whole_word(word: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(word)}\b")


def _key(name: str) -> str:
    parts = without_honorific(name).lower().split()
    return f"{parts[0]} {parts[-1]}"


def _plausible_new(name: str, people: dict[str, PersonView]) -> bool:
    words = without_honorific(name).split()
    return len(words) >= 2 and not any(w.lower() in {"the", "our", "and"} for w in words)
