"""What changed, and how old each fact is: every statement carries the date of its newest source; a user reading a
note version is recorded, and sees what is new or changed since the version they read before; the material
ingested since the latest note is listed."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from assistant.platform.errors import NotFound
from assistant.account.ingest import ingest_path
from assistant.notes.added_sources import added_since_latest_note
from assistant.notes.reading import read_note
from assistant.notes.service import generate_note
from assistant.notes.storage import get_note
from assistant.store.user_tables import NoteReadRow
from assistant.access.users import add_user, assign

AS_OF = date(2025, 10, 20)
# the own date of each tiny-co source: an email's sent date, a meeting's date, a ticket's last update
SOURCE_DATES = {
    "emails/2025-09-22-template.eml": date(2025, 9, 22),
    "emails/2025-09-22-template-copy.eml": date(2025, 9, 22),
    "meetings/2025-09-10-kickoff.md": date(2025, 9, 10),
    "tickets/tickets.json#501": date(2025, 10, 7),  # opened 2025-10-06, updated 2025-10-07
    "tickets/tickets.json#502": date(2025, 8, 2),
}
ROLLOUT_EMAIL = b"""From: Ines Fallon <ines@tinyco.example>
To: Mara Quinn <mara.quinn@vendor.example>
Subject: Rollout to the analysts
Date: Tue, 14 Oct 2025 10:00:00 +0000
Message-ID: <rollout-1014@tinyco.example>

