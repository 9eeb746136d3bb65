"""The outgoing CSM corrects and confirms the note: edits a statement's text, removes one, adds one (citing
passages, or from what they know, which becomes a debrief source), confirms a ``confirm`` statement, and decides on
a decision whose sources changed (keep their edit, or take the new draft). Each decision is stored, applied to the
note's draft as a new version, and audited with its diff; a new draft keeps every decision (``overlay``). Only the
account's outgoing CSM or an admin decides."""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import replace
from datetime import datetime, timezone

from sqlalchemy import select

from assistant.access.rules import require_outgoing_csm
from assistant.access.audit import record
from assistant.grounding.citations import best_quote
from assistant.platform.context import Context
from assistant.platform.errors import InvalidRequest, NotFound
from assistant.models import Citation, Statement, TransitionNote
from assistant.notes.decisions import (Action, Decision, DecisionRecord, anchor_of, decision_history, decision_of,
                                       latest_decisions, passage_digests, record_decision)
from assistant.notes.knowledge import forget_knowledge, knowledge_citation
from assistant.notes.overlay import apply_decisions, statement_in
from assistant.notes.source_dates import with_source_dates
from assistant.notes.statement_ids import normal_text
from assistant.notes.storage import get_note, note_draft, store_note
from assistant.store.tables import ChunkRow
from ingest.storable import storable_text

MAX_STATEMENT_CHARS = 1000
MAX_AUTHOR_CHARS = 200
MAX_CITATIONS = 10


def edit_statement(context: Context, account_id: str, statement_id: str, text: str,
                   author: str | None = None) -> TransitionNote:
    text = _required(text, "the statement's new text")

    def edited(decision: Decision, shown: Statement) -> Decision:
        if decision.added and _is_knowledge(shown, statement_id):  # the debrief source says what the note says
            cited = knowledge_citation(context, account_id, statement_id, text, decision.author, decision.section_key)
            return replace(decision, statement=shown.model_copy(update={"text": text, "citations": [cited]}),
                           text=None)
        return replace(decision, text=None if text == decision.statement.text else text)

    return _decide(context, account_id, statement_id, author, "edit", edited)


def remove_statement(context: Context, account_id: str, statement_id: str,
                     author: str | None = None) -> TransitionNote:
    def removed(decision: Decision, shown: Statement) -> Decision:
        if decision.added and _is_knowledge(shown, statement_id):
            forget_knowledge(context, account_id, statement_id)
        return replace(decision, removed=True)

    return _decide(context, account_id, statement_id, author, "remove", removed)


def confirm_statement(context: Context, account_id: str, statement_id: str,
                      author: str | None = None) -> TransitionNote:
    """The person vouches for the statement: a ``confirm`` statement waits for this; any other may have it too."""
    return _decide(context, account_id, statement_id, author, "confirm",
                   lambda decision, shown: replace(decision, confirmed=True))


def keep_edit(context: Context, account_id: str, statement_id: str, author: str | None = None) -> TransitionNote:
    """Its sources changed since the decision: keep the decision, on the passages the statement cites now. A
    statement none of whose passages is left is the person's word now: cited to a debrief source of its text."""
    def kept(decision: Decision, shown: Statement) -> Decision:
        with context.db.session() as session:
            left = passage_digests(session, account_id, {c.chunk_id for c in shown.citations})
        citations = [c for c in shown.citations if c.chunk_id in left]
        if citations or decision.removed:
            return replace(decision, statement=decision.statement.model_copy(update={"citations": citations}))
        text = decision.text or decision.statement.text
        cited = knowledge_citation(context, account_id, statement_id, text, decision.author, decision.section_key)
        return replace(decision, statement=decision.statement.model_copy(update={
            "text": text, "citations": [cited], "provenance": "confirm", "note": f"from {decision.author}'s own knowledge"}),
            text=None, confirmed=True, added=True)

    return _decide(context, account_id, statement_id, author, "keep", kept)


