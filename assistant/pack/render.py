"""Gap reports and debrief agendas as Markdown for people."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from assistant.gaps.service import evidence_label
from assistant.models import DebriefQuestion, Gap
from assistant.notes.render import render_html, render_markdown


def gaps_markdown(gaps: list[Gap], account_name: str, as_of: str) -> str:
    open_gaps = [g for g in gaps if g.status == "open"]
    closed = len(gaps) - len(open_gaps)
    lines = [f"# Documentation gaps: {account_name}", "",
             f"As of {as_of}: {len(open_gaps)} open gap(s)" + (f", {closed} answered or dismissed." if closed else "."),
             ""]
    for gap in sorted(gaps, key=lambda g: g.status != "open"):
        status = "" if gap.status == "open" and not gap.answer else f", {_status_label(gap)}"
        lines += [f"## {gap.kind.value.replace('_', ' ').capitalize()} ({gap.severity}{status})", "",
                  f"Id: `{gap.id}`", "", gap.detail, "", f"**Ask the outgoing CSM:** {gap.question}", ""]
        if gap.answer:
            verb = "Answered" if gap.answer.status == "answered" else "Dismissed"
            lines += [f"**{verb} by {gap.answer.author}, {gap.answer.at.date().isoformat()}:** {gap.answer.text}", ""]
        lines += ["Evidence:"] + [f"- {evidence_label(e)}" for e in gap.evidence] + [""]
    return "\n".join(lines)


def _status_label(item) -> str:
    if item.status == "open":
        return "open again: newer material since it was " + item.answer.status
    return item.status


def debrief_markdown(questions: list[DebriefQuestion], account_name: str) -> str:
    lines = [f"# Debrief agenda: {account_name}", ""]
    for number, question in enumerate(questions, start=1):
        status = "" if question.status == "open" else f" ({question.status})"
        lines += [f"{number}. **{question.question}**{status}", f"   - id: `{question.id}`", f"   - why: {question.why}"]
        if question.answer:
            lines += [f"   - {question.answer.status} by {question.answer.author}: {question.answer.text}"]
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
