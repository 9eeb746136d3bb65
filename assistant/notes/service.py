"""Generating a transition note: section by section, each from its own evidence under a token budget (for a
language model, a share of the note's budget), through the configured engine, with every citation checked before a
statement is kept."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timezone
from contextlib import nullcontext
from functools import partial

from assistant.grounding.citations import verify_statements
from assistant.platform.context import Context
from assistant.engines.base import Capability, Engine, EngineResult, Evidence, SectionDraft
from assistant.engines.factory import make_ai_engine
from assistant.engines.requests import NoteInProgress, NoteSectionRequest, SectionBrief
from assistant.platform.errors import ConfigError
from assistant.account.note_facts import section_facts
from assistant.indexing.sentence_vectors import known_for
from assistant.account.service import account_model
from assistant.grounding.evidence import attach_facts, gather_evidence
from assistant.models import Section, Statement, TransitionNote, Usage
from assistant.notes.section_evidence import budgeted_request
from assistant.notes.source_dates import with_source_dates
from assistant.notes.storage import store_note
from assistant.notes.statement_ids import with_statement_ids
from assistant.notes.corrections import with_decisions
from assistant.notes.template import NoteTemplate, SectionSpec, load_template
from assistant.grounding.prompts import json_mode_tokens, prompt_tokens, prompt_version, render_prompt
from assistant.store.documents import load_documents
from ingest.document import SourceType

SectionHook = Callable[[str], None]  # told the key of each section as it starts (progress)


def generate_note(
    context: Context,
    account_id: str,
    as_of: date,
    template: NoteTemplate | None = None,
    engine: Engine | None = None,
    extra_sections: list[Section] | None = None,
    on_section: SectionHook | None = None,
    now: datetime | None = None,
) -> TransitionNote:
    """Draft, check and store a new version of the account's note. ``extra_sections`` (the gaps) are appended."""
    account = context.account_access(account_id)
    template = template or load_template()
    engine = engine or make_ai_engine(context)
    sections: list[Section] = []
    evidence_ids: list[str] = []
    usage = Usage()
    dropped = 0
    model = engine.model
    for spec, request in _section_requests(context, account_id, account.name, as_of, template, engine, on_section):
        evidence = request.evidence
        embeds = Capability.EMBEDS_EVIDENCE in engine.capabilities
        stored = known_for(context, account_id, evidence) if embeds else nullcontext()
        with stored:  # the sentences' vectors stored at ingest: an engine that embeds sentences embeds none again
            section, result, lost = draft_checked_section(context, spec, request, engine)
        sections.append(section)
        evidence_ids.extend(i.chunk_id for i in evidence.items if i.chunk_id not in evidence_ids)
        usage = usage + result.usage
        dropped += lost
        model = result.model
    now = now or datetime.now(timezone.utc)
    draft = with_statement_ids(TransitionNote(
        account_id=account_id,
        as_of=as_of,
        engine=engine.name,
        model=model,
        template=f"{template.name}@{template.version}",
        sections=[*sections, *(extra_sections or [])],
        prompt_versions={"note_section": prompt_version("note_section")},
        evidence_ids=evidence_ids,
        usage=usage,
        dropped_statements=dropped,
        drafted_at=now,
    ))
    return store_note(context, with_source_dates(context, with_decisions(context, account_id, draft)), now, draft)


def section_requests(context: Context, account_id: str, as_of: date, template: NoteTemplate,
                     engine: Engine) -> list[tuple[SectionSpec, NoteSectionRequest]]:
    """Every section's request for the note ``generate_note`` would draft (for evaluation: drafting them again
    with another engine needs no retrieval; each drafting is a new note, ``in_new_note``)."""
    name = context.account_access(account_id).name
    return list(_section_requests(context, account_id, name, as_of, template, engine, None))


def in_new_note(requests: list[tuple[SectionSpec, NoteSectionRequest]]) -> list[tuple[SectionSpec, NoteSectionRequest]]:
    """The same sections' requests, sharing a note of their own (to draft them again from the start)."""
    note = NoteInProgress()
    return [(spec, request.in_new_note(note)) for spec, request in requests]


