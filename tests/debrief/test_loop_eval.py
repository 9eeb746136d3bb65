"""The golden eval's debrief loop check: answering every missing_* gap closes it on the next run, the next note
cites the answer where the note has a place for the fact, and keeps the statements edited and confirmed before."""

from __future__ import annotations

import json
from datetime import date

from assistant.evals.debrief_loop import debrief_loop
from assistant.account.ingest import ingest_path


def test_the_debrief_loop_answers_every_missing_gap_and_counts_what_closed_and_what_the_note_cites(
        context, tiny_account):
    crm = json.loads((tiny_account / "crm.json").read_text())
    del crm["renewal_date"]
    (tiny_account / "crm.json").write_text(json.dumps(crm))
    ingest_path(context, tiny_account)

    scores = debrief_loop(context, "tiny-co", date(2025, 12, 1))

    assert "missing_renewal_date" in scores.answered
    assert all(gap.startswith("missing_") for gap in scores.answered)
    assert scores.closed == scores.answered
    assert "missing_renewal_date" in scores.cited
    assert scores.edited and scores.edits_kept == scores.edited
    assert scores.confirmed and scores.confirmations_kept == scores.confirmed