Hi Mara, we will roll the dashboard out to all 40 analysts by November 14. Our budget owner asked for a renewal
quote by October 30.
"""


@pytest.fixture
def account(context, tiny_account):
    ingest_path(context, tiny_account)
    return tiny_account


def _reader(context, name: str):
    user = add_user(context, name, "reviewer")
    assign(context, name, "tiny-co")
    return context.as_principal(user.principal())


def _add_rollout_email(context, tiny_account) -> None:
    (tiny_account / "emails" / "2025-10-14-rollout.eml").write_bytes(ROLLOUT_EMAIL)
    ingest_path(context, tiny_account)


def _statements(note):
    return [s for section in note.sections for s in section.statements]


def test_a_statement_is_dated_by_its_newest_cited_source(context, account):
    note = generate_note(context, "tiny-co", AS_OF)
    dated = [s for s in _statements(note) if s.newest_source_date]
    assert dated
    for statement in dated:
        known = [SOURCE_DATES[c.source] for c in statement.citations if c.source in SOURCE_DATES]
        assert statement.newest_source_date == max(known), statement.text
    ticket = next(s for s in dated if any(c.source == "tickets/tickets.json#501" for c in s.citations))
    assert ticket.newest_source_date == date(2025, 10, 7)  # the ticket's last update, not when it was opened


def test_the_dates_are_stored_with_the_note_and_shown_in_markdown_and_html(context, account):
    from assistant.notes.render import render_html, render_markdown

    generate_note(context, "tiny-co", AS_OF)
    stored = get_note(context, "tiny-co")
    assert any(s.newest_source_date == date(2025, 10, 7) for s in _statements(stored))
    assert "_as of 2025-10-07_" in render_markdown(stored, "Tiny Co")
    assert '<time class="age" datetime="2025-10-07">as of 2025-10-07</time>' in render_html(stored, "Tiny Co")


def test_a_note_stored_before_statements_had_dates_still_loads_and_is_dated_when_read(context, account):
    note = generate_note(context, "tiny-co", AS_OF)
    from assistant.store.tables import NoteRow

    with context.db.session() as session:  # as an older release stored it: no dates on the statements
        row = session.scalars(select(NoteRow).where(NoteRow.version == note.version)).one()
        old = note.model_dump(mode="json")
        for section in old["sections"]:
            for statement in section["statements"]:
                del statement["newest_source_date"], statement["change"]
        del old["comparison"]
        row.note = old
    assert all(s.newest_source_date is None for s in _statements(get_note(context, "tiny-co")))
    read = read_note(context, "tiny-co")
    assert any(s.newest_source_date == date(2025, 10, 7) for s in _statements(read))


def test_reading_a_note_records_a_read_receipt_for_the_user_once(context, account):
    generate_note(context, "tiny-co", AS_OF)
    ines = _reader(context, "Ines Fallon")
    first = datetime(2025, 10, 21, 9, 0, tzinfo=timezone.utc)
    read_note(ines, "tiny-co", now=first)
    read_note(ines, "tiny-co", now=datetime(2025, 10, 22, 9, 0, tzinfo=timezone.utc))
    with context.db.session() as session:
        reads = [(r.user_id, r.version, r.read_at) for r in session.scalars(select(NoteReadRow))]
    assert reads == [(ines.principal.user_id, 1, first)]


def test_a_first_reading_marks_nothing(context, account):
    generate_note(context, "tiny-co", AS_OF)
    note = read_note(_reader(context, "Ines Fallon"), "tiny-co")
    assert note.comparison is not None and note.comparison.compared_with is None
    assert all(s.change is None for s in _statements(note))


def test_after_new_mail_the_next_version_marks_what_is_new_for_the_user_who_read_the_last_one(context, account):
    generate_note(context, "tiny-co", AS_OF)
    ines, tomas = _reader(context, "Ines Fallon"), _reader(context, "Tomas Greer")
    v1 = read_note(ines, "tiny-co")
    _add_rollout_email(context, account)
    generate_note(context, "tiny-co", AS_OF)

    v2 = read_note(ines, "tiny-co")
    assert (v2.version, v2.comparison.compared_with) == (2, 1)
    earlier_texts = {s.text for s in _statements(v1)}
    from_new_mail = [s for s in _statements(v2)
                     if any(c.source == "emails/2025-10-14-rollout.eml" for c in s.citations)]
    assert from_new_mail and all(s.change in ("new", "changed") for s in from_new_mail)
    assert all(s.change is None for s in _statements(v2) if s.text in earlier_texts)
    assert v2.comparison.new + v2.comparison.changed == sum(1 for s in _statements(v2) if s.change)
    assert max(s.newest_source_date for s in from_new_mail) == date(2025, 10, 14)

    for_tomas = read_note(tomas, "tiny-co")  # never read version 1: a first reading
    assert for_tomas.comparison.compared_with is None and all(s.change is None for s in _statements(for_tomas))


def test_reading_the_same_version_again_shows_the_same_marks(context, account):
    generate_note(context, "tiny-co", AS_OF)
    ines = _reader(context, "Ines Fallon")
    read_note(ines, "tiny-co")
    _add_rollout_email(context, account)
    generate_note(context, "tiny-co", AS_OF)
    once, again = read_note(ines, "tiny-co"), read_note(ines, "tiny-co")
    assert [s.change for s in _statements(once)] == [s.change for s in _statements(again)]
    assert again.comparison.compared_with == 1


def test_the_local_operator_reads_dated_notes_without_receipts_or_marks(context, account):
    generate_note(context, "tiny-co", AS_OF)
    note = read_note(context, "tiny-co")
    assert note.comparison is None and any(s.newest_source_date for s in _statements(note))
    with context.db.session() as session:
        assert session.scalars(select(NoteReadRow)).first() is None


def test_a_user_without_access_can_neither_read_nor_list_what_was_added(context, account):
    generate_note(context, "tiny-co", AS_OF)
    outsider = context.as_principal(add_user(context, "Oscar Outsider", "reviewer").principal())
    with pytest.raises(NotFound):
        read_note(outsider, "tiny-co")
    with pytest.raises(NotFound):
        added_since_latest_note(outsider, "tiny-co")
    with context.db.session() as session:
        assert session.scalars(select(NoteReadRow)).first() is None


def test_sources_ingested_after_the_latest_note_are_listed_as_added_since_it(context, account):
    assert added_since_latest_note(context, "tiny-co").note_version is None  # no note yet: nothing listed
    generate_note(context, "tiny-co", AS_OF)
    assert added_since_latest_note(context, "tiny-co").sources == []
    _add_rollout_email(context, account)
    added = added_since_latest_note(context, "tiny-co")
    assert added.note_version == 1 and added.note_created_at is not None
    assert [(s.path, s.source_type, s.title) for s in added.sources] == [
        ("emails/2025-10-14-rollout.eml", "email", "Rollout to the analysts")]
    assert added.sources[0].date.date() == date(2025, 10, 14)
    generate_note(context, "tiny-co", AS_OF)
    assert added_since_latest_note(context, "tiny-co").sources == []  # the new version covers it


def test_a_store_made_before_read_receipts_gets_them_and_its_notes_read_as_before(context, account):
    from alembic import command

    from assistant.store.migrate import alembic_config, upgrade

    generate_note(context, "tiny-co", AS_OF)
    with context.db.engine.begin() as connection:  # back to the release before read receipts, data kept
        config = alembic_config(context.db.engine)
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
    upgrade(context.db.engine)  # as opening the store with this release does

    ines = _reader(context, "Ines Fallon")
    assert read_note(ines, "tiny-co").comparison.compared_with is None
    with context.db.session() as session:
        assert [r.version for r in session.scalars(select(NoteReadRow))] == [1]
