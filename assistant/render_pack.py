"""Gap reports and debrief agendas as Markdown for people."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from assistant.gaps.service import evidence_label
from assistant.models import DebriefQuestion, Gap
from assistant.notes.render import render_html, render_markdown


def gaps_markdown(gaps: list[Gap], account_name: str, as_of: str) -> str:
    lines = [f"# Documentation gaps: {account_name}", "", f"As of {as_of}: {len(gaps)} gap(s).", ""]
    for gap in gaps:
        lines += [f"## {gap.kind.value.replace('_', ' ').capitalize()} ({gap.severity})", "", gap.detail, "",
                  f"**Ask the outgoing CSM:** {gap.question}", "", "Evidence:"]
        lines += [f"- {evidence_label(e)}" for e in gap.evidence] + [""]
    return "\n".join(lines)


def debrief_markdown(questions: list[DebriefQuestion], account_name: str) -> str:
    lines = [f"# Debrief agenda: {account_name}", ""]
    for number, question in enumerate(questions, start=1):
        lines += [f"{number}. **{question.question}**", f"   - why: {question.why}"]
        lines += [f"   - evidence: {evidence_label(e)}" for e in question.evidence]
    return "\n".join(lines) + "\n"


def write_pack(pack, account_name: str, as_of: date, out: Path) -> list[str]:
    """The handoff pack as files in ``out``: note.md, note.html, note.json, gaps.md, gaps.json, debrief.md."""
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "note.md": render_markdown(pack.note, account_name),
        "note.html": render_html(pack.note, account_name),
        "note.json": pack.note.model_dump_json(indent=2),
        "gaps.md": gaps_markdown(pack.gaps, account_name, as_of.isoformat()),
        "gaps.json": json.dumps([g.model_dump(mode="json") for g in pack.gaps], indent=2),
        "debrief.md": debrief_markdown(pack.debrief, account_name),
    }
    for filename, text in files.items():
        (out / filename).write_text(text)
    return list(files)
