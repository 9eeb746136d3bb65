"""What the offline note drafter knows about each candidate sentence of a section, as numbers: the inputs of the
fitted salience model (``note_model``), which says how likely a sentence is to state something a new owner must
know. Each feature is general (how a sentence relates to the section, its source and what it holds), never a word
list of any account."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

import numpy as np

from assistant.engines.base import EvidenceItem
from assistant.engines.extractive.sentences import _AMOUNT, _DATE, Candidate
from assistant.engines.extractive.topics import PROFILES, cue_hits, cue_score
from assistant.text.names import SPEAKER
from ingest.document import Document, SourceType

NOTE_FEATURES = (
    "relevance",  # MiniLM cosine between the sentence and the section's title, instructions and queries
    "fit",  # how well it fits the section: closeness to the section's profile plus its cue words
    "fit_margin",  # that fit minus its fit to the best-fitting section (0 when this section is the best)
    "cues",  # the section's cue words (diminishing returns, ``topics.cue_score``)
    "sections_cued",  # how many sections' cue words it holds (a sentence about many things says much)
    "has_date",
    "has_amount",
    "has_number",
    "names",  # capitalised names in it (at most 3)
    "identifier",  # a ticket number or a code such as "INC-12" or "#123"
    "words",  # log of its length in words
    "short",  # fewer than 7 words
    "question",  # it asks rather than states
    "email",  # the kind of source it comes from (a chat message counts as an email: written, with an author and a
    # date; a CRM record: none of these)
    "meeting",
    "ticket",
    "age",  # log(1 + days between its source's date and the note's as_of); 0 when undated
    "undated",
    "rank",  # 1 / (1 + the retrieval rank of its evidence item in the section)
    "position",  # log(1 + its place among its item's sentences)
    "said",  # its greatest closeness to what the note already says
    "fields",  # a run of "Label: value" lines or a table row
    "speaker",  # a transcript line ("Name: ...")
    "prior",  # the hand-weighted score the drafter ranked sentences by before it was fitted
    "specifics",  # how many dates, amounts, numbers and codes it holds (at most 4)
    "key_terms",  # its names, acronyms and codes that several of the account's documents use (at most 4)
    "echoes",  # other sources in the section's material that say nearly the same (at most 3)
    "centrality",  # closeness to the mean of the section's candidates
    "fits_elsewhere",  # another section fits it clearly better
    "status",  # words of a state or a change: not, no longer, still, late, missed, only, until...
    "internal",  # its source is among our own staff (addresses given, none at the customer's domains)
    "density",  # specifics and the account's key terms per word
)

_IDENTIFIER_PATTERN = r"#\d{3,}|\b[A-Z]{2,}[A-Z0-9]*-\d+\b|\b[A-Z]{2,}-[A-Z]{2,}-\S+"
_IDENTIFIER = re.compile(_IDENTIFIER_PATTERN)
_SPECIFIC = re.compile(rf"{_DATE.pattern}|{_AMOUNT.pattern}|\b\d[\d,.]*\b|{_IDENTIFIER_PATTERN}", re.IGNORECASE)
# a name, acronym or code not opening a sentence or a line (where any word is capitalised)
_TERM = re.compile(r"(?<![.!?:]\s)(?<!^)\b(?:[A-Z][a-z]+[A-Z]\w*|[A-Z]{2,}\w*|[A-Z][a-z]{2,})\b", re.MULTILINE)
_STATUS = re.compile(r"\b(?:not|no longer|never|still|yet|late|missed|overdue|slipp\w*|only|until|unless|instead|"
                     r"without|cannot|can't|won't|didn't|hasn't|haven't|isn't|wasn't|must|blocked|waiting)\b",
                     re.IGNORECASE)
ECHO = 0.7  # cosine above which two sentences say nearly the same
FITS_ELSEWHERE = 0.12


@dataclass
class SectionView:
    """What the features of one section's candidates are measured against."""

    key: str
    topic: np.ndarray  # the embedded topic of the section
    profiles: dict[str, np.ndarray]  # every known section's embedded profile
    said: np.ndarray  # vectors of what the note already says, one row each (may be empty)
    as_of: date | None
    spread: dict[str, int]  # how many of the account's documents use each name, acronym or code (lower case)
    internal: set[str]  # source ids of documents among our own staff


