"""Stable ids for gaps and debrief questions: the same gap keeps its id from one run to the next, so an answer given
today still belongs to it after the next ingest.

A gap the account has at most one of (a missing renewal date, no recent customer meeting) is named by its kind. Any
other gap is its kind and a digest of the sources of its evidence (the overdue promise's email, the aging ticket), so
a new promise in another email is a new gap; two gaps of one kind on the same sources are told apart by their
detail. Debrief questions raised by a gap carry the gap's id; the others are named by what they quote."""

from __future__ import annotations

import hashlib

from assistant.models import GapEvidence, GapKind

ONE_PER_ACCOUNT = frozenset(
    {kind for kind in GapKind if kind.value.startswith("missing_")} | {GapKind.STALE_RELATIONSHIP}
)


def assign_gap_ids(gaps: list) -> None:
    """Give each gap of one report its id, in place."""
    seen: set[str] = set()
    for gap in gaps:
        gap_id = gap.kind.value if gap.kind in ONE_PER_ACCOUNT else \
            f"{gap.kind.value}-{_digest(*_sources(gap.evidence))}"
        if gap_id in seen:
            gap_id = f"{gap_id}-{_digest(gap.detail)}"
        seen.add(gap_id)
        gap.id = gap_id


def question_id(topic: str, evidence: list[GapEvidence], text: str) -> str:
    """A risk's or an open promise's question: named by what it quotes."""
    quoted = [f"{e.source}#{e.quote or ''}" for e in evidence] or [text]
    return f"{topic}-{_digest(*quoted)}"


def _sources(evidence: list[GapEvidence]) -> list[str]:
    return sorted({e.source for e in evidence if not e.source.startswith("absent from")})


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:8]
