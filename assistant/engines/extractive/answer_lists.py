"""List questions answered from the evidence's typed metadata: "which tickets are still open?" gets the open
tickets, with ids, priority and subject, each cited."""

from __future__ import annotations

import re

from assistant.engines.base import AnswerDraft, Evidence
from assistant.engines.extractive.answer_types import QuestionShape
from assistant.engines.extractive.sentences import shorten
from assistant.engines.extractive.tickets import tickets_in

_OPEN = re.compile(r"\b(open|outstanding|unresolved|pending|active|unsolved)\b", re.IGNORECASE)
_PRIORITY_RANK = {"urgent": 0, "high": 1, "normal": 2, "low": 3, None: 4}
MAX_LISTED = 6


def list_answer(shape: QuestionShape, evidence: Evidence) -> AnswerDraft | None:
    """An answer for a list question the metadata settles, or None to answer from the text."""
    if shape.kind == "ticket" and _OPEN.search(shape.text):
        return _open_tickets(evidence)
    return None


def _open_tickets(evidence: Evidence) -> AnswerDraft | None:
    views = [v for v in tickets_in(evidence) if v.meta.is_open]
    if not views:
        return None
    views.sort(key=lambda v: (_PRIORITY_RANK.get(v.meta.priority_level, 4), v.opened or v.document.created_at))
    parts = []
    for view in views[:MAX_LISTED]:
        status = view.meta.status if view.meta.status != "open" else None
        bits = [b for b in (view.meta.priority_level, status) if b]
        if view.opened:
            bits.append(f"opened {view.opened.isoformat()}")
        parts.append(f"{view.label} {shorten(view.subject, 10)} ({', '.join(bits)})" if bits else
                     f"{view.label} {shorten(view.subject, 10)}")
    more = f"; and {len(views) - MAX_LISTED} more" if len(views) > MAX_LISTED else ""
    return AnswerDraft(answer=f"Open tickets: {'; '.join(parts)}{more}.", answerable=True,
                       citations=[v.refs()[0] for v in views[:MAX_LISTED]])
