"""Support statements from the tickets' typed metadata: the open tickets by priority and age in one line, the
latest word on the urgent ones, and past incidents with how they were fixed."""

from __future__ import annotations

import re
from datetime import date

from assistant.engines.base import Evidence, EvidenceItem, StatementDraft
from assistant.engines.extractive.sentences import is_furniture, shorten
from assistant.text.sentences import split_at_stops
from ingest.document import Document, TicketMetadata, Unit

_PRIORITY_RANK = {"urgent": 0, "high": 1, "normal": 2, "low": 3, None: 4}
_TITLE_PREFIX = re.compile(r"^(?:ticket\s*)?#?\s*[\w-]+\s*[:-]\s*", re.IGNORECASE)
_FIX = re.compile(r"\b(?:fix(?:ed)?|deployed|released|resolved|hotfix|root cause|workaround|shipped|patched|"
                  r"restored|back to normal|closing)\b", re.IGNORECASE)


class TicketView:
    def __init__(self, document: Document, items: list[EvidenceItem]) -> None:
        self.document = document
        self.meta: TicketMetadata = document.metadata  # type: ignore[assignment]
        self.items = items

    @property
    def id(self) -> str:
        return self.meta.ticket_id

    @property
    def label(self) -> str:
        return self.id if not self.id.isdigit() else f"#{self.id}"

    @property
    def subject(self) -> str:
        title = self.document.title
        stripped = re.sub(rf"^ticket\s*#?{re.escape(self.id)}\s*[:-]\s*", "", title, flags=re.IGNORECASE)
        if stripped == title and title.startswith(self.id):
            stripped = _TITLE_PREFIX.sub("", title)
        return stripped.strip() or title

    @property
    def opened(self) -> date | None:
        return self.document.created_at.date() if self.document.created_at else None

    def age(self, as_of: date | None) -> int | None:
        if self.opened is None or as_of is None:
            return None
        return max(0, (as_of - self.opened).days)

    def refs(self) -> list[str]:
        return [item.ref for item in self.items]

    def cited_units(self) -> list[Unit]:
        """The ticket's comments whose text the evidence carries (so a statement quoting them stays checkable)."""
        texts = [item.text for item in self.items]
        return [u for u in self.document.units[1:] if any(u.text.strip()[:60] in t for t in texts)]

    def ref_for(self, unit: Unit) -> str | None:
        for item in self.items:
            if unit.text.strip()[:60] in item.text:
                return item.ref
        return None


def tickets_in(evidence: Evidence) -> list[TicketView]:
    by_source: dict[str, list[EvidenceItem]] = {}
    for item in evidence.items:
        by_source.setdefault(item.source_id, []).append(item)
    views = []
    for source_id, items in by_source.items():
        document = evidence.documents.get(source_id)
        if document is not None and isinstance(document.metadata, TicketMetadata):
            views.append(TicketView(document, items))
    return views


def ticket_statements(evidence: Evidence, as_of: date | None) -> list[StatementDraft]:
    views = tickets_in(evidence)
    open_ = sorted((v for v in views if v.meta.is_open),
                   key=lambda v: (_PRIORITY_RANK.get(v.meta.priority_level, 4), -(v.age(as_of) or 0)))
    closed = [v for v in views if not v.meta.is_open and _was_incident(v)]
    closed.sort(key=lambda v: (_PRIORITY_RANK.get(v.meta.priority_level, 4), -(v.opened or date.min).toordinal()))
    statements: list[StatementDraft] = []
    if open_:
        shown = open_[:5]
        parts = [f"{v.label} ({_describe(v, as_of)}): {shorten(v.subject, 10)}" for v in shown]
        more = f"; and {len(open_) - len(shown)} more" if len(open_) > len(shown) else ""
        refs = [v.refs()[0] for v in shown]
        statements.append(StatementDraft(text=f"Open tickets: {'; '.join(parts)}{more}.", citations=refs))
        for view in open_[:3]:
            latest = _latest_update(view)
            if latest:
                text, ref = latest
                statements.append(StatementDraft(text=f"{view.label} latest: {text}", citations=[ref]))
    for view in closed[:2]:
        fix = _fix_note(view)
        when = f", opened {view.opened.isoformat()}" if view.opened else ""
        priority = f"{view.meta.priority_level} " if view.meta.priority_level else ""
        text = f"Past incident {view.label} ({priority}{view.meta.type or 'ticket'}{when}, {view.meta.status}): " \
               f"{shorten(view.subject, 12)}"
        refs = view.refs()[:1]
        if fix:
            text += f"; {fix[0]}"
            refs = list(dict.fromkeys([*refs, fix[1]]))
        statements.append(StatementDraft(text=text, citations=refs))
    return statements


def _describe(view: TicketView, as_of: date | None) -> str:
    bits = [view.meta.priority_level or view.meta.priority or "no priority"]
    if view.meta.status and view.meta.status.lower() != "open":
        bits.append(view.meta.status)
    if view.opened:
        age = view.age(as_of)
        bits.append(f"open since {view.opened.isoformat()}" + (f", {age} days" if age is not None else ""))
    return ", ".join(bits)


def _was_incident(view: TicketView) -> bool:
    return view.meta.priority_level in ("high", "urgent") or (view.meta.type or "").lower() in ("incident", "problem")


def _first_sentences(text: str, max_words: int) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip() and not is_furniture(line)]
    picked: list[str] = []
    for sentence in split_at_stops(" ".join(lines)):
        if re.match(r"^(hi|hello|thanks|thank you)\b[^.!?]{0,30}[,.!]?$", sentence, re.IGNORECASE):
            continue
        picked.append(sentence)
        if len(" ".join(picked).split()) >= max_words * 0.6:
            break
    return shorten(" ".join(picked), max_words)


def _latest_update(view: TicketView) -> tuple[str, str] | None:
    units = view.cited_units()
    if not units:
        return None
    unit = units[-1]
    ref = view.ref_for(unit)
    text = _first_sentences(unit.text, 28)
    if not ref or len(text.split()) < 3:
        return None
    who = f"{unit.speaker}, " if unit.speaker else ""
    when = unit.at.date().isoformat() if unit.at else ""
    return f"({who}{when}) {text}".replace(", )", ")").replace("()", "").strip(), ref


def _fix_note(view: TicketView) -> tuple[str, str] | None:
    units = [u for u in view.cited_units() if _FIX.search(u.text)]
    if not units:
        return None
    unit = units[-1]
    ref = view.ref_for(unit)
    if not ref:
        return None
    return _first_sentences(unit.text, 24), ref
