"""An account's material: its CRM record and every parsed document, plus who is customer and who is vendor."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

from ingest.crm_choice import choose_account_record
from ingest.dispatch import parse_file
from ingest.document import CrmRecord, Document, Person, SourceType
from ingest.emails import assign_threads
from ingest.errors import IngestError
from ingest.slack_export import SlackDirectories
from ingest.ticket_comments import join_pages


class AccountMaterial(BaseModel):
    account_id: str
    crm: CrmRecord | None = None
    crm_source: str | None = None  # the path of the record chosen as the account's (``choose_account_record``)
    documents: list[Document] = Field(default_factory=list)

    def of_type(self, source_type: SourceType) -> list[Document]:
        return [d for d in self.documents if d.source_type == source_type]

    def customer_domains(self) -> set[str]:
        return customer_domains(self)

    def vendor_domains(self) -> set[str]:
        return vendor_domains(self)

    def is_customer(self, person: Person | None) -> bool:
        return is_customer(self, person)

    def is_vendor(self, person: Person | None) -> bool:
        return is_vendor(self, person)


def build_material(account_id: str, documents: list[Document]) -> AccountMaterial:
    """Deduplicate by identity, rebuild email threads, and pick out the CRM record."""
    unique: dict[str, Document] = {}
    for document in documents:
        unique.setdefault(document.identity, document)
    docs = list(unique.values())
    emails = assign_threads([d for d in docs if d.source_type == SourceType.EMAIL])
    others = [d for d in docs if d.source_type != SourceType.EMAIL]
    docs = sorted([*others, *emails], key=lambda d: d.source_path)
    chosen = choose_account_record(account_id, docs).chosen
    crm = chosen.metadata.record if chosen is not None else None
    return AccountMaterial(account_id=account_id, crm=crm, crm_source=chosen.source_path if chosen else None,
                           documents=docs)


def load_account(folder: Path, account_id: str | None = None) -> AccountMaterial:
    """Parse every readable file under an account folder (unreadable files are skipped)."""
    account_id = account_id or folder.name
    documents: list[Document] = []
    slack = SlackDirectories()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        try:
            documents.extend(parse_file(path.read_bytes(), relative, account_id, slack=slack.for_day_file(path)))
        except IngestError:
            continue
    return build_material(account_id, join_pages(documents))


def count_sources(material: AccountMaterial) -> int:
    """How many distinct source files the material comes from (a tickets export counts once)."""
    return len({d.source_path.split("#", 1)[0] for d in material.documents})


def _domain(email: str | None) -> str | None:
    if not email or "@" not in email:
        return None
    return email.rsplit("@", 1)[1].strip().lower().rstrip(">")


def _base(domain: str) -> str:
    """``mail.acme.com`` -> ``acme.com``."""
    parts = domain.split(".")
    return ".".join(parts[-2:]) if len(parts) > 2 else domain


def vendor_domains(material: AccountMaterial) -> set[str]:
    crm = material.crm
    domains: set[str] = set()
    if crm is not None:
        for person in (crm.owner_csm, crm.incoming_csm, crm.account_executive):
            if person and (d := _domain(person.email)):
                domains.add(_base(d))
    customer = customer_domains(material)
    if not domains:  # fall back: the domains of ticket assignees / meeting authors are unknown; guess from emails
        counts: dict[str, int] = {}
        for document in material.of_type(SourceType.EMAIL):
            for person in document.participants:
                if (d := _domain(person.email)) and _base(d) not in customer:
                    counts[_base(d)] = counts.get(_base(d), 0) + 1
        domains = {max(counts, key=counts.get)} if counts else set()
    return domains - customer


def customer_domains(material: AccountMaterial) -> set[str]:
    crm = material.crm
    domains: set[str] = set()
    if crm is not None:
        if crm.domain:
            domains.add(_base(crm.domain.lower().removeprefix("www.")))
        for person in (crm.primary_contact, crm.executive_sponsor, *crm.contacts):
            if person and (d := _domain(person.email)):
                domains.add(_base(d))
    return domains


def is_vendor(material: AccountMaterial, person: Person | None) -> bool:
    if person is None:
        return False
    domain = _domain(person.email)
    return bool(domain) and _base(domain) in vendor_domains(material)


def is_customer(material: AccountMaterial, person: Person | None) -> bool:
    """A person from the customer's domain, or (when the domain is unknown) any non-vendor address."""
    if person is None:
        return False
    domain = _domain(person.email)
    if not domain:
        return False
    base = _base(domain)
    customers = customer_domains(material)
    if customers:
        return base in customers
    return base not in vendor_domains(material)


def directory(material: AccountMaterial) -> dict[str, Person]:
    """Every person the material names with an email address, by lower-cased full name and by email."""
    people: dict[str, Person] = {}
    crm = material.crm
    candidates: list[Person] = []
    if crm is not None:
        candidates += [p for p in (crm.owner_csm, crm.incoming_csm, crm.account_executive, crm.primary_contact,
                                   crm.executive_sponsor) if p]
        candidates += crm.contacts
    for document in material.documents:
        candidates += document.participants + document.authors
        if document.source_type == SourceType.MEETING:
            candidates += document.metadata.attendees
    for person in candidates:
        if person.email:
            people.setdefault(person.email.lower(), person)
            if person.name:
                people.setdefault(_plain_name(person.name), person)
    return people


def _plain_name(name: str) -> str:
    name = name.lower().strip()
    for prefix in ("dr. ", "mr. ", "ms. ", "mrs. ", "dr ", "mr ", "ms "):
        name = name.removeprefix(prefix)
    return name


def resolve(material: AccountMaterial, person: Person, people: dict[str, Person] | None = None) -> Person:
    """The same person with an email address when the material gives one elsewhere (transcript speakers)."""
    if person.email or not person.name:
        return person
    people = people if people is not None else directory(material)
    found = people.get(_plain_name(person.name))
    return person.model_copy(update={"email": found.email}) if found else person
