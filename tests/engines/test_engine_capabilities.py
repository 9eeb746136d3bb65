"""Services ask an engine for a capability, never for its name; the scripted engine stands in for a language model
without HTTP."""

from __future__ import annotations

from datetime import date

from pydantic import SecretStr
from sqlalchemy import select

from assistant.chat.service import ask, stream_answer
from assistant.engines.base import AnswerDraft, Capability, CriteriaJudgement, SectionDraft
from assistant.engines.requests import AnswerRequest, CriteriaRequest, NoteSectionRequest
from assistant.engines.scripted import ScriptedEngine
from assistant.gaps import service as gaps_service
from assistant.gaps.service import find_gaps
from assistant.platform.context import Context
from assistant.platform.lru import LruCache
from assistant.store.judgement_tables import CriteriaJudgementRow
from assistant.account.ingest import ingest_path
from assistant.pack.assemble import build_pack

AS_OF = date(2025, 10, 20)
QUESTION = "Why did the Monday refresh fail?"


def _kinds(gaps) -> set[str]:
    return {g.kind.value for g in gaps}


def test_a_service_test_scripts_an_answer_without_http(context, tiny_account):
    ingest_path(context, tiny_account)
    engine = ScriptedEngine()
    engine.script(AnswerRequest, lambda request: AnswerDraft(answer="The scheduler backlog. [E1]", answerable=True,
                                                             citations=["E1"]))

    answer = ask(context, "tiny-co", QUESTION, engine=engine)

    [request] = engine.calls(AnswerRequest)
    assert request.question == QUESTION and request.prompt.name == "answer"
    assert answer.answer.startswith("The scheduler backlog") and answer.engine == "scripted"
    assert [c.chunk_id for c in answer.citations] == [request.evidence.items[0].chunk_id]


def test_an_engine_that_cannot_stream_answers_and_the_text_is_streamed_word_by_word(context, tiny_account):
    ingest_path(context, tiny_account)
    engine = ScriptedEngine(capabilities={Capability.READS_PROMPTS})  # a language model without streaming
    engine.script(AnswerRequest, AnswerDraft(answer="The scheduler backlog. [E1]", answerable=True,
                                             citations=["E1"]))

    events = list(stream_answer(context, "tiny-co", QUESTION, engine=engine))

    tokens = "".join(e.data["text"] for e in events if e.event == "token")
    assert tokens.startswith("The scheduler backlog") and events[-1].event == "done"


def test_a_streaming_engine_is_streamed(context, tiny_account):
    ingest_path(context, tiny_account)
    engine = ScriptedEngine()
    engine.script_stream("The scheduler ", "backlog [E1].")

    events = list(stream_answer(context, "tiny-co", QUESTION, engine=engine))

    assert [e.data["text"] for e in events if e.event == "token"] == ["The scheduler ", "backlog [E1]."]
    assert engine.calls(AnswerRequest)[0].prompt.name == "answer_stream"


def test_the_criteria_judgement_is_asked_once_per_account_revision(context, tiny_account):
    ingest_path(context, tiny_account)
    engine = ScriptedEngine()
    engine.script(CriteriaRequest, always=CriteriaJudgement(stated=True))

    first = find_gaps(context, "tiny-co", AS_OF, engine)
    later = find_gaps(context, "tiny-co", date(2025, 11, 3), engine)

    assert len(engine.calls(CriteriaRequest)) == 1
    assert "missing_success_criteria" not in _kinds(first) | _kinds(later)
    (tiny_account / "meetings" / "2025-10-01-sync.md").write_text(
        "---\ntitle: Sync\ndate: 2025-10-01\n---\nSuccess plan: still a draft, to be agreed.\n")
    ingest_path(context, tiny_account)
    find_gaps(context, "tiny-co", AS_OF, engine)
    assert len(engine.calls(CriteriaRequest)) == 2  # a new revision is judged again


def test_another_process_reads_the_judgement_kept_in_the_store(context, tiny_account, monkeypatch):
    ingest_path(context, tiny_account)
    first_process = ScriptedEngine()
    first_process.script(CriteriaRequest, always=CriteriaJudgement(stated=True))
    find_gaps(context, "tiny-co", AS_OF, first_process)
    # a second process (a CLI run beside the server): nothing in memory, the same store, a model that would differ
    monkeypatch.setattr(gaps_service, "_JUDGEMENTS", LruCache(16))
    monkeypatch.setattr(gaps_service, "_REPORTS", LruCache(16))
    second_process = ScriptedEngine()
    second_process.script(CriteriaRequest, always=CriteriaJudgement(stated=False))

    gaps = find_gaps(Context(context.settings, embedder=context.embedder), "tiny-co", AS_OF, second_process)

    assert second_process.calls(CriteriaRequest) == []
    assert "missing_success_criteria" not in _kinds(gaps)
    with context.db.session() as session:
        kept = session.scalars(select(CriteriaJudgementRow)).all()
    assert [(row.account_id, row.stated, row.engine) for row in kept] == [("tiny-co", True, first_process.name)]


def test_without_a_judging_engine_the_phrase_heuristic_decides(context, tiny_account):
    ingest_path(context, tiny_account)
    engine = ScriptedEngine(capabilities={Capability.READS_PROMPTS})

    gaps = find_gaps(context, "tiny-co", AS_OF, engine)

    assert engine.calls(CriteriaRequest) == []
    assert _kinds(gaps) == _kinds(find_gaps(context, "tiny-co", AS_OF))  # the offline default judges alike


def test_with_a_language_model_configured_gaps_and_the_pack_agree_on_success_criteria(context, tiny_account):
    ingest_path(context, tiny_account)
    offline = _kinds(find_gaps(context, "tiny-co", AS_OF))
    assert "missing_success_criteria" in offline  # the heuristic finds no measurable criteria in the kickoff
    context.settings.llm_base_url = "http://127.0.0.1:9/v1"  # configured, never reached
    context.settings.llm_api_key = SecretStr("sk-test")
    engine = ScriptedEngine()
    engine.script(CriteriaRequest, always=CriteriaJudgement(stated=True))
    engine.script(NoteSectionRequest, always=SectionDraft())

    pack = build_pack(context, "tiny-co", AS_OF, engine=engine)
    route = find_gaps(context, "tiny-co", AS_OF)  # as `handoff gaps` and GET .../gaps ask: no engine given

    assert "missing_success_criteria" not in _kinds(pack.gaps)
    assert _kinds(route) == _kinds(pack.gaps)
    assert len(engine.calls(CriteriaRequest)) == 1
