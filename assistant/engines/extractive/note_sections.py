"""One note section without a language model.

In order: the CRM's own statements for the section; structured statements from the parsed documents' metadata
(open tickets and past incidents for support, the meeting timeline for history, one line per person for
stakeholders); then the evidence sentences that fit this section better than any other, ranked by relevance to the
section, its cue words and their specifics. A ``NoteMemory`` carried across the sections of one note keeps any
sentence (or a near copy of it) from appearing twice."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from assistant.indexing.embeddings import Embedder
from assistant.engines.base import EvidenceItem, SectionDraft, StatementDraft
from assistant.engines.extractive.crm_statements import cite_crm, crm_statements
from assistant.engines.extractive.lists import goal_lists
from assistant.engines.extractive.memory import NoteMemory
from assistant.engines.extractive.note_features import SectionView, candidate_rows, internal_sources
from assistant.engines.extractive.note_model import NoteModel
from assistant.engines.extractive.people import PersonView, customer_people, mentions_person
from assistant.engines.extractive.sentences import Candidate, candidates_from, make_candidate, shorten
from assistant.engines.extractive.tickets import ticket_statements
from assistant.engines.extractive.timeline import meeting_timeline
from assistant.engines.extractive.topics import PROFILES, cue_score, known
from assistant.engines.requests import NoteSectionRequest
from assistant.text.names import FULL_NAME_SPEAKER
from ingest.document import CrmMetadata, CrmRecord, EmailMetadata, SourceType

DATED_SECTIONS = {"history", "commitments", "risks", "next_steps"}
FIT_MARGIN = 0.12  # a sentence may go in a section that fits it almost as well as its best one
PERSON_SENTENCE_WORDS = 34
_PRONOUN_START = re.compile(r"^(?:he|she|they|his|her|their)\b", re.IGNORECASE)
_QUESTION = re.compile(r"\?\s*$")
_CONTINUES = re.compile(r"^(?:it|this|that|these|those|they|he|she|his|her|their|its|which|but|and|so|also|then|"
                        r"otherwise|instead|however)\b", re.IGNORECASE)
SHORT_SENTENCE_WORDS = 9  # a sentence this short rarely stands alone; it goes with its neighbour
CONTINUED_WORDS = 50


PoolObserver = Callable[[str, list[str], np.ndarray, list[str]], None]
"""Told each section's candidate sentences as they would be worded, their feature rows, and the section's other
statements (what fitting the salience model learns from)."""


def draft_section(request: NoteSectionRequest, embedder: Embedder, memory: NoteMemory | None = None,
                  model: NoteModel | None = None, observer: PoolObserver | None = None) -> SectionDraft:
    memory = memory if memory is not None else NoteMemory()
    section = request.section
    key, limit = section.key, section.max_statements
    evidence = request.evidence
    crm_items = [i for i in evidence.items if i.source_type is SourceType.CRM]
    record = _record(request, crm_items)
    others = [i for i in evidence.items if i.source_type is not SourceType.CRM and not _auto_reply(request, i)]
    statements = crm_statements(key, record, crm_items) if record else []
    candidates = [c for c in candidates_from(others) if not memory.used_text(c.text)]
    vectors = _embed(embedder, [c.text for c in candidates])
    memory.ensure_profiles(embedder, PROFILES)
    structured: list[StatementDraft] = []
    if key == "support":
        structured = ticket_statements(evidence, request.as_of)
    elif key == "history":
        structured = meeting_timeline(evidence, record)
    elif key == "stakeholders":
        structured = _people(evidence, record, crm_items, candidates, vectors, memory, limit)
    elif key == "goals":
        for statement, lines in goal_lists(others)[:2]:
            if not memory.used_text(statement.text):
                structured.append(statement)
                for line in lines:
                    memory.remember(line)
        keep = [i for i, c in enumerate(candidates) if not memory.used_text(c.text)]
        candidates, vectors = [candidates[i] for i in keep], vectors[keep] if keep else vectors[:0]
    facts = [StatementDraft(text=f.text, provenance="inferred", citations=f.refs) for f in evidence.facts]
    structured = [s for s in [*facts, *structured] if not memory.used_text(s.text)]
    room = max(0, limit - len(structured))
    if key == "stakeholders":
        room = min(room, 2)  # the people statements carry the section; loose remarks about people add little
    topic = " ".join([section.title, section.instructions, *section.queries])
    by_ref = {i.ref: i for i in others}
    fixed = [*statements, *structured]
    memory.say(_embed(embedder, [s.text for s in fixed]))
    view = SectionView(key=key, topic=embedder.embed([topic])[0], profiles=memory.profiles, said=memory.said(),
                       as_of=request.as_of, spread=memory.spread(evidence.documents),
                       internal=internal_sources(evidence.documents, _customer_domains(record)))
    prior = _prior(key, candidates, vectors, view.topic, memory)
    rows = candidate_rows(view, candidates, vectors, by_ref, prior)
    if observer is not None:
        observer(key, [_worded(c, by_ref[c.ref], key) for c in candidates], rows, [s.text for s in fixed])
    scores, floor = (model.scores(rows), model.keep_above) if model is not None else (prior, 0.0)
    picked = _pick(candidates, vectors, scores, floor, memory, room)
    picked = _continued(picked, candidates, memory)
    sentences = [
        StatementDraft(text=_worded(c, by_ref[c.ref], key), provenance="data", citations=[c.ref]) for c in picked
    ]
    out = [*statements, *structured, *sentences]
    for draft in out:
        memory.remember(draft.text)
    return SectionDraft(statements=out)


def _record(request: NoteSectionRequest, crm_items: list[EvidenceItem]) -> CrmRecord | None:
    for item in crm_items:
        document = request.evidence.documents.get(item.source_id)
        if document is not None and isinstance(document.metadata, CrmMetadata):
            return document.metadata.record
    return None


def _customer_domains(record: CrmRecord | None) -> set[str]:
    if record is None:
        return set()
    emails = [p.email for p in (record.primary_contact, record.executive_sponsor, *record.contacts) if p and p.email]
    domains = {e.rsplit("@", 1)[-1].lower() for e in emails}
    if record.domain:
        domains.add(record.domain.lower().removeprefix("www."))
    return domains


def _auto_reply(request: NoteSectionRequest, item: EvidenceItem) -> bool:
    document = request.evidence.documents.get(item.source_id)
    return document is not None and isinstance(document.metadata, EmailMetadata) and document.metadata.is_auto_reply


def _embed(embedder: Embedder, texts: list[str]) -> np.ndarray:
    return embedder.embed(texts) if texts else np.zeros((0, 1), dtype=np.float32)


def _prior(key: str, candidates: list[Candidate], vectors: np.ndarray, topic: np.ndarray,
           memory: NoteMemory) -> np.ndarray:
    """The hand-weighted score: relevance to the section, its cue words and specifics; -1 for a sentence that fits
    another section clearly better."""
    relevance = vectors @ topic if len(candidates) else np.zeros(0)
    scores = np.zeros(len(candidates))
    for index, candidate in enumerate(candidates):
        fits = memory.fits(candidate.text, vectors[index])
        if known(key) and fits and fits[key] < max(fits.values()) - FIT_MARGIN:
            scores[index] = -1.0
            continue
        score = float(relevance[index]) + cue_score(key, candidate.text) + _specificity(candidate)
        score -= _thinness(candidate, key)
        if _QUESTION.search(candidate.text) and key != "next_steps":
            score -= 0.1
        scores[index] = score
    return scores


def _pick(candidates: list[Candidate], vectors: np.ndarray, scores: np.ndarray, floor: float, memory: NoteMemory,
          limit: int) -> list[Candidate]:
    """The best-scoring candidates at or above ``floor``, at most ``limit``, none a near copy of another or of
    what the note already says."""
    chosen: list[int] = []
    for index in np.argsort(-scores, kind="stable"):
        if len(chosen) >= limit or scores[index] < floor:
            break
        if memory.near_copy(vectors[index]) or any(float(vectors[index] @ vectors[j]) > 0.85 for j in chosen):
            continue
        chosen.append(int(index))
        memory.remember_vector(vectors[index])
    return [candidates[i] for i in chosen]


def _continued(picked: list[Candidate], candidates: list[Candidate], memory: NoteMemory) -> list[Candidate]:
    """Each picked sentence with the one after it in the same passage when they read as one statement: the next
    one opens with a pronoun or a connective ("It ...", "This ...", "But ..."), or one of the two is too short to
    stand alone ("Meetings quarterly at most."); never past ``CONTINUED_WORDS``."""
    following = {(c.ref, c.position): c for c in candidates}
    taken = {(c.ref, c.position) for c in picked}
    out = []
    for candidate in picked:
        after = following.get((candidate.ref, candidate.position + 1))
        if (after is not None and (after.ref, after.position) not in taken and not memory.used_text(after.text)
                and not _QUESTION.search(candidate.text)
                and (_CONTINUES.match(after.text) or min(len(candidate.text.split()), len(after.text.split()))
                     < SHORT_SENTENCE_WORDS)
                and len(candidate.text.split()) + len(after.text.split()) <= CONTINUED_WORDS
                and not candidate.text.endswith("...")):
            taken.add((after.ref, after.position))
            memory.remember(after.text)
            candidate = make_candidate(f"{candidate.text} {after.text}", candidate.ref, candidate.item_index,
                                       candidate.position)
        out.append(candidate)
    return out


def _specificity(candidate: Candidate) -> float:
    return 0.06 * candidate.has_date + 0.06 * candidate.has_amount + 0.03 * candidate.has_number + 0.02 * min(
        candidate.names, 2
    )


def _thinness(candidate: Candidate, key: str | None = None) -> float:
    """Short remarks with nothing specific in them ("Sofia's looking but flagging") say little to a new owner."""
    words = len(candidate.text.split())
    if key and cue_score(key, candidate.text) > 0:
        return 0.0
    specific = candidate.has_date or candidate.has_amount or candidate.has_number or candidate.names > 0
    if words < 7 and not specific:
        return 0.25
    if words < 10 and not specific:
        return 0.1
    return 0.0


def _worded(candidate: Candidate, item: EvidenceItem, key: str) -> str:
    if key in DATED_SECTIONS and item.date:
        return f"{item.date.strftime('%Y-%m-%d')}: {candidate.text}"
    return candidate.text


def _people(evidence, record: CrmRecord | None, crm_items: list[EvidenceItem], candidates: list[Candidate],
            vectors: np.ndarray, memory: NoteMemory, limit: int) -> list[StatementDraft]:
    """One statement per customer person: who they are (CRM, signature, text) and the sentence about them that
    speaks most to their role, stance or change."""
    people = customer_people(evidence, record, [c.text for c in candidates])
    firsts = [p.first for p in people]
    statements: list[StatementDraft] = []
    taken: set[int] = set()
    for person in people[:limit]:
        unique_first = firsts.count(person.first) == 1
        index = _best_sentence(person, candidates, unique_first, taken)
        if index is None:
            index = _authored_sentence(evidence, person, candidates, taken)
        head = person.header()
        roles = [r for r in person.crm_roles if r]
        text = head + (f" — {', '.join(roles)} (CRM)" if roles else "")
        refs: list[str] = []
        if person.from_crm and crm_items:
            refs.extend(cite_crm(text, crm_items, [i.ref for i in crm_items]))
        if index is not None:
            taken.add(index)
            sentence = candidates[index].text
            if _PRONOUN_START.match(sentence) and index > 0 and candidates[index - 1].ref == candidates[index].ref:
                sentence = f"{candidates[index - 1].text} {sentence}"
                taken.add(index - 1)
                memory.remember(candidates[index - 1].text)
            sentence = shorten(sentence, PERSON_SENTENCE_WORDS)
            text += f": {sentence}"
            refs.append(candidates[index].ref)
            memory.remember(candidates[index].text)
            memory.remember_vector(vectors[index])
        elif not person.from_crm:
            if not person.title:
                continue
            refs.extend(_source_refs(evidence, person))
        if not refs:
            continue
        statements.append(StatementDraft(text=text if text.endswith((".", "?", "!")) else text + ".",
                                         citations=list(dict.fromkeys(refs))))
    return statements


def _best_sentence(person: PersonView, candidates: list[Candidate], unique_first: bool, taken: set[int]) -> int | None:
    """The sentence that names the person (or follows one that does with "He"/"She") and says most about their
    role, stance or a change; a sentence merely spoken by them counts for less."""
    best, best_score = None, 0.0
    for index, candidate in enumerate(candidates):
        if index in taken or len(candidate.text.split()) < 6:
            continue
        text = candidate.text
        spoken = FULL_NAME_SPEAKER.match(text)
        body = text[spoken.end():] if spoken else text
        named = mentions_person(person, body, unique_first)
        previous = candidates[index - 1] if index > 0 else None
        follows = bool(_PRONOUN_START.match(text) and previous is not None and previous.ref == candidate.ref
                       and mentions_person(person, previous.text, unique_first))
        if follows:  # judged together with the sentence that names them, as it will be shown
            text = body = f"{previous.text} {text}"
        if not (named or follows):
            if not (spoken and mentions_person(person, spoken.group(0), unique_first)):
                continue
            named_score = -0.1
        else:
            named_score = 0.1 * bool(re.search(rf"\b{re.escape(person.last)}\b", body))
        score = 0.2 + named_score + cue_score("stakeholders", text) + 0.5 * cue_score("risks", text)
        score += 0.02 * candidate.has_date - _thinness(candidate) - 0.05 * max(0, candidate.names - 2)
        if person.title and person.title.lower() in text.lower():
            score += 0.05
        if score > best_score:
            best, best_score = index, score
    return best


def _authored_sentence(evidence, person: PersonView, candidates: list[Candidate], taken: set[int]) -> int | None:
    """For someone the text never names: the most specific sentence of a message they wrote."""
    refs = set()
    for item in evidence.items:
        document = evidence.documents.get(item.source_id)
        if document is not None and any(p.name == person.name for p in document.authors):
            refs.add(item.ref)
    best, best_score = None, 0.05
    for index, candidate in enumerate(candidates):
        if index in taken or candidate.ref not in refs or _QUESTION.search(candidate.text):
            continue
        score = _specificity(candidate) + 0.05 * ("@" in candidate.text) - _thinness(candidate)
        if score > best_score:
            best, best_score = index, score
    return best


def _source_refs(evidence, person: PersonView) -> list[str]:
    """An evidence item from a source the person wrote or attended (their title came from it)."""
    for item in evidence.items:
        document = evidence.documents.get(item.source_id)
        if document is None:
            continue
        names = {p.name for p in [*document.authors, *document.participants] if p.name}
        if person.name in names:
            return [item.ref]
    return []
