"""The handoff pack: the note with its gaps section, the gap report and the debrief agenda, on the examples."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.gaps.service import find_gaps
from assistant.account.ingest import ingest_path
from assistant.models import GapKind
from assistant.pack.assemble import build_pack
from tests_support import stored_chunks

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
AS_OF = date(2026, 2, 6)  # fernhill-creamery's truth date


@pytest.fixture
def fernhill(context, tmp_path):
    target = tmp_path / "fernhill-creamery"
    shutil.copytree(EXAMPLES / "accounts" / "fernhill-creamery", target)
    ingest_path(context, target)
    return context


def test_gaps_of_the_example_account_match_its_answer_key(fernhill):
    truth = json.loads((EXAMPLES / "truth" / "fernhill-creamery.json").read_text())

    kinds = {gap.kind.value for gap in find_gaps(fernhill, "fernhill-creamery", AS_OF)}

    assert kinds == {gap["kind"] for gap in truth["gaps"]}
    assert not kinds & {g["kind"] for g in truth["not_gaps"]} - kinds


def test_every_gap_has_evidence_and_a_question_and_quotes_point_into_their_chunks(fernhill):
    chunks = {c.id: c.text for c in stored_chunks(fernhill, "fernhill-creamery")}

    for gap in find_gaps(fernhill, "fernhill-creamery", AS_OF):
        assert gap.evidence and gap.question.endswith("?")
        for evidence in gap.evidence:
            if evidence.chunk_id:
                assert evidence.quote in chunks[evidence.chunk_id]


def test_gaps_are_judged_against_as_of(fernhill):
    early = {g.kind for g in find_gaps(fernhill, "fernhill-creamery", date(2025, 12, 1))}
    late = {g.kind for g in find_gaps(fernhill, "fernhill-creamery", AS_OF)}
    assert GapKind.UNANSWERED_CUSTOMER_EMAIL in late and GapKind.UNANSWERED_CUSTOMER_EMAIL not in early


def test_the_note_includes_the_gaps_as_its_own_section(fernhill):
    pack = build_pack(fernhill, "fernhill-creamery", AS_OF)

    gaps_section = pack.note.sections[-1]
    assert gaps_section.key == "gaps"
    assert len(gaps_section.statements) == len(pack.gaps)
    assert all(s.provenance == "confirm" for s in gaps_section.statements)


def test_the_debrief_asks_about_gaps_risks_and_open_commitments_with_evidence(fernhill):
    pack = build_pack(fernhill, "fernhill-creamery", AS_OF)

    topics = {q.topic for q in pack.debrief}
    assert {"gap", "risk"} <= topics
    assert all(q.question and q.evidence for q in pack.debrief if q.topic != "gap")


def test_handoff_pack_command_writes_every_file(tmp_path, embedder):
    runner = CliRunner()
    data = str(tmp_path / "data")
    runner.invoke(app, ["--data-dir", data, "ingest", str(EXAMPLES / "accounts" / "fernhill-creamery")])

    result = runner.invoke(app, ["--data-dir", data, "pack", "fernhill-creamery", "--as-of", "2026-02-06",
                                 "--out", str(tmp_path / "pack")])

    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "pack").iterdir())
    assert written == ["debrief.md", "gaps.json", "gaps.md", "note.html", "note.json", "note.md"]
    assert "## Documentation gaps" in (tmp_path / "pack" / "note.md").read_text()


def test_gaps_and_debrief_commands_print_json(tmp_path, embedder):
    runner = CliRunner()
    data = str(tmp_path / "data")
    runner.invoke(app, ["--data-dir", data, "ingest", str(EXAMPLES / "accounts" / "fernhill-creamery")])

    gaps = json.loads(runner.invoke(app, ["--data-dir", data, "gaps", "fernhill-creamery", "--as-of", "2026-02-06",
                                          "--json"]).stdout)
    assert gaps and {"kind", "severity", "detail", "evidence", "question"} <= gaps[0].keys()

    agenda = json.loads(runner.invoke(app, ["--data-dir", data, "debrief", "fernhill-creamery", "--as-of",
                                            "2026-02-06", "--json"]).stdout)
    assert agenda and {"topic", "question", "why", "evidence"} <= agenda[0].keys()
    # before the first note the agenda is the open gaps' questions, and showing it drafts and stores nothing
    assert [q["id"] for q in agenda] == [g["id"] for g in gaps if g["status"] == "open"]
    from assistant.platform.config import Settings
    from assistant.platform.context import Context
    from assistant.platform.errors import NotFound
    from assistant.notes.storage import get_note

    context = Context(Settings(data_dir=tmp_path / "data"), embedder=embedder)
    with pytest.raises(NotFound):
        get_note(context, "fernhill-creamery")
    context.close()


def test_a_bad_as_of_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(app, ["--data-dir", str(tmp_path), "gaps", "x", "--as-of", "soon"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