def take_draft(context: Context, account_id: str, statement_id: str, author: str | None = None) -> TransitionNote:
    """Take back the decisions on a statement: the engine's draft stands (an added statement is removed)."""
    def neutral(decision: Decision, shown: Statement) -> Decision:
        if decision.added:
            if _is_knowledge(shown, statement_id):
                forget_knowledge(context, account_id, statement_id)
            return replace(decision, removed=True)
        return replace(decision, text=None, confirmed=False, removed=False)

    return _decide(context, account_id, statement_id, author, "revert", neutral)


DECISIONS = {"remove": remove_statement, "confirm": confirm_statement, "keep": keep_edit, "revert": take_draft}


def add_statement(context: Context, account_id: str, section_key: str, text: str, chunk_ids: list[str] | None = None,
                  author: str | None = None) -> TransitionNote:
    """A statement of the person's own in ``section_key``: citing the passages ``chunk_ids``, or, without any,
    from what they know, stored as a debrief source and cited to it."""
    text = _required(text, "the statement's text")
    author = _decider(context, account_id, author)
    note = get_note(context, account_id)
    keys = [s.key for s in note.sections if s.key != "gaps"]
    if section_key not in keys:
        raise NotFound(f"the note has no section {section_key!r}; its sections are {', '.join(keys)}")
    now = datetime.now(timezone.utc)
    statement_id = "a" + hashlib.sha256(f"{section_key}\n{normal_text(text)}\n{now.isoformat()}".encode()).hexdigest()[:10]
    if chunk_ids:
        statement = Statement(id=statement_id, text=text, citations=_citations(context, account_id, chunk_ids, text))
    else:
        cited = knowledge_citation(context, account_id, statement_id, text, author, section_key)
        statement = Statement(id=statement_id, text=text, provenance="confirm", citations=[cited],
                              note=f"from {author}'s own knowledge")
    decision = Decision(statement_id=statement_id, section_key=section_key, statement=statement, anchor={},
                        author=author, at=now, revision=0, action="add", confirmed=not chunk_ids, added=True)
    return _record_and_apply(context, account_id, note, decision, statement, "")


def _decide(context: Context, account_id: str, statement_id: str, author: str | None, action: Action,
            change) -> TransitionNote:
    author = _decider(context, account_id, author)
    note = get_note(context, account_id)
    found = statement_in(note, statement_id)
    if found is None or found[0].key == "gaps":
        raise NotFound(f"note version {note.version} of {account_id} has no statement {statement_id!r}; "
                       f"`handoff statements {account_id}` lists each statement's id")
    section, shown = found
    if action == "keep" and not (shown.edit and shown.edit.sources_changed):
        raise InvalidRequest(f"nothing to keep: the sources of statement {statement_id!r} have not changed since "
                             "the decision on it")
    with context.db.session() as session:
        previous = decision_of(session, account_id, statement_id)
    sources_changed = bool(shown.edit and shown.edit.sources_changed)
    carried = previous is not None and (action in ("keep", "revert") or not sources_changed)
    drafted = shown.model_copy(update={"edit": None, "change": None, "newest_source_date": None})
    if carried and not previous.added:  # the engine's text, as the decisions were made on, cited as shown now
        drafted = previous.statement.model_copy(update={"citations": shown.citations})
    base = previous if carried else Decision(statement_id=statement_id, section_key=section.key, statement=drafted,
                                             anchor={}, author=author, at=datetime.now(timezone.utc), revision=0)
    if not base.added:
        base = replace(base, statement=drafted)
    decision = change(replace(base, action=action, author=author, at=datetime.now(timezone.utc)), shown)
    return _record_and_apply(context, account_id, note, decision, decision.statement, shown.text)


