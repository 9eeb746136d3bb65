"""People's decisions on note statements, as stored: one row per decision, numbered per statement; a statement's
newest row is its state. Passages are compared by a digest of their text, so a decision knows when what it was
made on has changed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.models import Statement
from assistant.store.note_edit_tables import StatementEditRow
from assistant.store.tables import ChunkRow

Action = Literal["edit", "remove", "confirm", "add", "keep", "revert"]


@dataclass(frozen=True)
class Decision:
    """The state a statement is in after a person's newest decision on it."""

    statement_id: str
    section_key: str
    statement: Statement  # as decided on: an added one's own text and citations, else the statement shown then
    anchor: dict[str, str]  # {chunk id: digest} of the passages it cited when decided
    author: str
    at: datetime
    revision: int
    action: Action = "edit"
    text: str | None = None  # the person's text; None: the engine's stands
    confirmed: bool = False
    removed: bool = False
    added: bool = False

    @property
    def neutral(self) -> bool:
        """Nothing left to apply: the engine's draft stands (a decision taken back)."""
        return self.text is None and not (self.confirmed or self.removed or self.added)

    def sources_changed(self, digests: dict[str, str]) -> bool:
        """Whether a passage it was made on changed or is gone (``digests``: the passages as they are now)."""
        return any(digests.get(chunk_id) != digest for chunk_id, digest in self.anchor.items())


class DecisionRecord(BaseModel):
    """One decision as the history lists it."""

    statement_id: str
    revision: int
    section_key: str
    action: Action
    text: str | None
    confirmed: bool
    removed: bool
    author: str
    at: datetime
    note_version: int


def latest_decisions(session: Session, account_id: str) -> list[Decision]:
    """Each statement's newest decision, in the order the statements were first decided on."""
    newest = (select(StatementEditRow.statement_id, func.max(StatementEditRow.revision).label("revision"))
              .where(StatementEditRow.account_id == account_id).group_by(StatementEditRow.statement_id).subquery())
    rows = session.scalars(select(StatementEditRow).join(newest, (StatementEditRow.statement_id == newest.c.statement_id)
                                                         & (StatementEditRow.revision == newest.c.revision))
                           .where(StatementEditRow.account_id == account_id))
    firsts = dict(session.execute(select(StatementEditRow.statement_id, func.min(StatementEditRow.id))
                                  .where(StatementEditRow.account_id == account_id)
                                  .group_by(StatementEditRow.statement_id)).all())
    return [_decision(row) for row in sorted(rows, key=lambda r: firsts[r.statement_id])]


def decision_of(session: Session, account_id: str, statement_id: str) -> Decision | None:
    row = session.scalars(select(StatementEditRow).where(
        StatementEditRow.account_id == account_id, StatementEditRow.statement_id == statement_id,
    ).order_by(StatementEditRow.revision.desc()).limit(1)).first()
    return _decision(row) if row else None


def record_decision(session: Session, account_id: str, decision: Decision, note_version: int) -> Decision:
    """Store ``decision`` as the statement's next revision (its ``revision`` is set here)."""
    latest = session.scalar(select(func.max(StatementEditRow.revision)).where(
        StatementEditRow.account_id == account_id, StatementEditRow.statement_id == decision.statement_id))
    revision = (latest or 0) + 1
    session.add(StatementEditRow(
        account_id=account_id, statement_id=decision.statement_id, revision=revision,
        section_key=decision.section_key, action=decision.action, text=decision.text, confirmed=decision.confirmed,
        removed=decision.removed, added=decision.added, statement=decision.statement.model_dump(mode="json"),
        anchor=decision.anchor, drafted_text=None if decision.added else decision.statement.text,
        author=decision.author, at=decision.at, note_version=note_version,
    ))
    session.flush()
    return replace(decision, revision=revision)


def decision_history(session: Session, account_id: str, statement_id: str | None = None) -> list[DecisionRecord]:
    query = select(StatementEditRow).where(StatementEditRow.account_id == account_id)
    if statement_id:
        query = query.where(StatementEditRow.statement_id == statement_id)
    return [DecisionRecord(statement_id=r.statement_id, revision=r.revision, section_key=r.section_key,
                           action=r.action, text=r.text, confirmed=r.confirmed, removed=r.removed, author=r.author,
                           at=r.at, note_version=r.note_version)
            for r in session.scalars(query.order_by(StatementEditRow.id))]


def passage_digests(session: Session, account_id: str, chunk_ids: set[str]) -> dict[str, str]:
    """A digest of each passage's text as it is now; a passage that is gone is absent."""
    if not chunk_ids:
        return {}
    rows = session.execute(select(ChunkRow.id, ChunkRow.text).where(
        ChunkRow.account_id == account_id, ChunkRow.id.in_(sorted(chunk_ids))))
    return {chunk_id: _digest(text) for chunk_id, text in rows}


def anchor_of(statement: Statement, digests: dict[str, str]) -> dict[str, str]:
    return {c.chunk_id: digests.get(c.chunk_id, "") for c in statement.citations}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _decision(row: StatementEditRow) -> Decision:
    return Decision(statement_id=row.statement_id, section_key=row.section_key,
                    statement=Statement.model_validate(row.statement), anchor=dict(row.anchor), author=row.author,
                    at=row.at, revision=row.revision, action=row.action, text=row.text, confirmed=row.confirmed,
                    removed=row.removed, added=row.added)
