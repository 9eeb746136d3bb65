"""Chunking keeps natural units whole, splits long ones with overlap, and gives every chunk a header."""

from __future__ import annotations

from datetime import datetime, timezone

from ingest.chunking import chunk_document
from ingest.document import Document, EmailMetadata, MeetingMetadata, Person, SourceType, Unit

WHEN = datetime(2025, 10, 14, tzinfo=timezone.utc)


def _meeting(units: list[Unit]) -> Document:
    return Document(
        account_id="acme",
        source_type=SourceType.MEETING,
        source_path="meetings/qbr.md",
        identity="path:meetings/qbr.md",
        title="Q3 business review",
        created_at=WHEN,
        body="\n".join(u.text for u in units),
        units=units,
        metadata=MeetingMetadata(format="markdown"),
    )


def test_each_markdown_section_is_its_own_chunk():
    chunks = chunk_document(_meeting([Unit(text="ARR is 84k.", heading="Metrics"), Unit(text="Ship SSO.", heading="Actions")]), "s1")
    assert [c.text for c in chunks] == ["ARR is 84k.", "Ship SSO."]


def test_chunk_ids_are_the_source_id_and_position():
    chunks = chunk_document(_meeting([Unit(text="one"), Unit(text="two")]), "src123")
    assert [c.chunk_id for c in chunks] == ["src123:0", "src123:1"]


def test_every_chunk_starts_with_a_header_of_title_date_and_section():
    [chunk] = chunk_document(_meeting([Unit(text="ARR is 84k.", heading="Metrics")]), "s1")
    assert chunk.header == "Q3 business review | 2025-10-14 | Metrics"
    assert chunk.content == "Q3 business review | 2025-10-14 | Metrics\nARR is 84k."


def test_a_long_unit_is_split_with_overlap():
    sentences = " ".join(f"Sentence number {i} talks about the renewal plan." for i in range(60))
    chunks = chunk_document(_meeting([Unit(text=sentences)]), "s1", chunk_chars=400, overlap_chars=100)
    assert len(chunks) > 5
    assert all(len(c.text) <= 400 for c in chunks)
    assert chunks[0].text[-40:] in chunks[1].text or chunks[1].text[:40] in chunks[0].text


def test_transcript_speaker_runs_are_grouped_and_keep_who_said_what():
    turns = [Unit(text=f"Point {i}.", speaker="Dana" if i % 2 else "Sam", locator=f"00:0{i}:00") for i in range(6)]
    chunks = chunk_document(_meeting(turns), "s1", transcript_chunk_chars=40)
    assert len(chunks) > 1
    assert chunks[0].text.startswith("Sam: Point 0.\nDana: Point 1.")
    assert chunks[0].locator == "00:00:00 to 00:01:00"


def test_an_email_chunk_names_its_sender_in_the_header():
    document = Document(
        account_id="acme",
        source_type=SourceType.EMAIL,
        source_path="emails/a.eml",
        identity="message-id:a@x",
        title="Renewal",
        created_at=WHEN,
        authors=[Person(name="Dana Whitfield", email="dana@acme.example")],
        body="We will renew.",
        units=[Unit(text="We will renew.")],
        metadata=EmailMetadata(message_id="a@x", thread_id="a@x"),
    )
    [chunk] = chunk_document(document, "s1")
    assert chunk.header == "Renewal | 2025-10-14 | Dana Whitfield"


def test_empty_units_make_no_chunks():
    assert chunk_document(_meeting([Unit(text="   "), Unit(text="Real text.")]), "s1")[0].text == "Real text."
