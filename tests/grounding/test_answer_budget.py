"""A language model's answer reads as much of the retrieved evidence as the answer budget holds, counted as the
prompt counts it; the offline engine keeps its own number of chunks."""

from __future__ import annotations

from datetime import date

from pydantic import SecretStr

from assistant.chat.service import ask
from assistant.engines.extractive import ExtractiveEngine
from assistant.engines.openai_engine import OpenAIEngine
from assistant.evals.recording_llm import RecordingLLM
from assistant.account.ingest import ingest_path
from assistant.grounding.prompts import evidence_item_tokens

QUESTION = "What did we promise about the dashboard refresh and the rollout?"
AS_OF = date(2025, 10, 20)


class Spy:
    """The engine, with every request it was given kept."""

    def __init__(self, inner) -> None:
        self.inner, self.name, self.model, self.requests = inner, inner.name, inner.model, []
        self.capabilities = inner.capabilities

    def generate(self, request, output_type=None):
        self.requests.append(request)
        return self.inner.generate(request, output_type)


def _pad(account, notes: int) -> None:
    for n in range(notes):
        day = f"2025-0{1 + n % 9}-1{n % 10}"
        (account / "meetings" / f"{day}-sync-{n}.md").write_text(
            f"---\ntitle: Sync {n}\ndate: {day}\n---\nWe promised the dashboard refresh fix by week {n} and the "
            f"rollout to team {n} after it; owner {n} follows up.\n")


def test_a_language_model_gets_more_chunks_within_the_answer_budget(context, tiny_account):
    _pad(tiny_account, 12)
    ingest_path(context, tiny_account)
    settings = context.settings
    settings.answer_chunks, settings.llm_answer_chunks, settings.answer_token_budget = 2, 10, 400
    with RecordingLLM() as server:
        spy = Spy(OpenAIEngine(settings.model_copy(update={"llm_base_url": server.base_url,
                                                            "llm_api_key": SecretStr("recording")})))
        ask(context, "tiny-co", QUESTION, engine=spy, as_of=AS_OF)

    items = spy.requests[-1].evidence.items
    assert len(items) > 2
    assert sum(evidence_item_tokens(i) for i in items) <= 400


def test_the_offline_engine_keeps_its_number_of_chunks(context, tiny_account, embedder):
    _pad(tiny_account, 12)
    ingest_path(context, tiny_account)
    context.settings.answer_chunks, context.settings.llm_answer_chunks = 2, 10
    spy = Spy(ExtractiveEngine(embedder))

    ask(context, "tiny-co", QUESTION, engine=spy, as_of=AS_OF)

    assert len(spy.requests[-1].evidence.items) <= 2
