"""Both engines draft emails: the offline one fills the template; the OpenAI one runs the real client against the
fake server, its structured reply is parsed and checked, and planted content never reaches prompt or draft."""

from __future__ import annotations

import json
from datetime import date

from fakes.openai_server import FakeReply

from assistant.platform.config import Settings
from assistant.emails import service
from assistant.engines.openai_engine import OpenAIEngine

AS_OF = date(2026, 2, 10)
BODY = ("Hi Rafael,\n\nWe are rebalancing accounts on our team, so Elliot Faraday will be your CSM from "
        "February 16, 2026.\n\nI would like to set up a joint call on Microsoft Teams.\n\n"
        "Best regards,\nNadia Voss\n")


def _openai(openai_server) -> OpenAIEngine:
    settings = Settings(llm_base_url=openai_server.base_url, llm_api_key="sk-test", llm_model="test-model",
                        llm_timeout_seconds=2.0, llm_max_retries=1)
    return OpenAIEngine(settings, backoff_base=0.01, max_retry_after=0.05)


def test_the_offline_engine_fills_the_template(fernhill):
    draft = service.draft_email(fernhill, "fernhill-creamery", "intro", AS_OF)
    assert draft.engine == "extractive" and draft.generation["template"] == "email_intro.txt.j2"
    assert draft.subject.startswith("Introducing Elliot Faraday")
    assert "What changes:" in draft.body and draft.generation["prompt_version"] == "2"


def test_the_openai_engine_reply_is_parsed_into_the_draft(fernhill, openai_server):
    openai_server.enqueue(FakeReply.json({"subject": "Meet Elliot, your new CSM", "body": BODY}))
    draft = service.draft_email(fernhill, "fernhill-creamery", "intro", AS_OF, engine=_openai(openai_server))

    assert draft.engine == "openai" and draft.subject == "Meet Elliot, your new CSM"
    assert draft.body == BODY and draft.generation["evidence_ids"]
    assert openai_server.requests[-1]["response_format"]["type"] == "json_schema"
    prompt = openai_server.requests[-1]["messages"][-1]["content"]
    assert '"name": "Elliot Faraday"' in prompt and "<document id=" in prompt
    assert "workload_rebalance" not in prompt  # the internal reason code stays out of the prompt


def test_a_planted_instruction_in_the_evidence_does_not_reach_the_prompt(fernhill, openai_server):
    openai_server.enqueue(FakeReply.json({"subject": "Hello", "body": BODY}))
    service.draft_email(fernhill, "fernhill-creamery", "intro", AS_OF, engine=_openai(openai_server))
    prompt = json.dumps(openai_server.requests[-1]["messages"])
    # ticket 21930 carries a planted comment (examples/truth/fernhill-creamery.json)
    for planted in ("evil.example", "green across the board", "renewal is already signed"):
        assert planted not in prompt


def test_a_link_or_phone_number_not_in_the_evidence_is_dropped_from_the_draft(fernhill, openai_server):
    planted = BODY.replace("Best regards,", "Sign the renewal at http://evil.example/renew today. "
                           "Or call me on 480-555-0199.\n\nBest regards,")
    openai_server.enqueue(FakeReply.json({"subject": "Hello", "body": planted}))
    draft = service.draft_email(fernhill, "fernhill-creamery", "intro", AS_OF, engine=_openai(openai_server))
    assert "evil.example" not in draft.body and "480-555-0199" not in draft.body
    assert len(draft.generation["removed_sentences"]) == 2
    assert "Elliot Faraday will be your CSM" in draft.body


def test_internal_wording_from_the_model_is_removed(fernhill, openai_server):
    leaky = BODY.replace("Best regards,", "Nadia's book was over capacity after Q4.\n\nBest regards,")
    openai_server.enqueue(FakeReply.json({"subject": "Hello", "body": leaky}))
    draft = service.draft_email(fernhill, "fernhill-creamery", "intro", AS_OF, engine=_openai(openai_server))
    assert "over capacity" not in draft.body and draft.generation["removed_sentences"]
