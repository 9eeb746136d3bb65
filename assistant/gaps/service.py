"""The gap report of a stored account: its material read back from the store, gaps detected as of a date, and each
piece of evidence tied to the chunk that holds its quote (so the web app can open the passage)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from assistant.grounding.citations import best_quote
from assistant.platform.context import Context
from assistant.debrief_items.status import with_status
from assistant.engines.base import Capability, CriteriaJudgement, Engine, Evidence, EvidenceItem
from assistant.engines.factory import configured_capabilities, make_ai_engine
from assistant.engines.requests import CriteriaRequest
from assistant.facts.material import AccountMaterial, build_material
from assistant.gaps import detect_gaps
from assistant.models import Citation, Gap, GapEvidence, Section, Statement
from assistant.grounding.prompts import json_mode_tokens, prompt_tokens, prompt_version, render_prompt
from assistant.grounding.safety import clean_quote, redact_instructions
from assistant.platform.lru import LruCache
from assistant.store.documents import account_revision, load_chunks, load_documents
from assistant.store.judgement_tables import store_judgement, stored_judgement
from ingest.document import SourceType


def account_material(context: Context, account_id: str) -> AccountMaterial:
    account = context.account_access(account_id)
    with context.db.session() as session:
        return build_material(account_id, list(load_documents(session, account).values()))


# Gap reports by (store, account, revision, as_of, thresholds, judge): the detectors are deterministic, and a report
# takes tens of milliseconds on a small account, which the API and the web app would otherwise pay on every view.
_REPORTS: LruCache[list[Gap]] = LruCache(256)
# An engine's judgement whether success criteria are stated, by (store, account, revision, prompt version): one per
# account revision, whichever route or process asks first (the pack, ``handoff gaps``, the API, the web page) and
# whichever of the engines that judge it answers; it is kept in the store, and the others read it, so they never
# disagree. This is the process's copy of what the store holds.
_JUDGEMENTS: LruCache[bool] = LruCache(1024)


def find_gaps(context: Context, account_id: str, as_of: date, engine: Engine | None = None) -> list[Gap]:
    """Gaps as of ``as_of``, each open, answered or dismissed, and the gaps closed before that are no longer found.
    With an engine that judges success criteria (``engine``, else the configured one), whether they are stated is
    its judgement, asked once per account revision; otherwise a phrase heuristic decides."""
    return with_status(context, account_id, _detected_gaps(context, account_id, as_of, engine), Gap)


def _detected_gaps(context: Context, account_id: str, as_of: date, engine: Engine | None) -> list[Gap]:
    account = context.account_access(account_id)  # before anything cached is read
    settings = context.settings
    with context.db.session() as session:
        account_revision_now = account_revision(session, account)
    revision = (settings.resolved_database_url, account_id, account_revision_now)
    capabilities = engine.capabilities if engine is not None else configured_capabilities(context)
    judging = Capability.JUDGES_CRITERIA in capabilities
    prompt = prompt_version("success_criteria")
    judge_id = ("judged", prompt) if judging else None
    judge = _memo(context, account_id, account_revision_now, prompt, lambda: engine or make_ai_engine(context),
                  as_of, settings.criteria_token_budget) if judging else None

    def report() -> list[Gap]:
        material = account_material(context, account_id)
        return _with_chunk_ids(context, account_id, detect_gaps(material, as_of, settings, judge))

    key = (*revision, as_of, settings.stale_relationship_days, settings.unanswered_email_business_days,
           settings.aging_ticket_days, judge_id)
    return [gap.model_copy(deep=True) for gap in _REPORTS.get_or_compute(key, report)]


def _memo(context: Context, account_id: str, revision: tuple, prompt: str, engine_for: Callable[[], Engine],
          as_of: date, budget_tokens: int) -> Callable[[list[tuple[str, str]]], bool]:
    """The engine's judgement, asked once per account revision and prompt version (the passages are the
    revision's): read from the store when any process judged it already, else asked and kept there. The engine is
    made only when it is asked."""
    revision_key = "|".join(str(part) for part in revision)

    def ask(passages: list[tuple[str, str]]) -> bool:
        with context.db.session() as session:
            stored = stored_judgement(session, account_id, revision_key, prompt)
        if stored is not None:
            return stored
        engine = engine_for()
        stated = _llm_judge(engine, as_of, budget_tokens)(passages)
        with context.db.session() as session:
            return store_judgement(session, account_id, revision_key, prompt, stated, engine.name)

    def judge(passages: list[tuple[str, str]]) -> bool:
        key = (context.settings.resolved_database_url, account_id, revision, prompt)
        return _JUDGEMENTS.get_or_compute(key, lambda: ask(passages))

    return judge


def _with_chunk_ids(context: Context, account_id: str, gaps: list[Gap]) -> list[Gap]:
    chunks_by_source: dict[str, list] = {}
    account = context.account_access(account_id)
    with context.db.session() as session:
        chunks = load_chunks(session, account)
    for chunk in chunks:
        chunks_by_source.setdefault(chunk.source_path, []).append(chunk)
    for gap in gaps:
        for evidence in gap.evidence:
            if evidence.quote:  # detectors quote raw text: reports carry no planted instruction
                evidence.quote = clean_quote(evidence.quote)
            candidates = chunks_by_source.get(evidence.source, [])
            if not evidence.quote or evidence.chunk_id or not candidates:
                continue
            holder = next((c for c in candidates if evidence.quote in c.text), None)
            if holder is None:  # the quote spans two chunks: cite the sentence of the chunk that shares most of it
                holder = max(candidates, key=lambda c: _overlap(c.text, evidence.quote))
                evidence.quote = best_quote(holder.text, evidence.quote)
            evidence.chunk_id = holder.id
    return gaps


def _overlap(text: str, quote: str) -> int:
    return len(set(text.lower().split()) & set(quote.lower().split()))


def _llm_judge(engine: Engine, as_of: date, budget_tokens: int) -> Callable[[list[tuple[str, str]]], bool]:
    """The model's judgement on the passages; the earliest (in path order) are left out while the prompt is over
    ``budget_tokens``, so its cost does not grow with the account's history."""
    def judge(passages: list[tuple[str, str]]) -> bool:
        if not passages:
            return False
        budget = budget_tokens - json_mode_tokens(engine, CriteriaJudgement)
        start = len(passages) - 1  # the last passage always goes; earlier ones while the prompt stays in budget
        while start > 0 and prompt_tokens(_criteria_prompt(passages[start - 1:])) <= budget:
            start -= 1
        evidence = _passage_evidence(passages[start:])
        prompt = render_prompt("success_criteria", evidence=evidence)
        return engine.generate(CriteriaRequest(prompt=prompt, evidence=evidence, as_of=as_of)).output.stated

    return judge


