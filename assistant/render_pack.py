"""Gap reports and debrief agendas as Markdown for people."""

from __future__ import annotations

from assistant.gaps.service import evidence_label
from assistant.models import DebriefQuestion, Gap


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
