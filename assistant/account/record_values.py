"""Values the CRM record leaves empty that the outgoing CSM stated in a debrief answer: the renewal date or the ARR.
The newest non-proposal statement of each wins.

Only debrief answers fill the record: they are the outgoing CSM's word on exactly that field. A value stated in an
email or a meeting stays a passage the note may quote (measured: filling the snapshot from every email displaced
other statements and cost fact recall on the golden set, 0.855 -> 0.849)."""

from __future__ import annotations

from datetime import date

from assistant.account.model import Cited, DebriefAnswer, RecordValue
from assistant.facts.material import AccountMaterial
from assistant.facts.values import stated_values
from ingest.document import SourceType


def build_record_values(material: AccountMaterial) -> list[RecordValue]:
    crm = material.crm
    found = []
    if crm is None or crm.renewal_date is None:
        found += _newest(material, "renewal_date")
    if crm is None or crm.arr_usd is None:
        found += _newest(material, "arr")
    return found


def _newest(material: AccountMaterial, kind: str) -> list[RecordValue]:
    debriefs = {d.source_path for d in material.documents if d.source_type is SourceType.DEBRIEF}
    values = [v for v in stated_values(material, kind) if not v.proposal and v.source in debriefs]
    if not values:
        return []
    value = values[-1]  # oldest first
    shown = value.value.isoformat() if isinstance(value.value, date) else f"${value.value:,.0f}"
    return [RecordValue(field=kind, value=shown, said_in=_said_in(material, value.source),
                        evidence=Cited(source=value.source, quote=value.quote, when=value.when))]


def _said_in(material: AccountMaterial, source: str) -> str:
    """ "Mara Quinn's debrief answer, 2026-03-01" for a debrief answer; else the source's path."""
    document = next((d for d in material.documents if d.source_path == source), None)
    if document is not None and document.source_type is SourceType.DEBRIEF and document.created_at:
        return f"{document.metadata.author}'s debrief answer, {document.created_at.date().isoformat()}"
    return source


def build_debrief_answers(material: AccountMaterial) -> list[DebriefAnswer]:
    answers = []
    for document in material.documents:
        if document.source_type is SourceType.DEBRIEF:
            meta = document.metadata
            day = document.created_at.date() if document.created_at else None
            answers.append(DebriefAnswer(item_kind=meta.item_kind, author=meta.author, day=day, text=document.body,
                                         evidence=Cited(source=document.source_path, quote=document.body[:200],
                                                        when=day)))
    return answers
