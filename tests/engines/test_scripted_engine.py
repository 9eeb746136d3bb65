"""The in-process scripted engine: replies as scripted, per request type, with no HTTP and no model."""

from __future__ import annotations

import pytest

from assistant.engines.base import AnswerDraft, Capability, Evidence, EvidenceItem, Message, RenderedPrompt
from assistant.engines.extractive import ExtractiveEngine
from assistant.engines.requests import AnswerRequest, CriteriaRequest, RewriteRequest
from assistant.engines.scripted import ScriptedEngine
from assistant.platform.errors import ProviderError
from ingest.document import SourceType

PROMPT = RenderedPrompt(name="answer", version="1", messages=[Message(role="user", content="-")])


def _ask(question: str) -> AnswerRequest:
    return AnswerRequest(prompt=PROMPT, question=question)


def test_scripted_replies_answer_their_request_type_in_turn_then_the_standing_one():
    engine = ScriptedEngine()
    engine.script(AnswerRequest, AnswerDraft(answer="first", answerable=True),
                  always=lambda request: {"answer": f"echo {request.question}", "answerable": False})

    assert engine.generate(_ask("one")).output.answer == "first"
    assert engine.generate(_ask("two")).output == AnswerDraft(answer="echo two", answerable=False)
    assert [r.question for r in engine.calls(AnswerRequest)] == ["one", "two"]


def test_a_request_nothing_was_scripted_for_is_an_error_that_names_it():
    with pytest.raises(ProviderError, match="CriteriaRequest"):
        ScriptedEngine().generate(CriteriaRequest(prompt=PROMPT))


def test_a_request_asked_for_another_result_model_is_refused():
    engine = ScriptedEngine()
    engine.script(AnswerRequest, always=AnswerDraft(answer="-", answerable=False))
    with pytest.raises(TypeError, match="AnswerDraft"):
        engine.generate(_ask("?"), CriteriaRequest.result)


def test_streaming_needs_the_capability():
    engine = ScriptedEngine(capabilities={Capability.READS_PROMPTS})
    with pytest.raises(ProviderError, match="STREAMS"):
        list(engine.stream(_ask("?")))


def test_the_offline_engine_lacks_the_language_model_capabilities(embedder):
    capabilities = ExtractiveEngine(embedder).capabilities
    assert Capability.STREAMS not in capabilities and Capability.READS_PROMPTS not in capabilities
    assert Capability.JUDGES_CRITERIA not in capabilities


def test_the_offline_engine_still_answers_a_criteria_or_rewrite_request_offline(embedder):
    engine = ExtractiveEngine(embedder)
    passage = EvidenceItem(ref="E1", chunk_id="m:0", source_id="m", source_path="meetings/a.md",
                           source_type=SourceType.MEETING, title="a", header="a",
                           text="Success criteria: 30 weekly active users by June")
    judged = engine.generate(CriteriaRequest(prompt=PROMPT, evidence=Evidence(items=[passage]))).output
    rewritten = engine.generate(RewriteRequest(prompt=PROMPT, question="what about their renewal?",
                                               earlier=["When does the Acme contract end?"], account_name="Acme"))

    assert judged.stated
    assert rewritten.output.question.startswith("what about their renewal? (") and "acme" in rewritten.output.question
