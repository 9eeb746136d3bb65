"""The offline engine's transition-note sections, on small hand-made evidence and the real offline embedder."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from assistant.engines.base import Evidence, EvidenceItem, Message, RenderedPrompt, SectionDraft
from assistant.engines.extractive import ExtractiveEngine
from assistant.engines.requests import NoteInProgress, NoteSectionRequest
from assistant.notes.service import section_brief
from assistant.notes.template import load_template
from ingest.document import (
    CrmMetadata,
    CrmRecord,
    Document,
    EmailMetadata,
    MeetingMetadata,
    Person,
    SourceType,
    TicketMetadata,
    Unit,
)

AS_OF = date(2026, 3, 6)
RECORD = CrmRecord(
    name="Acme Rockets", segment="SMB", industry="Aerospace", plan="Team", arr_usd=22000, seats_purchased=30,
    seats_active=37, domain="acme.test",
    owner_csm=Person(name="Jo Vendor", email="jo@vendor.test"), incoming_csm=Person(name="Al Vendor", email="al@vendor.test"),
    primary_contact=Person(name="Ana Lopez", title="Head of Analytics", email="ana@acme.test"),
)


def _item(ref: str, source_id: str, path: str, kind: SourceType, text: str, when: datetime | None = None,
          locator: str | None = None) -> EvidenceItem:
    return EvidenceItem(ref=ref, chunk_id=f"c-{ref}", source_id=source_id, source_path=path, source_type=kind,
                        title=path, date=when, header=path, text=text, locator=locator)


def _doc(source_id: str, path: str, kind: SourceType, metadata, body: str = "", title: str = "", units=(),
         created: datetime | None = None, authors=()) -> Document:
    return Document(account_id="acme", source_type=kind, source_path=path, identity=source_id, title=title or path,
                    body=body, units=list(units), metadata=metadata, created_at=created, authors=list(authors))


def _crm() -> tuple[EvidenceItem, Document]:
    text = "Account: Acme Rockets\nPlan: Team\nARR (USD): 22,000\nSeats purchased: 30\nSeats active: 37"
    item = _item("E1", "crm", "crm.json", SourceType.CRM, text)
    return item, _doc("crm", "crm.json", SourceType.CRM, CrmMetadata(format="json", record=RECORD), body=text)


def _request(key: str, items: list[EvidenceItem], documents: dict[str, Document],
             note: NoteInProgress | None = None) -> NoteSectionRequest:
    spec = next(s for s in load_template().sections if s.key == key)
    return NoteSectionRequest(
        prompt=RenderedPrompt(name="note_section", version="1", messages=[Message(role="user", content="-")]),
        evidence=Evidence(items=items, documents=documents),
        as_of=AS_OF,
        section=section_brief(spec),
        account_name="Acme Rockets",
        note=note or NoteInProgress(),
    )


def _texts(draft: SectionDraft) -> list[str]:
    return [s.text for s in draft.statements]


@pytest.fixture
def engine(embedder) -> ExtractiveEngine:
    return ExtractiveEngine(embedder)


def test_a_crm_record_yields_one_snapshot_statement_with_plan_arr_and_seats(engine):
    crm_item, crm_doc = _crm()
    draft = engine.generate(_request("account_snapshot", [crm_item], {"crm": crm_doc}), SectionDraft).output
    combined = [t for t in _texts(draft) if "Team" in t and "$22,000" in t and "30 seats (37 active)" in t]
    assert len(combined) == 1
    assert all(s.citations == ["E1"] for s in draft.statements)


def test_signature_lines_greetings_and_forward_headers_are_never_statements(engine):
    crm_item, crm_doc = _crm()
    body = ("Hi Al,\n\nThe renewal quote for 40 seats at $30,000 is approved by our finance team.\n\nBest,\nAna\n\n"
            "Head of Analytics | Acme Rockets\nana@acme.test | acme.test\n"
            "Forwarded message from Ana Lopez <ana@acme.test> (Mon, Jan 5, 2026 at 9:00 AM)")
    meta = EmailMetadata(message_id="m1", thread_id="m1", subject="Quote", sender=Person(name="Ana Lopez"))
    email = _item("E2", "m1", "emails/quote.eml", SourceType.EMAIL, body, datetime(2026, 1, 5, tzinfo=timezone.utc))
    docs = {"crm": crm_doc, "m1": _doc("m1", "emails/quote.eml", SourceType.EMAIL, meta, body=body)}
    texts = _texts(engine.generate(_request("commercial", [crm_item, email], docs), SectionDraft).output)
    assert any("$30,000" in t for t in texts)
    for text in texts:
        assert "|" not in text and "Forwarded message" not in text and not text.startswith(("Hi ", "Best"))


def test_an_open_high_priority_ticket_becomes_a_support_statement_with_its_age(engine):
    crm_item, crm_doc = _crm()
    header = ("Status: open | Priority: high | Type: incident | Requester: Ana Lopez <ana@acme.test> | "
              "Created: 2026-02-24\n\nExports time out for every merchant report since the upgrade.")
    comment = "Engineering found the slow query and expects a fix in the next release."
    created = datetime(2026, 2, 24, tzinfo=timezone.utc)
    meta = TicketMetadata(system="zendesk", ticket_id="6061", status="open", is_open=True, priority="high",
                          priority_level="high", type="incident")
    doc = _doc("t1", "tickets/tickets.json#6061", SourceType.TICKET, meta, body=f"{header}\n\n{comment}",
               title="Ticket #6061: Exports time out", created=created,
               units=[Unit(text=header, at=created, locator="description"),
                      Unit(text=comment, speaker="Sam Support", at=datetime(2026, 3, 2, tzinfo=timezone.utc),
                           locator="comment 2")])
    items = [crm_item, _item("E2", "t1", doc.source_path, SourceType.TICKET, header, created, "description"),
             _item("E3", "t1", doc.source_path, SourceType.TICKET, comment, created, "comment 2")]
    texts = _texts(engine.generate(_request("support", items, {"crm": crm_doc, "t1": doc}), SectionDraft).output)
    summary = next(t for t in texts if t.startswith("Open tickets"))
    assert "#6061 (high, open since 2026-02-24, 10 days): Exports time out" in summary
    assert any(t.startswith("#6061 latest") and "fix in the next release" in t for t in texts)
    assert not any("Status: open |" in t for t in texts)


def test_a_stakeholder_statement_joins_title_and_what_the_notes_say_about_them(engine):
    crm_item, crm_doc = _crm()
    notes = ("- Ben Okoro (VP Finance) joined for the last ten minutes. He is our executive sponsor and signs "
             "anything over $50k.\n- Ana Lopez is leaving the company; her last day is March 27.")
    meta = MeetingMetadata(format="markdown", date=date(2026, 2, 1), channel="video",
                           attendees=[Person(name="Ben Okoro", email="ben@acme.test"),
                                      Person(name="Jo Vendor", email="jo@vendor.test")])
    item = _item("E2", "m1", "meetings/review.md", SourceType.MEETING, notes, datetime(2026, 2, 1, tzinfo=timezone.utc))
    docs = {"crm": crm_doc, "m1": _doc("m1", "meetings/review.md", SourceType.MEETING, meta, body=notes)}
    texts = _texts(engine.generate(_request("stakeholders", [crm_item, item], docs), SectionDraft).output)
    ben = next(t for t in texts if t.startswith("Ben Okoro"))
    assert "VP Finance" in ben and "executive sponsor" in ben
    ana = next(t for t in texts if t.startswith("Ana Lopez"))
    assert "Head of Analytics" in ana and "March 27" in ana
    assert not any(t.startswith("Jo Vendor") for t in texts)  # the vendor's own people are not stakeholders


def test_no_statement_appears_in_two_sections_of_one_note(engine):
    crm_item, crm_doc = _crm()
    body = ("The renewal uplift is capped at 5% and add-on seats cost $600 per seat per year.\n"
            "Ana will send the signed order form by March 20.")
    meta = EmailMetadata(message_id="m1", thread_id="m1", subject="Renewal", sender=Person(name="Ana Lopez"))
    email = _item("E2", "m1", "emails/renewal.eml", SourceType.EMAIL, body, datetime(2026, 2, 1, tzinfo=timezone.utc))
    docs = {"crm": crm_doc, "m1": _doc("m1", "emails/renewal.eml", SourceType.EMAIL, meta, body=body)}
    seen: list[str] = []
    note = NoteInProgress()
    for key in ("account_snapshot", "commitments", "commercial", "next_steps"):
        draft = engine.generate(_request(key, [crm_item, email], docs, note)).output
        seen.extend(t.split(": ", 1)[-1] for t in _texts(draft))
    assert len(seen) == len(set(seen))
    assert any("capped at 5%" in t for t in seen) and any("order form by March 20" in t for t in seen)


def test_a_section_drafted_in_a_new_note_says_again_what_it_said_in_the_last(engine):
    crm_item, crm_doc = _crm()
    request = _request("account_snapshot", [crm_item], {"crm": crm_doc})
    first = _texts(engine.generate(request).output)
    again = _texts(engine.generate(request.in_new_note(NoteInProgress())).output)
    assert first == again


def test_the_engine_keeps_nothing_between_calls_the_note_keeps_what_its_sections_said(embedder):
    crm_item, crm_doc = _crm()
    body = "The renewal uplift is capped at 5% and add-on seats cost $600 per seat per year."
    meta = EmailMetadata(message_id="m1", thread_id="m1", subject="Renewal", sender=Person(name="Ana Lopez"))
    email = _item("E2", "m1", "emails/renewal.eml", SourceType.EMAIL, body, datetime(2026, 2, 1, tzinfo=timezone.utc))
    docs = {"crm": crm_doc, "m1": _doc("m1", "emails/renewal.eml", SourceType.EMAIL, meta, body=body)}
    one_engine, other_engine, note = ExtractiveEngine(embedder), ExtractiveEngine(embedder), NoteInProgress()
    commercial = _texts(one_engine.generate(_request("commercial", [crm_item, email], docs, note)).output)
    assert any("capped at 5%" in t for t in commercial)

    # another engine, the same note: the uplift was said already; a fresh note: it is said again
    said_again = _texts(other_engine.generate(_request("commitments", [crm_item, email], docs, note)).output)
    fresh = _texts(one_engine.generate(_request("commitments", [crm_item, email], docs)).output)
    assert not any("capped at 5%" in t for t in said_again)
    assert any("capped at 5%" in t for t in fresh)
