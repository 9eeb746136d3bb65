"""Evidence recall and prompt tokens as a table (``handoff eval golden``)."""

from __future__ import annotations

from rich.table import Table

from assistant.cli.app import console
from assistant.evals.evidence_recall import EvidenceReport


def print_evidence(report: EvidenceReport) -> None:
    table = Table("account", "facts in evidence", "in own section", "questions in evidence",
                  "prompt tokens per note", "note calls", "largest prompt",
                  title=f"Evidence recall ({report.engine} engine)")
    for a in report.accounts:
        table.add_row(
            a.account_id, _share(a.fact_recall, f" ({a.facts_in_evidence}/{a.facts})"),
            str(a.facts_in_own_section),
            _share(a.question_recall, f" ({a.questions_in_evidence}/{a.questions})"), f"{a.note_tokens:,}",
            str(a.note_calls), f"{a.largest_note_prompt:,}",
        )
    table.add_row("overall", _share(report.fact_recall), "", _share(report.question_recall),
                  f"max {report.max_note_tokens:,}", "", "")
    table.add_row("minimum over accounts", _share(report.min_fact_recall), "", _share(report.min_question_recall),
                  "", "", "")
    console.print(table)
    if report.engine == "extractive":
        console.print("(the offline engine reads no prompt: its tokens are those of the prompts rendered for it)")
    for a in report.accounts:
        if a.missed_facts or a.missed_questions:
            console.print(f"{a.account_id}: facts not in the evidence {a.missed_facts}; "
                          f"questions not in the evidence {a.missed_questions}")


def _share(value: float | None, detail: str = "") -> str:
    return "not run" if value is None else f"{value:.3f}{detail}"
