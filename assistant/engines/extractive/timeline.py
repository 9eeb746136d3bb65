"""The meeting timeline for the history section: date, title, channel and the customer's attendees, newest first."""

from __future__ import annotations

from assistant.engines.base import Evidence, StatementDraft
from assistant.engines.extractive.people import vendor_domains, vendor_names
from ingest.document import CrmRecord, MeetingMetadata

MAX_MEETINGS = 5
MAX_ATTENDEES = 3


def meeting_timeline(evidence: Evidence, record: CrmRecord | None) -> list[StatementDraft]:
    vendors, vendor_mail = vendor_names(record), vendor_domains(record)
    first_ref: dict[str, str] = {}
    for item in evidence.items:
        first_ref.setdefault(item.source_id, item.ref)
    meetings = []
    for source_id, document in evidence.documents.items():
        meta = document.metadata
        if isinstance(meta, MeetingMetadata) and meta.date and source_id in first_ref:
            meetings.append((meta.date, document.title, meta, first_ref[source_id]))
    if not meetings:
        return []
    meetings.sort(key=lambda m: m[0], reverse=True)
    parts, refs = [], []
    for day, title, meta, ref in meetings[:MAX_MEETINGS]:
        customer = [p.name for p in meta.attendees if p.name and p.name.lower() not in vendors
                    and not (p.email and p.email.split("@")[-1].lower() in vendor_mail)]
        detail = [meta.channel] if meta.channel else []
        if customer:
            more = f" +{len(customer) - MAX_ATTENDEES}" if len(customer) > MAX_ATTENDEES else ""
            detail.append(", ".join(customer[:MAX_ATTENDEES]) + more)
        parts.append(f"{day.isoformat()} {title}" + (f" ({'; '.join(detail)})" if detail else ""))
        refs.append(ref)
    return [StatementDraft(text="Meetings, newest first: " + "; ".join(parts) + ".", citations=refs)]
