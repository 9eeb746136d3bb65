"""Support tickets as of a date: open ones by priority and age."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from assistant.facts.material import AccountMaterial
from assistant.facts.text import clip
from ingest.document import SourceType


class TicketFact(BaseModel):
    source: str
    ticket_id: str
    subject: str
    priority: str | None  # low / normal / high / urgent
    status: str | None
    is_open: bool
    opened: date | None
    age_days: int | None  # days open as of the date asked for
    quote: str


def tickets_as_of(material: AccountMaterial, as_of: date) -> list[TicketFact]:
    facts = []
    for document in material.of_type(SourceType.TICKET):
        metadata = document.metadata
        opened = document.created_at.date() if document.created_at else None
        if opened and opened > as_of:
            continue
        facts.append(
            TicketFact(
                source=document.source_path,
                ticket_id=metadata.ticket_id,
                subject=document.title,
                priority=metadata.priority_level,
                status=metadata.status,
                is_open=metadata.is_open,
                opened=opened,
                age_days=(as_of - opened).days if opened else None,
                quote=clip(document.body),
            )
        )
    return facts


def open_tickets(material: AccountMaterial, as_of: date, priorities: set[str] | None = None) -> list[TicketFact]:
    """Open tickets, oldest first, optionally only those of the given priority levels."""
    found = [t for t in tickets_as_of(material, as_of) if t.is_open]
    if priorities is not None:
        found = [t for t in found if t.priority in priorities]
    return sorted(found, key=lambda t: -(t.age_days or 0))
