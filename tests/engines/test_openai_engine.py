"""OpenAIEngine against the fake OpenAI-compatible server, driven by the real ``openai`` client over loopback."""

from __future__ import annotations

import json

import pytest
from fakes.openai_server import FakeReply, count_prompt_tokens

from assistant.engines.base import SectionDraft
from assistant.platform.errors import ConfigError, ProviderError

GOOD = {"statements": [{"text": "Renewal is due on 2025-12-01.", "provenance": "data", "citations": ["E1"]}]}


def test_structured_output_is_parsed_into_the_output_model(openai_server, make_openai_engine, note_request):
    openai_server.enqueue(FakeReply.json(GOOD, model="test-model-2025-01-01"))

    result = make_openai_engine().generate(note_request, SectionDraft)

    assert isinstance(result.output, SectionDraft)
    assert result.output.statements[0].citations == ["E1"]
    assert result.model == "test-model-2025-01-01"  # the model the server reported
    sent = openai_server.requests[0]["response_format"]
    assert sent["type"] == "json_schema" and sent["json_schema"]["strict"] is True


def test_server_receives_the_rendered_prompt_messages(openai_server, make_openai_engine, note_request):
    openai_server.enqueue(FakeReply.json(GOOD))

    make_openai_engine().generate(note_request, SectionDraft)

    body = openai_server.requests[0]
    assert body["model"] == "test-model"
    assert body["messages"] == [message.model_dump() for message in note_request.prompt.messages]
    assert openai_server.prompt_tokens == [count_prompt_tokens(body)]


def test_refused_json_schema_falls_back_to_json_mode_with_the_schema_in_the_system_message(
    openai_server, make_openai_engine, note_request
):
    openai_server.refuse_json_schema = True
    openai_server.enqueue(FakeReply.json(GOOD))

    result = make_openai_engine().generate(note_request, SectionDraft)

    assert result.output == SectionDraft.model_validate(GOOD)
    refused, fallback = openai_server.requests
    assert refused["response_format"]["type"] == "json_schema"
    assert fallback["response_format"] == {"type": "json_object"}
    system = fallback["messages"][0]["content"]
    assert system.startswith("You write handoff notes.") and '"statements"' in system and "JSON schema" in system
    assert fallback["messages"][1:] == refused["messages"][1:]


def test_fallback_to_json_mode_is_remembered(openai_server, make_openai_engine, note_request):
    openai_server.refuse_json_schema = True
    openai_server.enqueue(FakeReply.json(GOOD), FakeReply.json(GOOD))
    engine = make_openai_engine()

    engine.generate(note_request, SectionDraft)
    engine.generate(note_request, SectionDraft)

    kinds = [body["response_format"]["type"] for body in openai_server.requests]
    assert kinds == ["json_schema", "json_object", "json_object"]
    assert engine.json_mode


def test_json_mode_accepts_a_reply_wrapped_in_a_code_fence(openai_server, make_openai_engine, note_request):
    openai_server.enqueue(FakeReply.text(f"```json\n{json.dumps(GOOD)}\n```"))

    result = make_openai_engine(json_mode=True).generate(note_request, SectionDraft)

    assert result.output == SectionDraft.model_validate(GOOD)
    assert openai_server.requests[0]["response_format"] == {"type": "json_object"}


def test_rate_limit_is_retried_and_honours_retry_after(openai_server, make_openai_engine, note_request, sleeps):
    openai_server.enqueue(FakeReply.error(429, "slow down", headers={"Retry-After": "0.05"}), FakeReply.json(GOOD))

    result = make_openai_engine().generate(note_request, SectionDraft)

    assert result.output == SectionDraft.model_validate(GOOD)
    assert len(openai_server.requests) == 2
    assert sleeps.delays == [0.05]


def test_retry_after_is_capped(openai_server, make_openai_engine, note_request, sleeps):
    openai_server.enqueue(FakeReply.error(429, headers={"Retry-After": "3600"}), FakeReply.json(GOOD))

    make_openai_engine().generate(note_request, SectionDraft)

    assert sleeps.delays == [0.2]  # the engine's max_retry_after in these tests


