"""Conversation threads in SQL: created on the first question, resumed by id, listed per account."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select, update

from assistant.access import audit
from assistant.access.rules import AccountAccess
from assistant.chat.models import Answer, Thread, Turn
from assistant.platform.context import Context
from assistant.platform.errors import NotFound
from assistant.store.tables import ThreadRow, TurnRow


class OpenedThread(NamedTuple):
    account: AccountAccess
    thread_id: str
    is_new: bool  # not stored yet: ``record_turn`` stores it with its first turn


def open_thread_of(context: Context, account_id: str, thread_id: str | None) -> OpenedThread:
    """The account (if the caller may see it, else NotFound) and the thread to continue; a new thread's id when
    ``thread_id`` is None. A new thread is stored with its first answer, so a question that fails leaves none."""
    account = context.account_access(account_id)
    if thread_id is None:
        return OpenedThread(account, uuid.uuid4().hex[:16], is_new=True)
    with context.db.session() as session:
        row = session.get(ThreadRow, thread_id)
    if row is None or row.account_id != account_id:  # another account's thread does not exist for this one
        raise NotFound(f"no thread {thread_id!r} for account {account_id!r}")
    return OpenedThread(account, thread_id, is_new=False)


def earlier_questions(context: Context, thread: OpenedThread, limit: int = 4) -> list[str]:
    """The standalone forms of the thread's last questions, oldest first."""
    if thread.is_new:
        return []
    query = (
        select(TurnRow.standalone_question)
        .where(TurnRow.thread_id == thread.thread_id)
        .order_by(TurnRow.position.desc())
        .limit(limit)
    )
    with context.db.session() as session:
        return list(reversed(session.scalars(query).all()))


def record_turn(context: Context, thread: OpenedThread, answer: Answer, now: datetime) -> None:
    """The answer as the thread's next turn, in one transaction with the thread itself when it is new and with the
    audit event of the question (every transport's questions are audited alike)."""
    with context.db.session() as session:
        if thread.is_new:
            session.add(ThreadRow(id=thread.thread_id, account_id=thread.account.account_id,
                                  title=answer.question[:200], created_at=now, updated_at=now))
            session.flush()
            position = 0
        else:
            position = session.scalar(
                select(func.count()).select_from(TurnRow).where(TurnRow.thread_id == thread.thread_id)) or 0
            session.execute(update(ThreadRow).where(ThreadRow.id == thread.thread_id).values(updated_at=now))
        session.add(
            TurnRow(thread_id=thread.thread_id, position=position, question=answer.question,
                    standalone_question=answer.standalone_question, answer=answer.model_dump(mode="json"),
                    created_at=now)
        )
        audit.record(context, "chat.ask", account_id=thread.account.account_id, object_type="thread",
                     object_id=thread.thread_id, detail={"answerable": answer.answerable}, session=session)


def get_thread(context: Context, account_id: str, thread_id: str) -> Thread:
    with context.db.session() as session:
        context.account_access(account_id, session)
        row = session.get(ThreadRow, thread_id)
        if row is None or row.account_id != account_id:
            raise NotFound(f"no thread {thread_id!r} for account {account_id!r}")
        turns = session.scalars(select(TurnRow).where(TurnRow.thread_id == thread_id).order_by(TurnRow.position))
        return Thread(
            thread_id=row.id, account_id=row.account_id, title=row.title, created_at=row.created_at,
            updated_at=row.updated_at,
            turns=[Turn(position=t.position, question=t.question, answer=Answer.model_validate(t.answer),
                        created_at=t.created_at) for t in turns],
        )


def list_threads(context: Context, account_id: str) -> list[Thread]:
    query = select(ThreadRow).where(ThreadRow.account_id == account_id).order_by(ThreadRow.updated_at.desc())
    with context.db.session() as session:
        context.account_access(account_id, session)
        return [
            Thread(thread_id=r.id, account_id=r.account_id, title=r.title, created_at=r.created_at,
                   updated_at=r.updated_at)
            for r in session.scalars(query)
        ]