def _passage_evidence(passages: list[tuple[str, str]]) -> Evidence:
    return Evidence(items=[
        EvidenceItem(ref=f"E{i}", chunk_id=f"passage:{i}", source_id="", source_path=source,
                     source_type=SourceType.MEETING, title=source, header=source, text=redact_instructions(text))
        for i, (source, text) in enumerate(passages, start=1)
    ])


def _criteria_prompt(passages: list[tuple[str, str]]):
    return render_prompt("success_criteria", evidence=_passage_evidence(passages))


def gaps_section(gaps: list[Gap]) -> Section:
    """The gaps as the note's own section: each a "confirm" statement citing its evidence."""
    statements = []
    for gap in gaps:
        citations = [
            Citation(chunk_id=e.chunk_id, source=e.source, quote=e.quote)
            for e in gap.evidence
            if e.chunk_id and e.quote
        ]
        absent = next((e.source for e in gap.evidence if e.source.startswith("absent")), None)
        statements.append(
            Statement(
                text=f"{gap.severity.capitalize()}: {gap.detail} Ask: {gap.question}",
                provenance="confirm",
                citations=citations,
                note=absent,
            )
        )
    return Section(key="gaps", title="Documentation gaps", statements=statements)


def evidence_label(evidence: GapEvidence) -> str:
    return f'{evidence.source}: "{evidence.quote}"' if evidence.quote else evidence.source