def test_server_error_is_retried_then_succeeds(openai_server, make_openai_engine, note_request):
    openai_server.enqueue(FakeReply.error(500, "upstream hiccup"), FakeReply.json(GOOD))
    engine = make_openai_engine()

    result = engine.generate(note_request, SectionDraft)

    assert result.output == SectionDraft.model_validate(GOOD)
    assert len(openai_server.requests) == 2
    assert not engine.json_mode  # a plain 500 is not a json_schema refusal


def test_backoff_grows_exponentially_with_jitter(openai_server, make_openai_engine, note_request, sleeps):
    openai_server.enqueue(*[FakeReply.error(503)] * 3, FakeReply.json(GOOD))

    make_openai_engine(llm_max_retries=3).generate(note_request, SectionDraft)

    first, second, third = sleeps.delays
    assert 0.01 <= first <= 0.02 and 0.02 <= second <= 0.03 and 0.04 <= third <= 0.05


def test_repeated_server_errors_end_in_a_provider_error_that_says_what_happened(
    openai_server, make_openai_engine, note_request
):
    openai_server.enqueue(*[FakeReply.error(502, "bad gateway")] * 3)

    with pytest.raises(ProviderError) as caught:
        make_openai_engine(llm_max_retries=2).generate(note_request, SectionDraft)

    message = str(caught.value)
    assert "failed after 3 attempts" in message and "HTTP 502" in message
    assert "HANDOFF_ENGINE=extractive" in message
    assert len(openai_server.requests) == 3


def test_timeout_ends_in_a_clear_provider_error_after_retries(openai_server, make_openai_engine, note_request):
    openai_server.enqueue(FakeReply.json(GOOD).delayed(5), FakeReply.json(GOOD).delayed(5))

    with pytest.raises(ProviderError) as caught:
        make_openai_engine(llm_timeout_seconds=0.2, llm_max_retries=1).generate(note_request, SectionDraft)

    assert "timed out after 0.2 s" in str(caught.value)
    assert "failed after 2 attempts" in str(caught.value)
    assert len(openai_server.requests) == 2