def internal_sources(documents: dict[str, Document], customer_domains: set[str]) -> set[str]:
    """Documents whose people all have addresses outside the customer's domains (handover notes, internal
    reviews): where the outgoing owner writes down what matters."""
    if not customer_domains:
        return set()
    internal = set()
    for source_id, document in documents.items():
        emails = [p.email.lower() for p in [*document.authors, *document.participants] if p.email]
        if emails and not any(e.rsplit("@", 1)[-1].endswith(d) for e in emails for d in customer_domains):
            internal.add(source_id)
    return internal


def term_spread(bodies: list[str]) -> dict[str, int]:
    """How many of the texts use each name, acronym or code (lower case): the account's own subjects."""
    spread: dict[str, int] = {}
    for body in bodies:
        for term in {t.lower() for t in _TERM.findall(body)}:
            spread[term] = spread.get(term, 0) + 1
    return spread


def candidate_rows(view: SectionView, candidates: list[Candidate], vectors: np.ndarray,
                   items: dict[str, EvidenceItem], prior: np.ndarray) -> np.ndarray:
    """One row per candidate, one column per name in ``NOTE_FEATURES``."""
    rows = np.zeros((len(candidates), len(NOTE_FEATURES)), dtype=float)
    if not candidates:
        return rows
    relevance = vectors @ view.topic
    keys = list(view.profiles) or list(PROFILES)
    closeness = vectors @ np.vstack([view.profiles[k] for k in keys]).T if view.profiles else None
    said = (vectors @ view.said.T).max(axis=1) if len(view.said) else np.zeros(len(candidates))
    ranks = {ref: rank for rank, ref in enumerate(dict.fromkeys(c.ref for c in candidates))}
    sources = [items[c.ref].source_id if c.ref in items else c.ref for c in candidates]
    similar = vectors @ vectors.T
    centre = vectors.mean(axis=0)
    centrality = vectors @ (centre / max(float(np.linalg.norm(centre)), 1e-9))
    for i, candidate in enumerate(candidates):
        text = candidate.text
        item = items.get(candidate.ref)
        fits = ({k: float(closeness[i, j]) + cue_score(k, text) for j, k in enumerate(keys)}
                if closeness is not None else {})
        fit = fits.get(view.key, float(relevance[i]))
        words = len(text.split())
        age, undated = 0.0, 1.0
        if item is not None and item.date is not None and view.as_of is not None:
            age, undated = math.log1p(max(0, (view.as_of - item.date.date()).days)), 0.0
        kind = item.source_type if item is not None else None
        rows[i] = (
            float(relevance[i]),
            fit,
            fit - max(fits.values()) if fits else 0.0,
            cue_score(view.key, text),
            sum(1 for k in PROFILES if cue_hits(k, text)),
            candidate.has_date,
            candidate.has_amount,
            candidate.has_number,
            min(candidate.names, 3),
            bool(_IDENTIFIER.search(text)),
            math.log(max(words, 1)),
            words < 7,
            text.rstrip().endswith("?"),
            kind in (SourceType.EMAIL, SourceType.CHAT),
            kind is SourceType.MEETING,
            kind is SourceType.TICKET,
            age,
            undated,
            1.0 / (1 + ranks[candidate.ref]),
            math.log1p(candidate.position),
            float(said[i]),
            "; " in text or text.count("|") >= 2,
            bool(SPEAKER.match(text)),
            float(prior[i]),
            min(len(_SPECIFIC.findall(text)), 4),
            min(sum(1 for t in {t.lower() for t in _TERM.findall(text)} if view.spread.get(t, 0) >= 2), 4),
            min(len({sources[j] for j in np.flatnonzero(similar[i] > ECHO) if sources[j] != sources[i]}), 3),
            float(centrality[i]),
            bool(fits) and fit < max(fits.values()) - FITS_ELSEWHERE,
            min(len(_STATUS.findall(text)), 2),
            kind is not None and item.source_id in view.internal,
            (len(_SPECIFIC.findall(text)) + len(_TERM.findall(text))) / max(words, 1),
        )
    return rows