def _record_and_apply(context: Context, account_id: str, note: TransitionNote, decision: Decision,
                      statement: Statement, before: str) -> TransitionNote:
    now = datetime.now(timezone.utc)
    with context.db.session() as session:
        digests = passage_digests(session, account_id, {c.chunk_id for c in statement.citations})
        decision = record_decision(session, account_id, replace(decision, anchor=anchor_of(statement, digests)),
                                   note.version)
    corrected = correct(context, account_id, note, decision.author, now)
    after = "" if decision.removed else (decision.text or decision.statement.text)
    record(context, f"note.{decision.action}", account_id, "statement", decision.statement_id, {
        "revision": decision.revision, "author": decision.author, "section": decision.section_key,
        "note_version": corrected.version, "diff": _diff(before, after),
    })
    return corrected


def decisions_of(context: Context, account_id: str, statement_id: str | None = None) -> list[DecisionRecord]:
    """Every decision on the account's statements (or one statement's), oldest first."""
    with context.db.session() as session:
        context.account_access(account_id, session)
        return decision_history(session, account_id, statement_id)


def correct(context: Context, account_id: str, note: TransitionNote, author: str, now: datetime) -> TransitionNote:
    """A new version: the draft ``note`` comes from, with every decision applied."""
    draft_version, draft = note_draft(context, account_id, note)
    corrected = with_decisions(context, account_id, draft).model_copy(update={
        "edited_by": author, "draft_version": draft_version, "comparison": None, "version": 0})
    return store_note(context, with_source_dates(context, corrected), now)


def with_decisions(context: Context, account_id: str, draft: TransitionNote) -> TransitionNote:
    """``draft`` with every decision on the account's statements applied (a new draft keeps them)."""
    with context.db.session() as session:
        decisions = latest_decisions(session, account_id)
        digests = passage_digests(session, account_id, cited_passages(draft, decisions))
    return apply_decisions(draft, decisions, digests)


def cited_passages(note: TransitionNote, decisions: list[Decision]) -> set[str]:
    """Every passage the draft's statements cite or a decision was made on."""
    cited = {c.chunk_id for section in note.sections for s in section.statements for c in s.citations}
    for decision in decisions:
        cited |= set(decision.anchor) | {c.chunk_id for c in decision.statement.citations}
    return cited


def _citations(context: Context, account_id: str, chunk_ids: list[str], text: str) -> list[Citation]:
    wanted = list(dict.fromkeys(c.strip() for c in chunk_ids if c.strip()))
    if len(wanted) > MAX_CITATIONS:
        raise InvalidRequest(f"a statement cites at most {MAX_CITATIONS} passages")
    with context.db.session() as session:
        rows = {r.id: r for r in session.scalars(select(ChunkRow).where(
            ChunkRow.account_id == account_id, ChunkRow.id.in_(wanted)))}
    missing = [c for c in wanted if c not in rows]
    if missing:
        raise InvalidRequest(f"no passage {missing[0]!r} in {account_id}: cite the ids the account's citations and "
                             "search results show")
    return [Citation(chunk_id=r.id, source=r.source_path, quote=best_quote(r.text, text), locator=r.locator)
            for r in (rows[c] for c in wanted)]


def _decider(context: Context, account_id: str, author: str | None) -> str:
    with context.db.session() as session:
        account = context.account_access(account_id, session)
        require_outgoing_csm(context.principal, account, "corrects and confirms its note")
    author = storable_text(author or "").strip() or context.principal.name
    if len(author) > MAX_AUTHOR_CHARS:
        raise InvalidRequest(f"who decides is a name of up to {MAX_AUTHOR_CHARS} characters")
    return author


def _required(text: str, what: str) -> str:
    text = " ".join(storable_text(text or "").split())
    if not text:
        raise InvalidRequest(f"{what} is needed: it may not be empty")
    if len(text) > MAX_STATEMENT_CHARS:
        raise InvalidRequest(f"{what} is {len(text):,} characters; keep a statement under {MAX_STATEMENT_CHARS:,}")
    return text


def _is_knowledge(statement: Statement, statement_id: str) -> bool:
    return any(c.source == f"debrief/note-{statement_id}" for c in statement.citations)


def _diff(before: str, after: str) -> str:
    return "\n".join(difflib.unified_diff([before] if before else [], [after] if after else [], "before", "after",
                                          lineterm="", n=0))
