"""The outgoing CSM corrects and confirms the note: each decision on a statement is a new, audited version; drafting
the note again keeps every decision unless the passages it was made on changed, and then shows it for a decision."""

from __future__ import annotations

import json
from datetime import date

import pytest

from assistant.access.rules import Principal
from assistant.account.catalog import forget
from assistant.access.audit import read_events
from assistant.engines.factory import make_ai_engine
from assistant.platform.errors import Forbidden, InvalidRequest, NotFound
from assistant.handoffs.readiness import readiness
from assistant.account.ingest import ingest_path
from assistant.notes.corrections import (add_statement, confirm_statement, edit_statement, keep_edit,
                                         remove_statement, take_draft)
from assistant.notes.added_sources import added_since_latest_note
from assistant.notes.decisions import decision_history
from assistant.notes.overlay import statement_in
from assistant.notes.render import render_markdown
from assistant.notes.service import generate_note
from assistant.notes.storage import get_note
from assistant.grounding.retrieval import search

ACCOUNT = "tiny-co"
AS_OF = date(2025, 12, 1)
OUTGOING = Principal(user_id=41, name="Ines Fallon", role="csm", email="ines.fallon@vendor.example")
INCOMING = Principal(user_id=42, name="Tomas Greer", role="csm", email="tomas.greer@vendor.example")


@pytest.fixture
def drafted(context, tiny_account):
    """tiny-co ingested, with Ines Fallon as its CSM, and its first note drafted."""
    crm = json.loads((tiny_account / "crm.json").read_text())
    crm["owner_csm"] = {"name": "Ines Fallon", "email": "ines.fallon@vendor.example"}
    crm["incoming_csm"] = {"name": "Tomas Greer", "email": "tomas.greer@vendor.example"}
    (tiny_account / "crm.json").write_text(json.dumps(crm))
    ingest_path(context, tiny_account)
    return generate_note(context, ACCOUNT, AS_OF)


def _statements(note):
    return [(section.key, s) for section in note.sections if section.key != "gaps" for s in section.statements]


def _text(path) -> str:
    return path.read_text() if path.is_file() else ""


def _first_cited(note):
    return next(s for _, s in _statements(note) if s.citations)


def test_every_statement_has_an_id_that_a_new_draft_of_the_same_material_keeps(context, drafted):
    again = generate_note(context, ACCOUNT, AS_OF)

    ids = [s.id for _, s in _statements(drafted)]
    assert ids and all(ids) and len(set(ids)) == len(ids)
    assert [s.id for _, s in _statements(again)] == ids


def test_an_edit_is_a_new_version_with_the_persons_text_and_its_diff_in_the_audit_log(context, drafted):
    target = _first_cited(drafted)

    edited = edit_statement(context, ACCOUNT, target.id, "Corrected: the pilot covers two plants.", "Ines Fallon")

    _, shown = statement_in(edited, target.id)
    assert edited.version == drafted.version + 1 and edited.edited_by == "Ines Fallon"
    assert shown.text == "Corrected: the pilot covers two plants." and shown.citations == target.citations
    assert shown.edit.edited and shown.edit.by == "Ines Fallon" and shown.edit.revision == 1
    [event] = [e for e in read_events(context, ACCOUNT) if e.action == "note.edit"]
    assert event.object_id == target.id and event.detail["author"] == "Ines Fallon"
    assert f"-{target.text}" in event.detail["diff"] and "+Corrected: the pilot" in event.detail["diff"]


def test_a_new_draft_keeps_edits_removals_and_additions_while_their_sources_are_unchanged(context, drafted):
    statements = [s for _, s in _statements(drafted) if s.citations]
    edited, removed = statements[0], statements[1]
    edit_statement(context, ACCOUNT, edited.id, "The person's own wording.", "Ines Fallon")
    remove_statement(context, ACCOUNT, removed.id, "Ines Fallon")
    added = add_statement(context, ACCOUNT, "risks", "Their CFO distrusts annual prepayment.", None, "Ines Fallon")

    again = generate_note(context, ACCOUNT, AS_OF)

    assert statement_in(again, edited.id)[1].text == "The person's own wording."
    assert statement_in(again, removed.id) is None
    [mine] = [s for _, s in _statements(added) if s.edit and s.edit.added]
    section, kept = statement_in(again, mine.id)
    assert section.key == "risks" and kept.text == "Their CFO distrusts annual prepayment."
    assert not any(s.edit and s.edit.sources_changed for _, s in _statements(again))


