"""Answering a question over one account's history: rewrite a follow-up, retrieve (scoped to the account, with the
caller's filters), let the engine answer from the evidence, check every citation, abstain when nothing checks out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import nullcontext
from datetime import date, datetime, timezone

from assistant.chat.models import NOT_IN_RECORD, Answer, AnswerEvent, RelatedDocument
from assistant.chat.rewrite import rewrite_question
from assistant.chat.threads import OpenedThread, earlier_questions, open_thread_of, record_turn
from assistant.grounding.citations import citation_for
from assistant.platform.context import Context
from assistant.engines.base import AnswerDraft, Capability, Engine, Evidence
from assistant.engines.factory import make_ai_engine
from assistant.engines.requests import AnswerRequest
from assistant.indexing import sentence_vectors
from assistant.account.questions import (
    ModelFact,
    commitment_fact,
    contact_fact,
    role_asked,
    role_fact,
    term_fact,
    title_fact,
    waiting_fact,
)
from assistant.account.asked_people import expanded_query
from assistant.account.service import account_model
from assistant.account.signal_questions import competitor_fact, criteria_fact, risk_fact
from assistant.grounding.evidence import attach_facts, build_evidence, open_ticket_heads
from assistant.grounding.prompts import evidence_item_tokens, render_prompt
from assistant.grounding.retrieval import search
from assistant.grounding.safety import unbacked_urls
from assistant.store.filters import ChunkFilter
from assistant.text.sentences import split_at_stops
from ingest.document import SourceType

_MARKER = re.compile(r"\s*\[(E\d+)\]")
# "Which tickets are still open?": a search ranks ticket text, not ticket status, so the open tickets travel along
_OPEN_TICKETS_Q = re.compile(r"\b(tickets?|cases?|incidents?)\b(?=.*\b(open|outstanding|unresolved|pending|active|"
                             r"unsolved)\b)|\b(open|outstanding|unresolved|pending|active|unsolved)\b.*\btickets?\b",
                             re.IGNORECASE)


MAX_RELATED = 3
_DEPTH = 3  # ranked hits read per evidence chunk wanted, so that the per-source cap can be met


class _Prepared:
    def __init__(self, thread: OpenedThread, standalone: str, evidence: Evidence) -> None:
        self.thread, self.standalone, self.evidence = thread, standalone, evidence
        self.thread_id, self.account_name = thread.thread_id, thread.account.name


def ask(
    context: Context,
    account_id: str,
    question: str,
    thread_id: str | None = None,
    where: ChunkFilter | None = None,
    engine: Engine | None = None,
    as_of: date | None = None,
    now: datetime | None = None,
) -> Answer:
    engine = engine or make_ai_engine(context)
    now = now or datetime.now(timezone.utc)
    prepared = _prepare(context, account_id, question, thread_id, where, engine, as_of)
    prompt = render_prompt("answer", question=prepared.standalone, evidence=prepared.evidence,
                           account_name=prepared.account_name, as_of=as_of.isoformat() if as_of else None)
    request = AnswerRequest(prompt=prompt, evidence=prepared.evidence, as_of=as_of, question=prepared.standalone)
    # an engine that embeds every sentence of the evidence is handed those stored at ingest
    embeds = Capability.EMBEDS_EVIDENCE in engine.capabilities
    with sentence_vectors.known_for(context, account_id, prepared.evidence) if embeds else nullcontext():
        result = engine.generate(request)
    answer = checked_answer(result.output, prepared, question, engine.name, result.model)
    record_turn(context, prepared.thread, answer, now)
    return answer


def stream_answer(
    context: Context,
    account_id: str,
    question: str,
    thread_id: str | None = None,
    where: ChunkFilter | None = None,
    engine: Engine | None = None,
    as_of: date | None = None,
    now: datetime | None = None,
) -> Iterator[AnswerEvent]:
    """Events for server-sent streaming: "token" pieces of the answer as they come, then "citations" (only those
    that checked out), then "done" with the final, checked answer (which replaces the streamed text)."""
    engine = engine or make_ai_engine(context)
    now = now or datetime.now(timezone.utc)
    if Capability.STREAMS not in engine.capabilities:  # answer, then stream the text word by word
        answer = ask(context, account_id, question, thread_id, where, engine, as_of, now)
        for word in re.findall(r"\S+\s*", answer.answer):
            yield AnswerEvent(event="token", data={"text": word})
        yield from _closing_events(answer)
        return
    prepared = _prepare(context, account_id, question, thread_id, where, engine, as_of)
    prompt = render_prompt("answer_stream", question=prepared.standalone, evidence=prepared.evidence,
                           account_name=prepared.account_name, as_of=as_of.isoformat() if as_of else None)
    request = AnswerRequest(prompt=prompt, evidence=prepared.evidence, as_of=as_of, question=prepared.standalone)
    pieces = []
    for piece in engine.stream(request):
        pieces.append(piece)
        yield AnswerEvent(event="token", data={"text": piece})
    answer = checked_answer(_draft_from_text("".join(pieces)), prepared, question, engine.name, engine.model)
    record_turn(context, prepared.thread, answer, now)
    yield from _closing_events(answer)


def _closing_events(answer: Answer) -> Iterator[AnswerEvent]:
    yield AnswerEvent(event="citations", data={"citations": [c.model_dump() for c in answer.citations]})
    yield AnswerEvent(event="done", data=answer.model_dump(mode="json"))


def _prepare(context, account_id, question, thread_id, where, engine, as_of=None) -> _Prepared:
    thread = open_thread_of(context, account_id, thread_id)  # checks access first
    standalone = rewrite_question(engine, question, earlier_questions(context, thread), thread.account.name)
    offline = Capability.READS_PROMPTS not in engine.capabilities  # it reads the evidence, not a prompt
    evidence = answer_evidence(context, account_id, standalone, where, offline=offline,
                               as_of=as_of)
    return _Prepared(thread, standalone, evidence)


def answer_evidence(context: Context, account_id: str, question: str, where: ChunkFilter | None = None,
                    chunks: int | None = None, budget_tokens: int | None = None, offline: bool = True,
                    as_of: date | None = None) -> Evidence:
    """The evidence a standalone question is answered from: its search hits within the caller's filters (at most
    a few from any one source), with the open tickets first when it asks about open tickets, and what the account
    model says to it. A language model reads as much as its prompt budget holds, counted exactly; the offline
    engine ranks the sentences of more."""
    settings = context.settings
    chunks = chunks or (settings.answer_chunks if offline else settings.llm_answer_chunks)
    budget = budget_tokens or (settings.offline_answer_token_budget if offline else settings.answer_token_budget)
    ranked = search(context, account_id, question, k=chunks * _DEPTH, where=where)
    alternative = expanded_query(account_model(context, account_id), question)
    if alternative is not None:  # the people it is about, by the names the record may use instead
        ranked = _fused(ranked, search(context, account_id, alternative, k=chunks * _DEPTH, where=where))
    hits = _diverse(ranked, chunks, settings.answer_chunks_per_source)
    if _OPEN_TICKETS_Q.search(question) and _allows_open_tickets(where):
        hits = [*open_ticket_heads(context, account_id), *hits]
    evidence = build_evidence(context, account_id, hits, budget, item_tokens=None if offline else evidence_item_tokens)
    fact = _model_fact(context, account_id, question, as_of or date.today()) if where is None else None
    return attach_facts(context, account_id, evidence, [fact]) if fact is not None else evidence


def _model_fact(context: Context, account_id: str, question: str, day: date) -> ModelFact | None:
    """What the account model says to a question it answers from structure (who holds a role, someone's title, how
    to reach someone, what they wait on, where a promise stands, when the term ends)."""
    role = role_asked(question)
    model = account_model(context, account_id)
    return (role_fact(model, role) if role else None) or title_fact(model, question) or \
        contact_fact(model, question) or waiting_fact(model, question) or commitment_fact(model, question) or \
        term_fact(model, question, day) or competitor_fact(model, question, day) or criteria_fact(model, question) or \
        risk_fact(model, question, day)


def _fused(*rankings: list) -> list:
    """Hits of several searches of one question, taken in turn from each ranking, each chunk once: what only one
    way of asking finds keeps its place (a rank fusion would push it below everything both find)."""
    merged: dict[str, object] = {}
    for rank in range(max(len(r) for r in rankings)):
        for ranking in rankings:
            if rank < len(ranking):
                merged.setdefault(ranking[rank].chunk_id, ranking[rank])
    return list(merged.values())


def _diverse(hits: list, chunks: int, per_source: int) -> list:
    """The best ``chunks`` hits with at most ``per_source`` from one source: one long meeting whose every stretch
    mentions the topic would otherwise push out the one ticket or email that answers."""
    kept, counts = [], {}
    for hit in hits:
        if counts.get(hit.source_id, 0) < per_source:
            counts[hit.source_id] = counts.get(hit.source_id, 0) + 1
            kept.append(hit)
        if len(kept) == chunks:
            break
    return kept


def _allows_open_tickets(where: ChunkFilter | None) -> bool:
    """Open tickets join the evidence only when the caller's filters would let any ticket in."""
    if where is None:
        return True
    return where.date_from is None and where.date_to is None and \
        (not where.source_types or SourceType.TICKET in where.source_types)


