"""Stakeholders: who they are, which side they are on, their stated titles and roles, and when we last met them."""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, Field

from assistant.facts.material import AccountMaterial, directory, resolve
from assistant.facts.text import doc_date, quote_around
from ingest.document import Person, SourceType

ROLE_PATTERNS: dict[str, str] = {
    "executive_sponsor": r"(?:exec(?:utive)?\.?\s+)?sponsor\b",
    "champion": r"\bchampion\b",
    "primary_contact": r"primary contact|main contact|point of contact|day[- ]to[- ]day(?: contact)?|week to week",
    "day_to_day_admin": r"\badmin(?:istrator)?\b",
    "technical_lead": r"technical lead|tech lead|\bIT\b.*\bowner\b",
    "economic_buyer": r"economic buyer|signs (?:the|anything|agreements?|contracts?|off)|sign-?off authority|"
                      r"signing authority|\bsigns\s*(?:[.;,)]|$)|signature (?:by|of|from)|budget owner|owns the (?:\w+ )?budget",
    "detractor": r"detractor|openly negative|skeptic",
}
_NEGATION = re.compile(
    r"\b(?:no|not|never|without|missing|lacks?|none|tbd|unknown|unclear|nobody|isn'?t|hasn'?t|haven'?t)\b|\?\?",
    re.IGNORECASE,
)


class RoleMention(BaseModel):
    role: str
    affirmed: bool  # False when the passage says the role is missing ("no exec sponsor identified")
    names: list[str] = Field(default_factory=list)  # known people named in the same line
    source: str
    quote: str
    when: date | None = None


class Stakeholder(BaseModel):
    name: str | None
    email: str | None
    title: str | None = None
    organization: str | None = None
    is_customer: bool
    roles: list[str] = Field(default_factory=list)
    last_contact: date | None = None
    sources: list[str] = Field(default_factory=list)


def role_mentions(material: AccountMaterial, role: str) -> list[RoleMention]:
    """Lines outside the CRM that state (or deny) who holds a role."""
    pattern = re.compile(ROLE_PATTERNS[role], re.IGNORECASE)
    people = directory(material)
    names = sorted({p.name for p in people.values() if p.name}, key=len, reverse=True)
    found = []
    for document in material.documents:
        if document.source_type == SourceType.CRM:
            continue
        offset = 0
        for line in document.body.splitlines(keepends=True):
            match = pattern.search(line)
            if match:
                named = [n for n in names if _mentions(line, n, names)]
                window = line[max(0, match.start() - 30) : match.end() + 25]
                found.append(RoleMention(
                    role=role,
                    affirmed=not _NEGATION.search(window),
                    names=named,
                    source=document.source_path,
                    quote=quote_around(document.body, offset + match.start(), offset + match.end()),
                    when=doc_date(document),
                ))
            offset += len(line)
    return found


def _mentions(line: str, name: str, names: list[str]) -> bool:
    parts = name.replace("Dr. ", "").split()
    if re.search(rf"\b{re.escape(name)}\b", line):
        return True
    if len(parts) < 2:
        return False
    if re.search(rf"\b{re.escape(parts[-1])}\b", line):
        return True
    first = parts[0]
    unique = sum(1 for other in names if other.replace("Dr. ", "").split()[0] == first) == 1
    return unique and bool(re.search(rf"\b{re.escape(first)}\b", line))


def stakeholders(material: AccountMaterial) -> list[Stakeholder]:
    """Everyone the material names with an email address, latest title first, with CRM roles and last contact."""
    people = directory(material)
    by_email: dict[str, Stakeholder] = {}

    def touch(person: Person, source: str, when: date | None, role: str | None = None) -> None:
        person = resolve(material, person, people)
        if not person.email:
            return
        key = person.email.lower()
        entry = by_email.setdefault(key, Stakeholder(name=person.name, email=person.email,
                                                     is_customer=material.is_customer(person)))
        if person.title and (entry.title is None or role is None):
            entry.title = person.title
        entry.organization = entry.organization or person.organization
        if role and role not in entry.roles:
            entry.roles.append(role)
        if when and (entry.last_contact is None or when > entry.last_contact):
            entry.last_contact = when
        if source not in entry.sources:
            entry.sources.append(source)

    crm = material.crm
    if crm is not None:
        source = material.crm_source or "crm"
        for field, role in (("primary_contact", "primary_contact"), ("executive_sponsor", "executive_sponsor")):
            if (person := getattr(crm, field)) is not None:
                touch(person, source, None, role)
        for person in crm.contacts:
            touch(person, source, None, (person.role or "contact").lower())
    for document in sorted(material.documents, key=lambda d: doc_date(d) or date.min):
        when = doc_date(document)
        if document.source_type == SourceType.MEETING:
            for person in document.metadata.attendees:
                touch(person, document.source_path, when)
        elif document.source_type in (SourceType.EMAIL, SourceType.CHAT) and \
                not getattr(document.metadata, "is_auto_reply", False):
            for person in document.participants:  # a chat's participants are the people who wrote in it that day
                touch(person, document.source_path, when)
    for role in ROLE_PATTERNS:
        for mention in role_mentions(material, role):
            if mention.affirmed:
                for name in mention.names:
                    person = people.get(name.lower())
                    if person and person.email and person.email.lower() in by_email:
                        entry = by_email[person.email.lower()]
                        if role not in entry.roles:
                            entry.roles.append(role)
    return list(by_email.values())


class SignatureTitle(BaseModel):
    title: str
    source: str
    when: date | None
    quote: str | None  # verbatim from the body when the body repeats the title, else None (it sits in the signature)


def titles_from_signatures(material: AccountMaterial) -> dict[str, SignatureTitle]:
    """Each sender's title as the latest email signature states it, by lower-cased email."""
    latest: dict[str, SignatureTitle] = {}
    for document in material.of_type(SourceType.EMAIL):
        sender = document.metadata.sender
        if not sender or not sender.email or not sender.title or document.metadata.is_auto_reply:
            continue
        when = doc_date(document)
        key = sender.email.lower()
        if key not in latest or (when and latest[key].when and when >= latest[key].when):
            at = document.body.find(sender.title)
            quote = quote_around(document.body, at, at + len(sender.title)) if at >= 0 else None
            latest[key] = SignatureTitle(title=sender.title, source=document.source_path, when=when, quote=quote)
    return latest