def test_personal_knowledge_becomes_a_debrief_source_that_is_cited_and_searchable(context, drafted):
    note = add_statement(context, ACCOUNT, "risks", "Their CFO distrusts annual prepayment.", None, "Ines Fallon")

    [mine] = [s for _, s in _statements(note) if s.edit and s.edit.added]
    [citation] = mine.citations
    assert citation.source == f"debrief/note-{mine.id}" and "annual prepayment" in citation.quote
    assert mine.provenance == "confirm" and mine.edit.confirmed and not mine.awaiting_confirmation
    hits = search(context, ACCOUNT, "CFO annual prepayment", k=3)
    assert hits[0].source_path == f"debrief/note-{mine.id}"


def test_a_statement_added_with_citations_cites_those_passages_and_refuses_others(context, drafted):
    passage = _first_cited(drafted).citations[0].chunk_id

    note = add_statement(context, ACCOUNT, "history", "The pilot started in November.", [passage], "Ines Fallon")

    [mine] = [s for _, s in _statements(note) if s.edit and s.edit.added]
    assert [c.chunk_id for c in mine.citations] == [passage] and mine.provenance == "data"
    with pytest.raises(InvalidRequest, match="no passage"):
        add_statement(context, ACCOUNT, "history", "Invented.", ["other-account:0"], "Ines Fallon")


class _AsksToConfirm:
    """The offline engine, except that it marks what it drafts in one section ``confirm``, as a language model
    marks what it inferred rather than read."""

    def __init__(self, engine, section_key: str) -> None:
        self._engine, self._section_key = engine, section_key

    def __getattr__(self, name):
        return getattr(self._engine, name)

    def generate(self, request, schema=None):
        result = self._engine.generate(request, schema)
        if request.section.key == self._section_key:
            statements = [s.model_copy(update={"provenance": "confirm"}) for s in result.output.statements]
            result = result.model_copy(update={"output": result.output.model_copy(update={"statements": statements})})
        return result


def test_confirming_a_confirm_statement_takes_it_off_readiness_and_a_new_draft_keeps_it(context, drafted):
    section_key = next(key for key, s in _statements(drafted) if s.citations)
    engine = _AsksToConfirm(make_ai_engine(context), section_key)
    note = generate_note(context, ACCOUNT, AS_OF, engine=engine)
    to_confirm = [s for key, s in _statements(note) if s.awaiting_confirmation]
    assert to_confirm and readiness(context, ACCOUNT, AS_OF).statements_to_confirm == len(to_confirm)

    confirmed = confirm_statement(context, ACCOUNT, to_confirm[0].id, "Ines Fallon")

    assert statement_in(confirmed, to_confirm[0].id)[1].edit.confirmed
    assert readiness(context, ACCOUNT, AS_OF).statements_to_confirm == len(to_confirm) - 1
    again = generate_note(context, ACCOUNT, AS_OF, engine=engine)
    assert not statement_in(again, to_confirm[0].id)[1].awaiting_confirmation


def test_a_decision_whose_passages_changed_is_shown_for_a_decision_then_kept_or_dropped(context, drafted,
                                                                                      tiny_account):
    target, cited, source = next((s, c, tiny_account / c.source) for _, s in _statements(drafted)
                                 for c in s.citations[:1] if c.quote in _text(tiny_account / c.source))
    edit_statement(context, ACCOUNT, target.id, "The person's own wording.", "Ines Fallon")
    source.write_text(source.read_text().replace(cited.quote, cited.quote + " That changed later."))
    ingest_path(context, tiny_account)

    again = generate_note(context, ACCOUNT, AS_OF)

    flagged = [s for _, s in _statements(again) if s.edit and s.edit.sources_changed]
    assert [s.edit.your_text for s in flagged] == ["The person's own wording."]
    kept = keep_edit(context, ACCOUNT, flagged[0].id, "Ines Fallon")
    _, shown = statement_in(kept, flagged[0].id)
    assert shown.text == "The person's own wording." and not shown.edit.sources_changed
    dropped = take_draft(context, ACCOUNT, flagged[0].id, "Ines Fallon")
    assert statement_in(dropped, flagged[0].id)[1].edit is None


