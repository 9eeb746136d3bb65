"""A language model's note costs a bounded number of prompt tokens, whatever the size of the account's history; its
sections share the budget and see as much of the history as it holds. Driven through the recording LLM server."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from itertools import takewhile

import pytest
from pydantic import SecretStr

from assistant.engines.base import Evidence, Message, RenderedPrompt
from assistant.engines.requests import NoteInProgress, NoteSectionRequest
from assistant.engines.openai_engine import OpenAIEngine
from assistant.platform.errors import ConfigError
from assistant.evals.recording_llm import RecordingLLM
from assistant.account.ingest import ingest_path
from assistant.notes.section_evidence import budgeted_request
from assistant.notes.service import section_brief
from assistant.notes.template import SectionSpec
from assistant.pack.assemble import build_pack
from tests_support import stored_documents
from ingest.document import SourceType

AS_OF = date(2025, 10, 20)
TOPICS = ["renewal", "invoice", "dashboard rollout", "SSO setup", "training", "export bug", "pricing", "sponsor"]


def _pad(account, meetings: int, seed: int = 3) -> None:
    """Dated meeting notes of varied filler, so the account's history is many times the fixture's."""
    rng = random.Random(seed)
    for n in range(meetings):
        day = date(2025, 1, 6) + timedelta(days=4 * n)
        bullets = [f"- The {rng.choice(TOPICS)} was discussed with {rng.randint(2, 40)} people; follow-up item "
                   f"{n}-{i} is due {day + timedelta(days=rng.randint(3, 60))} and owned by team "
                   f"{rng.randint(1, 9)}." for i in range(6)]
        (account / "meetings" / f"{day}-weekly-sync-{n}.md").write_text(
            f"---\ntitle: Weekly sync {n}\ndate: {day}\nattendees: [\"Sam Example <sam@tinyco.example>\"]\n"
            f"channel: video\n---\n" + "\n".join(bullets) + "\n")


@pytest.fixture
def recorder():
    with RecordingLLM() as server:
        yield server


def _llm(context, server: RecordingLLM, json_mode: bool = False) -> OpenAIEngine:
    return OpenAIEngine(context.settings.model_copy(update={
        "llm_base_url": server.base_url, "llm_api_key": SecretStr("recording"), "llm_model": "m"}),
        json_mode=json_mode)


def _budgeted(context, budget: int, criteria: int = 600):
    context.settings.note_token_budget, context.settings.criteria_token_budget = budget, criteria
    return context


def test_a_note_uses_but_never_exceeds_its_token_budget_as_the_history_grows(context, tiny_account, recorder):
    _budgeted(context, 9_000)
    for meetings in (12, 36):
        _pad(tiny_account, meetings)
        ingest_path(context, tiny_account)
        before = len(recorder.requests)

        build_pack(context, "tiny-co", AS_OF, engine=_llm(context, recorder))

        tokens = [r.prompt_tokens for r in recorder.requests[before:]]
        assert len(tokens) == 12  # eleven sections and the success-criteria judgement
        assert 0.9 * 9_000 < sum(tokens) <= 9_000


def test_json_mode_schemas_count_against_the_budget(context, tiny_account, recorder):
    _pad(tiny_account, 12)
    ingest_path(context, tiny_account)
    _budgeted(context, 9_000)

    build_pack(context, "tiny-co", AS_OF, engine=_llm(context, recorder, json_mode=True))

    assert all(r.response_format == "json_object" for r in recorder.requests)
    assert sum(r.prompt_tokens for r in recorder.requests) <= 9_000


def test_a_budget_below_the_bare_prompts_is_a_configuration_error(context, tiny_account, recorder):
    ingest_path(context, tiny_account)
    _budgeted(context, 2_000, criteria=500)

    with pytest.raises(ConfigError, match="HANDOFF_NOTE_TOKEN_BUDGET"):
        build_pack(context, "tiny-co", AS_OF, engine=_llm(context, recorder))


def _request(spec: SectionSpec):
    def build(evidence: Evidence) -> NoteSectionRequest:
        text = "\n".join(f"{i.ref} {i.header}\n{i.text}" for i in evidence.items)
        return NoteSectionRequest(section=section_brief(spec), account_name="Tiny Co", evidence=evidence,
                                  prompt=RenderedPrompt(name="note_section", version="2", messages=[
                                      Message(role="user", content=f"{spec.title}\n{text}")]))

    return build


def test_a_section_gets_material_earlier_sections_were_not_shown_before_repeats(context, tiny_account):
    _pad(tiny_account, meetings=12)
    ingest_path(context, tiny_account)
    spec = SectionSpec(key="history", title="History", instructions="-", queries=["renewal invoice training"],
                       crm_parts=[])
    shown: set[str] = set()

    first = budgeted_request(context, "tiny-co", spec, {}, shown, 600, _request(spec), AS_OF)
    second = budgeted_request(context, "tiny-co", spec, {}, shown, 600, _request(spec), AS_OF)

    first_ids = {i.chunk_id for i in first.evidence.items}
    assert first_ids and not first_ids & {i.chunk_id for i in second.evidence.items}


def test_a_section_pins_only_the_crm_parts_it_names(context, tiny_account):
    ingest_path(context, tiny_account)
    spec = SectionSpec(key="transition", title="Transition", instructions="-", queries=["kickoff agenda"],
                       crm_parts=["Transition"])

    def pinned(parts: list[str] | None) -> list[str]:
        section = spec.model_copy(update={"crm_parts": parts})
        request = budgeted_request(context, "tiny-co", section, {}, set(), 2_000, _request(section), AS_OF)
        items = request.evidence.items
        return [i.header.rsplit(" | ", 1)[-1] for i in takewhile(lambda i: i.source_type is SourceType.CRM, items)]

    assert pinned(["Transition"]) == ["Transition"]
    assert pinned(None) == ["Account snapshot", "People", "Transition", "Notes"]


def _ticket(number: int, updated: str) -> dict:
    return {"id": number, "subject": f"Export stalls {number}", "description": "Exports stall at 90%.",
            "status": "open", "priority": "normal", "type": "incident", "created_at": "2025-03-03T10:00:00Z",
            "updated_at": updated, "comments": []}


def test_pinned_open_tickets_go_most_recently_active_first(context, tiny_account):
    path = tiny_account / "tickets" / "tickets.json"
    tickets = json.loads(path.read_text())
    tickets["tickets"] += [_ticket(601, "2025-04-01T10:00:00Z"), _ticket(602, "2025-10-15T10:00:00Z")]
    path.write_text(json.dumps(tickets))
    ingest_path(context, tiny_account)
    spec = SectionSpec(key="support", title="Support", instructions="-", queries=["refresh"], crm_parts=[],
                       include_open_tickets=True)
    documents = stored_documents(context, "tiny-co")

    request = budgeted_request(context, "tiny-co", spec, documents, set(), 2_000, _request(spec), AS_OF)
    items = request.evidence.items

    assert [i.source_path.rsplit("#", 1)[-1] for i in items[:3]] == ["602", "501", "601"]


def test_of_two_passages_alike_the_recent_one_comes_first(context, tiny_account):
    for day in ("2024-02-01", "2025-10-01"):
        (tiny_account / "meetings" / f"{day}-sync.md").write_text(
            f"---\ntitle: Sync\ndate: {day}\n---\nThe warehouse rollout is blocked on badge readers.\n")
    ingest_path(context, tiny_account)
    spec = SectionSpec(key="risks", title="Risks", instructions="-", queries=["warehouse rollout badge readers"],
                       crm_parts=[])

    items = budgeted_request(context, "tiny-co", spec, {}, set(), 2_000, _request(spec), AS_OF).evidence.items

    assert [i.source_path for i in items[:2]] == ["meetings/2025-10-01-sync.md", "meetings/2024-02-01-sync.md"]



def test_a_section_request_that_adds_model_facts_still_ends_within_its_allowance(context, tiny_account):
    """The stakeholders request adds the account model's facts to whatever evidence it is built from; fitting the
    section to its allowance rebuilds it from fewer items, and the facts must come in once each time, not pile up."""
    from assistant.account.model import Cited
    from assistant.account.questions import ModelFact
    from assistant.grounding.evidence import attach_facts
    from assistant.notes.service import _section_request
    from assistant.grounding.prompts import prompt_tokens
    from tests_support import stored_chunks

    ingest_path(context, tiny_account)
    chunk = [c for c in stored_chunks(context, "tiny-co") if c.source_type != "crm"][-1]
    fact = ModelFact(text="Sam Example is the executive sponsor.",
                     evidence=[Cited(source=chunk.source_path, quote=chunk.text[:40])])
    spec = SectionSpec(key="stakeholders", title="Stakeholders", instructions="who is who", queries=["sponsor"])

    calls = []

    def request_for(evidence: Evidence) -> NoteSectionRequest:
        calls.append(len(evidence.items))
        assert len(calls) < 100, "the section never fitted: each rebuild grew the evidence"
        if evidence.items:  # as the note service does: the bare prompt is priced without facts
            evidence = attach_facts(context, "tiny-co", evidence, [fact])
        return _section_request(spec, "Tiny Co", AS_OF, NoteInProgress(), evidence)

    bare = prompt_tokens(request_for(Evidence()).prompt)
    allowance = bare + 250  # room for a few items, less than the section would take
    request = budgeted_request(context, "tiny-co", spec, stored_documents(context, "tiny-co"), set(), allowance,
                               request_for, AS_OF)

    assert prompt_tokens(request.prompt) <= allowance
    assert len(request.evidence.facts) == 1 and len(calls) > 2  # it had to shrink, and kept its fact
    assert sum(m.content.count(fact.text) for m in request.prompt.messages) == 1
