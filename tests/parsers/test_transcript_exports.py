"""Transcripts as recording tools export them: their speakers become turns, and the date, channel and attendees are
kept when the export carries them. Fixtures follow each tool's documented shape."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ingest.dispatch import parse_file, read_as
from ingest.document import SourceType
from ingest.errors import IngestError

TRANSCRIPTS = Path(__file__).resolve().parents[1] / "fixtures" / "transcripts"
SRT = ("1\n00:00:01,000 --> 00:00:04,000\nRenée Dubois: Le renouvellement est prévu en mars.\n\n"
       "2\n00:00:04,500 --> 00:00:07,000\nRenée Dubois: Merci à vous.\n")


def _parse(name: str, path: str | None = None):
    documents = parse_file((TRANSCRIPTS / name).read_bytes(), path or f"calls/{name}", "orchard-line")
    assert all(d.source_type is SourceType.MEETING for d in documents)
    return documents


def test_a_gong_transcript_names_its_speakers_from_the_calls_parties_and_is_dated_by_the_call():
    [call] = _parse("gong_call_transcript.json")

    assert call.metadata.speakers == ["Elena Marsh", "Ines Fallon"]
    assert [u.speaker for u in call.units] == ["Elena Marsh", "Ines Fallon", "Elena Marsh"]
    assert call.units[0].text == "Thanks for making time today. I want to walk through the renewal terms."
    assert call.units[0].locator == "00:07:40"  # Gong's offsets are milliseconds
    assert call.metadata.date == date(2026, 2, 5) and call.metadata.channel == "Zoom"  # the system Gong recorded it from
    assert call.title == "Orchard Line renewal review" and call.metadata.missing == []
    assert any(p.title == "Procurement Lead" for p in call.metadata.attendees)


def test_a_gong_transcript_without_parties_labels_speakers_by_id():
    bare = json.loads((TRANSCRIPTS / "gong_call_transcript.json").read_text())
    del bare["calls"]
    [call] = parse_file(json.dumps(bare).encode(), "calls/2026-02-05-gong.json", "orchard-line")

    assert call.metadata.speakers == ["Speaker 6432345678555530067", "Speaker 1093452934567840088"]
    assert call.metadata.date is None and call.created_at.date() == date(2026, 2, 5)  # from the file name


def test_a_fireflies_transcript_keeps_its_date_attendees_and_speaker_turns():
    [call] = _parse("fireflies_transcript.json")

    assert [u.speaker for u in call.units] == ["Tomas Greer", "Elena Marsh"]
    assert call.units[1].locator == "00:00:11"  # Fireflies' offsets are seconds
    assert call.metadata.date == date(2026, 2, 6)
    assert {p.email for p in call.metadata.attendees} == {"tomas@orchardline.example", "elena.marsh@vendor.example"}
    assert read_as([call]) == "transcript (Fireflies)"


def test_a_zoom_cloud_recording_is_dated_by_its_file_name_and_is_a_zoom_call():
    [call] = _parse("GMT20260203-151500_Recording.transcript.vtt")

    assert call.metadata.date == date(2026, 2, 3)
    assert call.created_at == datetime(2026, 2, 3, 15, 15, tzinfo=timezone.utc)
    assert call.units[1].at == datetime(2026, 2, 3, 15, 15, 5, 900000, tzinfo=timezone.utc)
    assert call.metadata.channel == "Zoom" and call.metadata.speakers == ["Elena Marsh", "Tomas Greer"]


def test_srt_is_read_in_any_common_encoding():
    for encoded in (SRT.encode("utf-8"), b"\xef\xbb\xbf" + SRT.encode("utf-8"), SRT.encode("utf-16"),
                    SRT.encode("cp1252")):
        [call] = parse_file(encoded, "calls/2026-03-01-call.srt", "orchard-line")
        assert call.units[0].speaker == "Renée Dubois", encoded[:4]
        assert "renouvellement est prévu" in call.body


def test_a_zoom_saved_transcript_is_speaker_turns_at_wall_clock_times_dated_by_its_folder():
    [call] = _parse("saved_transcript.txt", "calls/2026-02-03 15.00.00 Renewal review/saved_transcript.txt")

    assert [u.speaker for u in call.units] == ["Elena Marsh", "Tomas Greer", "Elena Marsh"]
    assert call.units[0].text == "Thanks everyone for joining. Let us start with the renewal."
    assert call.metadata.date == date(2026, 2, 3)
    assert call.units[1].at == datetime(2026, 2, 3, 15, 2, 30, tzinfo=timezone.utc)
    assert read_as([call]) == "transcript (text)"


def test_an_otter_transcript_counts_from_the_start_and_is_dated_by_its_file_name():
    [call] = _parse("20260206 1600 - weekly sync otter.txt")

    assert call.metadata.speakers == ["Tomas Greer", "Elena Marsh"]
    assert [u.locator for u in call.units] == ["00:00:04", "00:01:12", "00:01:40"]
    assert call.metadata.date == date(2026, 2, 6)


def test_a_zoom_chat_keeps_each_message_with_its_sender_direct_messages_included():
    [chat] = _parse("meeting_saved_chat.txt", "calls/2026-02-03 15.00.00 Renewal review/meeting_saved_chat.txt")

    assert [(u.speaker, u.text) for u in chat.units] == [
        ("Elena Marsh", "Agenda: renewal, exports"), ("Tomas Greer", "Can you share the quote link?"),
        ("Elena Marsh", "Sending it privately now")]
    assert read_as([chat]) == "meeting chat (text)"


def test_meeting_notes_with_times_in_them_stay_meeting_notes():
    notes = b"# Weekly sync\n\nAttendees: Ada, Bo\n\n- 10:00 agenda review\n- Ada: renewal is on track\n"
    [document] = parse_file(notes, "meetings/2026-02-01-sync.md", "orchard-line")
    assert document.metadata.format == "markdown"


# ---- Google Meet: the transcript doc in Drive's "Meet Recordings", downloaded as .txt or .docx --------------------

MEET_TEXT = "Orchard Line weekly sync (2026-02-17 10_30 GMT+01_00) - Transcript.txt"
MEET_WORD = Path(__file__).resolve().parents[1] / "fixtures" / "documents" / "meet-renewal-check-in.docx"


def test_a_google_meet_text_transcript_is_dated_and_timed_by_its_title_line():
    [call] = _parse(MEET_TEXT)

    assert call.metadata.format == "meet-text" and call.metadata.channel == "Google Meet"
    assert call.title == "Orchard Line weekly sync"
    assert call.metadata.date == date(2026, 2, 17)
    assert call.created_at == datetime(2026, 2, 17, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    assert read_as([call]) == "transcript (Google Meet, text)"


def test_a_google_meet_transcript_lists_its_attendees_and_speaker_turns_at_the_timestamp_above_them():
    [call] = _parse(MEET_TEXT)

    assert [p.name for p in call.metadata.attendees] == ["Ines Fallon", "Tomas Greer", "Pavel Lindqvist"]
    assert call.metadata.speakers == ["Tomas Greer", "Pavel Lindqvist", "Ines Fallon"]
    assert [(u.speaker, u.locator) for u in call.units] == [
        ("Tomas Greer", "00:00:00"), ("Pavel Lindqvist", "00:00:00"), ("Ines Fallon", "00:00:00"),
        ("Tomas Greer", "00:04:12"), ("Ines Fallon", "00:04:12")]
    assert call.units[1].text.endswith("Those printers arrive on February 24.")  # one speaker's lines are one run
    assert call.units[3].at == datetime(2026, 2, 17, 10, 34, 12, tzinfo=timezone(timedelta(hours=1)))
    assert not any("computer generated" in u.text or "Transcription ended" in u.text for u in call.units)


def test_a_google_meet_transcript_is_recognised_by_its_content_under_any_name():
    data = (TRANSCRIPTS / MEET_TEXT).read_bytes()
    [call] = parse_file(data, "calls/2026-02-17-sync.txt", "orchard-line")
    assert call.metadata.format == "meet-text" and call.title == "Orchard Line weekly sync"


def test_a_google_meet_word_transcript_is_a_meeting_not_a_document():
    [call] = parse_file(MEET_WORD.read_bytes(), "documents/renewal check-in.docx", "orchard-line")

    assert call.source_type is SourceType.MEETING and call.metadata.format == "meet-docx"
    assert call.title == "Orchard Line renewal check-in"
    assert call.created_at == datetime(2026, 2, 10, 15, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert [p.name for p in call.metadata.attendees] == ["Ines Fallon", "Tomas Greer", "Wren Okafor"]
    assert [(u.speaker, u.locator) for u in call.units][2:] == [
        ("Wren Okafor", "00:05:00"), ("Tomas Greer", "00:05:00")]
    assert read_as([call]) == "transcript (Google Meet, Word)"


def test_a_google_meet_transcript_with_no_words_is_refused():
    empty = "Sync (2026-02-17 10:30 GMT+01:00) - Transcript\nAttendees\nAda Rowe\nTranscript\n00:00:00\n"
    with pytest.raises(IngestError, match="no words"):
        parse_file(empty.encode() + b"Transcription ended after 00:00:10\n", "calls/sync.txt", "orchard-line")


def test_a_google_meet_title_with_an_impossible_time_or_zone_leaves_the_start_to_the_file_name():
    text = ("Sync (2026-02-30 25:00 GMT+99:00) - Transcript\nAttendees\nAda Rowe\nTranscript\n00:00:00\n"
            "Ada Rowe: We renew in May.\n")
    [call] = parse_file(text.encode(), "calls/2026-02-17-sync.txt", "orchard-line")
    assert call.title == "Sync" and call.metadata.date == date(2026, 2, 17) and call.units[0].at is None