def test_history_lists_every_decision_in_order(context, drafted):
    target = _first_cited(drafted)
    edit_statement(context, ACCOUNT, target.id, "First wording.", "Ines Fallon")
    edit_statement(context, ACCOUNT, target.id, "Second wording.", "Ines Fallon")

    with context.db.session() as session:
        history = decision_history(session, ACCOUNT, target.id)

    assert [(h.revision, h.action, h.text) for h in history] == [(1, "edit", "First wording."),
                                                                 (2, "edit", "Second wording.")]


def test_only_the_outgoing_csm_decides_and_bad_requests_change_nothing(context, drafted):
    target = _first_cited(drafted)
    with pytest.raises(Forbidden):
        edit_statement(context.as_principal(INCOMING), ACCOUNT, target.id, "Not theirs to say.")
    with pytest.raises(NotFound, match="no statement"):
        edit_statement(context, ACCOUNT, "s0000000000", "Text.")
    with pytest.raises(InvalidRequest, match="empty"):
        edit_statement(context, ACCOUNT, target.id, "   ")
    with pytest.raises(NotFound, match="no section"):
        add_statement(context, ACCOUNT, "no_such_section", "Text.")
    with pytest.raises(InvalidRequest, match="nothing to keep"):
        keep_edit(context, ACCOUNT, target.id)

    assert get_note(context, ACCOUNT).version == drafted.version
    assert edit_statement(context.as_principal(OUTGOING), ACCOUNT, target.id, "Theirs to say.").edited_by == \
        "Ines Fallon"


def test_the_rendered_note_says_who_corrected_and_confirmed_what(context, drafted):
    target = _first_cited(drafted)
    edit_statement(context, ACCOUNT, target.id, "Checked wording.", "Ines Fallon")
    note = confirm_statement(context, ACCOUNT, target.id, "Ines Fallon")

    markdown = render_markdown(note, "Tiny Co")

    assert "corrected by Ines Fallon" in markdown
    assert f"Checked wording. _(edited and confirmed by Ines Fallon, {date.today().isoformat()})_" in markdown


def test_a_correction_lists_the_same_material_added_since_the_draft(context, drafted, tiny_account):
    (tiny_account / "meetings" / "2025-11-28-follow-up.md").write_text("# Follow-up\n\nThe export bug is fixed.\n")
    ingest_path(context, tiny_account)
    before = added_since_latest_note(context, ACCOUNT)

    edit_statement(context, ACCOUNT, _first_cited(drafted).id, "Checked wording.", "Ines Fallon")

    after = added_since_latest_note(context, ACCOUNT)
    assert [s.path for s in after.sources] == [s.path for s in before.sources] != []
    assert after.note_version == before.note_version + 1


def test_keeping_an_edit_whose_passages_are_gone_makes_it_the_persons_word_cited_to_a_debrief_source(
        context, drafted):
    target = next(s for _, s in _statements(drafted) if s.citations and s.citations[0].source.startswith("meetings/"))
    edit_statement(context, ACCOUNT, target.id, "What I know of it.", "Ines Fallon")
    for citation in target.citations:
        forget(context, ACCOUNT, citation.source)
    flagged = statement_in(generate_note(context, ACCOUNT, AS_OF), target.id)[1]
    assert flagged.edit.sources_changed

    kept = statement_in(keep_edit(context, ACCOUNT, target.id, "Ines Fallon"), target.id)[1]

    assert kept.text == "What I know of it." and not kept.edit.sources_changed and kept.edit.confirmed
    assert [c.source for c in kept.citations] == [f"debrief/note-{target.id}"]