def _related(evidence: Evidence) -> list[RelatedDocument]:
    """The documents of the best evidence, each once, at most ``MAX_RELATED``."""
    related: dict[str, RelatedDocument] = {}
    for item in evidence.items:
        if len(related) == MAX_RELATED:
            break
        related.setdefault(item.source_path, RelatedDocument(source=item.source_path, title=item.title))
    return list(related.values())


def _draft_from_text(text: str) -> AnswerDraft:
    if "NOT_IN_RECORD" in text or not text.strip():
        return AnswerDraft(answer="", answerable=False)
    refs = list(dict.fromkeys(_MARKER.findall(text)))
    return AnswerDraft(answer=_MARKER.sub("", text).strip(), answerable=True, citations=refs)


def checked_answer(draft: AnswerDraft, prepared: _Prepared, question: str, engine: str, model: str) -> Answer:
    """Grounded or silent: an answer survives only with at least one citation that was in its evidence; sentences
    carrying links that no cited source contains are removed."""
    by_ref = prepared.evidence.by_ref()
    items = [by_ref[ref] for ref in dict.fromkeys(draft.citations) if ref in by_ref]
    text = " ".join(_MARKER.sub("", draft.answer).split())
    if items:
        sources = [item.text for item in items]
        text = " ".join(s for s in split_at_stops(text) if not unbacked_urls(s, sources))
    if not draft.answerable or not items or not text:
        return Answer(answer=NOT_IN_RECORD, answerable=False, related=_related(prepared.evidence),
                      thread_id=prepared.thread_id, question=question, standalone_question=prepared.standalone,
                      engine=engine, model=model)
    return Answer(
        answer=text, answerable=True, citations=[citation_for(item, text) for item in items],
        thread_id=prepared.thread_id, question=question, standalone_question=prepared.standalone, engine=engine,
        model=model,
    )
