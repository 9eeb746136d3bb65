"""``handoff statements``, ``statement``, ``statement-add`` and ``decisions``: the outgoing CSM corrects the note
from the command line, by the ids the listing shows."""

from __future__ import annotations

import re

import pytest



@pytest.fixture
def run(run, tmp_path, tiny_account):
    """The command line over tiny-co, ingested and with its first note drafted."""
    invoke = run
    invoke("ingest", str(tiny_account))
    invoke("note", "tiny-co", "--as-of", "2025-12-01", "--out", str(tmp_path / "note.md"))
    return invoke


def _ids(listing: str) -> list[str]:
    return re.findall(r"^  (s[0-9a-f]{10}(?:-\d+)?)  ", listing, re.MULTILINE)


def test_statements_lists_every_statement_with_its_id_by_section(run):
    listing = run("statements", "tiny-co")

    assert listing.exit_code == 0, listing.output
    assert "[history]" in listing.output and len(_ids(listing.output)) >= 3


def test_statement_edits_and_confirms_and_the_listing_and_decisions_show_it(run):
    first = _ids(run("statements", "tiny-co").output)[0]

    edited = run("statement", "tiny-co", first, "--edit", "A corrected statement.", "--by", "Ines Fallon")
    confirmed = run("statement", "tiny-co", first, "--confirm", "--by", "Ines Fallon")
    listing = run("statements", "tiny-co").output

    assert edited.exit_code == 0 and "edit -> note version 2" in edited.output
    assert "confirm -> note version 3" in confirmed.output
    assert f"{first}  (edited; confirmed; by Ines Fallon) A corrected statement." in listing
    since = run("statements", "tiny-co", "--since", "1").output
    assert "since version 1: 0 new, 1 changed" in since
    assert f"{first}  (changed; edited; confirmed; by Ines Fallon) A corrected statement." in since
    decisions = run("decisions", "tiny-co", "--statement", first).output
    assert f"{first} r1 edit by Ines Fallon (on v1) A corrected statement." in decisions
    assert f"{first} r2 confirm by Ines Fallon (on v2)" in decisions


def test_statement_add_from_own_knowledge_is_cited_to_a_debrief_source(run):
    added = run("statement-add", "tiny-co", "risks", "The studio may merge with a larger agency.", "--by", "Ines Fallon")

    assert added.exit_code == 0, added.output
    assert re.search(r"a[0-9a-f]{10}: added to risks, cited to debrief/note-a[0-9a-f]{10}", added.output)


def test_statement_needs_exactly_one_decision_and_names_an_unknown_id(run):
    neither = run("statement", "tiny-co", "s0000000000")
    unknown = run("statement", "tiny-co", "s0000000000", "--remove")

    assert neither.exit_code == 2
    assert unknown.exit_code == 1 and "no statement 's0000000000'" in unknown.output
    assert "handoff statements tiny-co" in " ".join(unknown.output.split())
