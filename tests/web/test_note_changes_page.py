"""The account page's note: each statement's date, the reader's new/changed badges against the version they read
before (or a "first reading" line), and the sources added since the latest note version."""

from __future__ import annotations

from datetime import date

from assistant.account.ingest import ingest_path
from assistant.notes.service import generate_note
from tests_support import LATE_FERNHILL_EMAIL
from web_support import FERNHILL

PAGE = f"/accounts/{FERNHILL}"
AS_OF = date(2026, 2, 12)
NEW_EMAIL = LATE_FERNHILL_EMAIL


def _ingest_new_email(web, tmp_path) -> None:
    folder = tmp_path / "more" / FERNHILL
    (folder / "emails").mkdir(parents=True)
    (folder / "emails" / "2026-02-10-sensors-pilot-three-plants.eml").write_bytes(NEW_EMAIL)
    ingest_path(web.context, folder, FERNHILL)


def test_each_statement_shows_the_date_of_its_newest_source(web):
    generate_note(web.context, FERNHILL, AS_OF)
    page = web("nadia").get(PAGE).text
    assert 'class="age muted small" datetime="20' in page and ">as of 20" in page


def test_a_first_reading_says_so_once_and_badges_nothing(web):
    generate_note(web.context, FERNHILL, AS_OF)
    page = web("nadia").get(PAGE).text
    assert page.count("First reading") == 1
    assert 'class="badge change-' not in page


def test_the_page_lists_a_new_email_as_added_since_the_last_version_then_badges_it_in_the_next(web, tmp_path):
    generate_note(web.context, FERNHILL, AS_OF)
    assert "First reading" in web("nadia").get(PAGE).text
    _ingest_new_email(web, tmp_path)

    page = web("nadia").get(PAGE).text
    assert "1 source added since note v1" in page
    assert "Sensors pilot: going ahead with all three plants" in page

    generate_note(web.context, FERNHILL, AS_OF)
    page = web("nadia").get(PAGE).text
    assert "source added since note" not in page and "Since version 1, the one you read before" in page
    assert 'class="badge change-new"' in page or 'class="badge change-changed"' in page
    for_elliot = web("elliot").get(PAGE).text  # never read version 1
    assert "First reading" in for_elliot and 'class="badge change-' not in for_elliot