def test_refused_api_key_names_the_setting_and_never_shows_the_key(
    openai_server, make_openai_engine, note_request, api_key
):
    openai_server.enqueue(FakeReply.error(401, f"Incorrect API key provided: {api_key}"))

    with pytest.raises(ProviderError) as caught:
        make_openai_engine().generate(note_request, SectionDraft)

    message = str(caught.value)
    assert "refused the API key" in message and "HANDOFF_LLM_API_KEY" in message and "OPENAI_API_KEY" in message
    assert api_key not in message and api_key not in repr(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__  # no SDK error with the body
    assert len(openai_server.requests) == 1  # not retried


def test_unknown_model_names_the_model_and_its_setting(openai_server, make_openai_engine, note_request):
    openai_server.known_models = {"llama3.2"}

    with pytest.raises(ProviderError) as caught:
        make_openai_engine(llm_model="no-such-model").generate(note_request, SectionDraft)

    assert "no-such-model" in str(caught.value) and "HANDOFF_LLM_MODEL" in str(caught.value)
    assert len(openai_server.requests) == 1


def test_invalid_json_gets_one_repair_attempt_then_a_provider_error(
    openai_server, make_openai_engine, note_request
):
    openai_server.enqueue(FakeReply.text("Sure! Here is the summary."), FakeReply.text("{not json"))

    with pytest.raises(ProviderError) as caught:
        make_openai_engine().generate(note_request, SectionDraft)

    assert "malformed reply" in str(caught.value)
    assert len(openai_server.requests) == 2
    repair = openai_server.requests[1]["messages"]
    assert repair[-2] == {"role": "assistant", "content": "Sure! Here is the summary."}
    assert "not valid" in repair[-1]["content"] and "JSON" in repair[-1]["content"]


def test_reply_failing_validation_is_repaired_when_the_second_reply_is_valid(
    openai_server, make_openai_engine, note_request
):
    openai_server.enqueue(FakeReply.json({"statements": [{"provenance": "data"}]}), FakeReply.json(GOOD))
    engine = make_openai_engine()

    result = engine.generate(note_request, SectionDraft)

    assert result.output == SectionDraft.model_validate(GOOD)
    assert "statements.0.text: Field required" in openai_server.requests[1]["messages"][-1]["content"]
    first, second = openai_server.prompt_tokens
    assert result.usage.prompt_tokens == first + second  # both calls are counted


def test_repair_works_in_json_mode_too(openai_server, make_openai_engine, note_request):
    openai_server.refuse_json_schema = True
    openai_server.enqueue(FakeReply.json({"statements": "none"}), FakeReply.json(GOOD))

    result = make_openai_engine().generate(note_request, SectionDraft)

    assert result.output == SectionDraft.model_validate(GOOD)
    assert [body["response_format"]["type"] for body in openai_server.requests] == [
        "json_schema", "json_object", "json_object"]


def test_stream_yields_the_pieces_in_order_and_records_usage(openai_server, make_openai_engine, note_request):
    openai_server.enqueue(FakeReply.text(["The renewal", " is due", " in December."], usage=(42, 7)))
    engine = make_openai_engine()

    pieces = list(engine.stream(note_request))

    assert pieces == ["The renewal", " is due", " in December."]
    assert openai_server.requests[0]["stream"] is True
    assert openai_server.requests[0]["stream_options"] == {"include_usage": True}
    assert (engine.last_usage.prompt_tokens, engine.last_usage.completion_tokens) == (42, 7)
    assert engine.usage == engine.last_usage


def test_stream_is_retried_before_the_first_token(openai_server, make_openai_engine, note_request):
    openai_server.enqueue(FakeReply.error(429, headers={"Retry-After": "0"}), FakeReply.text("Hello there"))

    assert "".join(make_openai_engine().stream(note_request)) == "Hello there"
    assert len(openai_server.requests) == 2


def test_stream_errors_are_provider_errors(openai_server, make_openai_engine, note_request):
    openai_server.enqueue(FakeReply.error(401))

    with pytest.raises(ProviderError, match="HANDOFF_LLM_API_KEY"):
        list(make_openai_engine().stream(note_request))


def test_usage_is_accumulated_across_calls(openai_server, make_openai_engine, note_request):
    openai_server.enqueue(FakeReply.json(GOOD, usage=(100, 20)), FakeReply.json(GOOD, usage=(50, 10)),
                          FakeReply.text("streamed", usage=(5, 1)))
    engine = make_openai_engine()

    first = engine.generate(note_request, SectionDraft)
    engine.generate(note_request, SectionDraft)
    list(engine.stream(note_request))

    assert (first.usage.prompt_tokens, first.usage.completion_tokens) == (100, 20)
    assert (engine.last_usage.prompt_tokens, engine.last_usage.completion_tokens) == (5, 1)
    assert (engine.usage.prompt_tokens, engine.usage.completion_tokens) == (155, 31)


def test_a_local_server_without_a_key_gets_a_placeholder_key(openai_server, make_openai_engine, note_request):
    openai_server.enqueue(FakeReply.json(GOOD))

    make_openai_engine(llm_api_key="").generate(note_request, SectionDraft)

    assert openai_server.request_headers[0]["authorization"] == "Bearer not-needed"


def test_no_key_and_no_endpoint_is_a_config_error_whose_client_message_says_what_to_set():
    from assistant.platform.config import Settings
    from assistant.engines.openai_engine import OpenAIEngine

    with pytest.raises(ConfigError, match="HANDOFF_LLM_API_KEY") as raised:
        OpenAIEngine(Settings(llm_base_url="", llm_api_key=""))
    assert raised.value.public == ("server misconfigured: set HANDOFF_LLM_API_KEY or HANDOFF_LLM_BASE_URL, or "
                                   "HANDOFF_ENGINE=extractive")


def test_fake_server_lists_its_models(openai_server):
    import urllib.request

    openai_server.known_models = {"llama3.2", "qwen2.5"}
    with urllib.request.urlopen(f"{openai_server.base_url}/models", timeout=5) as response:
        listed = json.load(response)

    assert [model["id"] for model in listed["data"]] == ["llama3.2", "qwen2.5"]



def test_fallback_is_not_remembered_when_json_mode_fails_too(openai_server, make_openai_engine, note_request):
    openai_server.enqueue(*[FakeReply.error(400, "context length exceeded")] * 2)
    engine = make_openai_engine()

    with pytest.raises(ProviderError, match="HTTP 400: context length exceeded"):
        engine.generate(note_request, SectionDraft)

    assert not engine.json_mode
