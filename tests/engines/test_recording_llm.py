"""The recording LLM server: the real ``openai`` client and ``OpenAIEngine`` work against it over loopback, and it
keeps every prompt with the label it was sent under."""

from __future__ import annotations

import openai
import pytest

from assistant.platform.config import Settings
from assistant.engines.base import AnswerDraft, Message, RenderedPrompt, SectionDraft
from assistant.engines.requests import AnswerRequest, NoteSectionRequest, SectionBrief
from assistant.engines.openai_engine import OpenAIEngine
from assistant.evals.recording_llm import NOT_IN_RECORD, RecordingLLM, minimal_instance
from assistant.grounding.prompts import count_tokens


@pytest.fixture(scope="module")
def server():
    with RecordingLLM() as running:
        yield running


@pytest.fixture
def recorder(server):
    server.requests.clear()
    server.label = None
    return server


def _engine(server: RecordingLLM, json_mode: bool = False) -> OpenAIEngine:
    return OpenAIEngine(Settings(llm_base_url=server.base_url, llm_api_key="recording", llm_model="m"),
                        json_mode=json_mode)


def _prompt(user: str) -> RenderedPrompt:
    return RenderedPrompt(name="note_section", version="1",
                          messages=[Message(role="system", content="Write one section."),
                                    Message(role="user", content=user)])


def _request(user: str) -> NoteSectionRequest:
    return NoteSectionRequest(section=SectionBrief(key="history", title="History"), account_name="Acme",
                              prompt=_prompt(user))


def test_a_structured_request_gets_the_least_reply_its_schema_accepts(recorder):
    result = _engine(recorder).generate(_request('<document id="E1">Renewal on May 1.</document>'), SectionDraft)

    assert result.output == SectionDraft(statements=[])
    assert recorder.requests[0].response_format == "json_schema"


def test_every_prompt_is_recorded_with_its_messages_tokens_and_label(recorder):
    recorder.label = "stakeholders"
    _engine(recorder).generate(_request("Who signs the order form?"), SectionDraft)

    recorded = recorder.requests[-1]
    assert recorded.label == "stakeholders"
    assert recorded.messages == [{"role": "system", "content": "Write one section."},
                                 {"role": "user", "content": "Who signs the order form?"}]
    assert "Who signs the order form?" in recorded.text
    assert recorded.prompt_tokens == count_tokens("Write one section.") + count_tokens("Who signs the order form?")


def test_json_mode_reads_the_schema_from_the_system_message(recorder):
    request = AnswerRequest(question="Is it answered?", prompt=_prompt("Is it answered?"))
    result = _engine(recorder, json_mode=True).generate(request)

    assert result.output == AnswerDraft(answer="", answerable=False, citations=[])
    assert recorder.requests[0].response_format == "json_object"


def test_a_streamed_answer_says_not_in_record_and_reports_usage(recorder):
    engine = _engine(recorder)

    pieces = list(engine.stream(AnswerRequest(question="When is the renewal?", prompt=_prompt("When is the renewal?"))))

    assert "".join(pieces) == NOT_IN_RECORD
    assert recorder.requests[0].stream
    assert engine.last_usage.prompt_tokens == recorder.requests[0].prompt_tokens


def test_the_model_list_names_the_server_model(recorder):
    client = openai.OpenAI(base_url=recorder.base_url, api_key="recording")

    assert [m.id for m in client.models.list()] == [RecordingLLM.model]


def test_minimal_instances_follow_references_optional_fields_and_enums():
    schema = {
        "type": "object", "required": ["items", "kind", "note", "flag"],
        "properties": {"items": {"type": "array", "items": {"$ref": "#/$defs/Item"}},
                       "kind": {"enum": ["a", "b"]}, "note": {"anyOf": [{"type": "null"}, {"type": "string"}]},
                       "flag": {"type": "boolean"}},
        "$defs": {"Item": {"type": "object", "properties": {"x": {"type": "integer"}}}},
    }

    assert minimal_instance(schema) == {"items": [], "kind": "a", "note": "", "flag": False}
    assert minimal_instance(schema["$defs"]["Item"], schema["$defs"]) == {"x": 0}