def draft_checked_section(context: Context, spec: SectionSpec, request: NoteSectionRequest,
                          engine: Engine) -> tuple[Section, EngineResult, int]:
    """One section drafted by the engine, its citations checked and its length limited; with the engine's result
    and how many statements were dropped for their citations."""
    evidence = request.evidence
    result = engine.generate(request)
    statements, lost = verify_statements(
        result.output.statements, evidence, keep_unverified=not context.settings.drop_unverified_statements
    )
    crm_chunks = {i.chunk_id for i in evidence.items if i.source_type is SourceType.CRM}
    return Section(key=spec.key, title=spec.title, statements=_limit(statements, spec, crm_chunks)), result, lost


def _section_requests(
    context: Context, account_id: str, account_name: str, as_of: date, template: NoteTemplate, engine: Engine,
    on_section: SectionHook | None,
) -> Iterator[tuple[SectionSpec, NoteSectionRequest]]:
    """Each section's request in turn, all sharing one ``NoteInProgress``. An engine that reads no prompt gets
    ``section_token_budget`` of evidence per section. A language model's prompts share the note's token budget,
    each section spending at most an equal part of what earlier ones left."""
    settings = context.settings
    account = context.account_access(account_id)
    with context.db.session() as session:  # structure for the engine: titles, ticket states, attendees
        documents = load_documents(session, account)
    note = NoteInProgress()
    builders = [partial(_section_request, spec, account_name, as_of, note) for spec in template.sections]
    builders = [partial(_with_model_facts, context, account_id, spec.key, as_of, build)
                for spec, build in zip(template.sections, builders)]
    if Capability.READS_PROMPTS not in engine.capabilities:
        for spec, build in zip(template.sections, builders):
            if on_section:
                on_section(spec.key)
            yield spec, build(gather_evidence(
                context, account_id, spec.queries or [spec.title], settings.section_token_budget,
                spec.source_types, include_open_tickets=spec.include_open_tickets, documents=documents,
            ))
        return
    tokens_left = settings.note_token_budget - settings.criteria_token_budget
    schema = json_mode_tokens(engine, SectionDraft)
    bare = sum(prompt_tokens(build(Evidence()).prompt) + schema for build in builders)
    if bare > tokens_left:
        raise ConfigError(
            f"the note's token budget leaves {tokens_left} tokens for its sections, but their prompts take {bare} "
            "without any evidence: raise HANDOFF_NOTE_TOKEN_BUDGET or use a template with fewer sections",
            fix="raise HANDOFF_NOTE_TOKEN_BUDGET",
        )
    shown: set[str] = set()
    for index, (spec, build) in enumerate(zip(template.sections, builders)):
        if on_section:
            on_section(spec.key)
        schema = json_mode_tokens(engine, SectionDraft)  # JSON mode may switch on during the note
        allowance = tokens_left // (len(template.sections) - index) - schema
        request = budgeted_request(context, account_id, spec, documents, shown, allowance, build, as_of)
        tokens_left -= prompt_tokens(request.prompt) + schema
        yield spec, request


def _with_model_facts(context: Context, account_id: str, key: str, as_of: date, build,
                      evidence: Evidence) -> NoteSectionRequest:
    """A section also gets what the account model, worked out over the whole record, says to it (who holds each
    role now, how to reach people, open promises, emails awaiting a reply, the current term)."""
    if evidence.items:  # an empty evidence prices the bare prompt
        facts = section_facts(account_model(context, account_id), key, as_of)
        if facts:
            evidence = attach_facts(context, account_id, evidence, facts)
    return build(evidence)


def _section_request(spec: SectionSpec, account_name: str, as_of: date, note: NoteInProgress,
                     evidence: Evidence) -> NoteSectionRequest:
    prompt = render_prompt("note_section", account_name=account_name, as_of=as_of.isoformat(), section=spec,
                           evidence=evidence)
    return NoteSectionRequest(prompt=prompt, evidence=evidence, as_of=as_of, section=section_brief(spec),
                              account_name=account_name, note=note)


def section_brief(spec: SectionSpec) -> SectionBrief:
    return SectionBrief(key=spec.key, title=spec.title, instructions=spec.instructions, queries=spec.queries,
                        max_statements=spec.max_statements)


def _limit(statements: list[Statement], spec: SectionSpec, crm_chunks: set[str]) -> list[Statement]:
    """At most max_statements from the material, after the CRM's own statements (short, and always wanted)."""
    crm = [s for s in statements if all(c.chunk_id in crm_chunks for c in s.citations)]
    rest = [s for s in statements if s not in crm]
    return crm + rest[: spec.max_statements]
