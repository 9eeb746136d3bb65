"""Gap detection scored by kind against answer keys: the project's examples always, the shared golden set when
present. A predicted kind in the truth's gaps is a true positive, any other predicted kind a false positive."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from assistant.platform.config import Settings
from assistant.facts.material import load_account
from assistant.gaps import detect_gaps

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _score(dataset: Path) -> tuple[int, int, int, list]:
    tp = fp = fn = 0
    found = []
    for truth_path in sorted((dataset / "truth").glob("*.json")):
        truth = json.loads(truth_path.read_text())
        account = load_account(dataset / "accounts" / truth_path.stem)
        gaps = detect_gaps(account, date.fromisoformat(truth["as_of"]), Settings())
        predicted = {g.kind.value for g in gaps}
        expected = {g["kind"] for g in truth["gaps"]}
        tp, fp, fn = tp + len(predicted & expected), fp + len(predicted - expected), fn + len(expected - predicted)
        found.append((account, gaps))
    return tp, fp, fn, found


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _assert_quotes_are_verbatim(found) -> None:
    for account, gaps in found:
        bodies = {d.source_path: d.body for d in account.documents}
        for gap in gaps:
            for evidence in gap.evidence:
                if evidence.quote and evidence.source in bodies and evidence.source.startswith(("meetings", "emails")):
                    assert evidence.quote in bodies[evidence.source] or evidence.quote in account.documents[0].body \
                        or any(evidence.quote in d.title for d in account.documents), (gap.kind, evidence)


def test_gap_f1_on_the_example_accounts_is_at_least_0_8():
    tp, fp, fn, found = _score(EXAMPLES)
    assert _f1(tp, fp, fn) >= 0.8, (tp, fp, fn)
    _assert_quotes_are_verbatim(found)


def test_gap_f1_on_the_golden_accounts_is_at_least_0_8(shared_eval):
    tp, fp, fn, found = _score(shared_eval / "golden")
    assert _f1(tp, fp, fn) >= 0.8, (tp, fp, fn)
    _assert_quotes_are_verbatim(found)
