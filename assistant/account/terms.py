"""The contract's terms: the periods the record says an agreement, order or subscription runs ("for the period
July 1, 2025 through June 30, 2026", "term 01.04.2025 - 31.03.2026"), each with its source's date, and the CRM's
contract start and renewal date as the oldest word."""

from __future__ import annotations

import re
from datetime import date, timedelta

from assistant.account.model import Cited, Term
from assistant.facts.material import AccountMaterial
from assistant.facts.text import clip, doc_date
from assistant.text.dates import find_dates
from assistant.text.sentences import sentences
from ingest.document import SourceType

_BETWEEN = re.compile(r"^\s*(?:through|thru|to|until|till|-|–|—)\s*$", re.IGNORECASE)
_TERM_WORDS = re.compile(r"\b(?:period|term|subscription|agreement|contract|licen[cs]e|order|PO|renewal|coverage|"
                         r"performance|service|fiscal year|FY\d{2,4})\b", re.IGNORECASE)
MIN_TERM_DAYS = 28  # shorter ranges are events (a pilot week, a freeze window), not a contract's term


def build_terms(material: AccountMaterial) -> list[Term]:
    """Every stated term once per source, oldest source first (the CRM's first)."""
    terms: list[Term] = []
    crm = material.crm
    if crm is not None and crm.renewal_date and material.crm_source:
        start = crm.contract_start
        end = crm.renewal_date - timedelta(days=1) if start else crm.renewal_date
        quote = f"Renewal date: {crm.renewal_date.isoformat()}"
        terms.append(Term(start=start, end=end, renews=crm.renewal_date,
                          evidence=Cited(source=material.crm_source, quote=quote)))
    documents = [d for d in material.documents if d.source_type != SourceType.CRM and
                 not getattr(d.metadata, "is_auto_reply", False)]
    for document in sorted(documents, key=lambda d: doc_date(d) or date.min):
        when = doc_date(document)
        seen: set[tuple[date, date]] = set()
        for line in document.body.splitlines():
            if line.lstrip().startswith(">"):
                continue
            for sentence in sentences(line.strip()):
                for start, end in _ranges(sentence, when):
                    if (start, end) in seen or not _TERM_WORDS.search(sentence):
                        continue
                    seen.add((start, end))
                    terms.append(Term(start=start, end=end, evidence=Cited(source=document.source_path,
                                                                           quote=clip(sentence), when=when)))
    return terms


def _ranges(sentence: str, when: date | None) -> list[tuple[date, date]]:
    mentions = [m for m in find_dates(sentence, when) if m.year_stated and not m.relative and
                m.granularity in ("day", "month")]
    found = []
    for first, second in zip(mentions, mentions[1:]):
        if not _BETWEEN.match(sentence[first.end:second.start]):
            continue
        start, end = first.date, second.last
        if (end - start).days >= MIN_TERM_DAYS:
            found.append((start, end))
    return found
