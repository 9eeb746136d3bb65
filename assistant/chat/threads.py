"""Conversation threads in SQL: created on the first question, resumed by id, listed per account."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select, update

from assistant.chat.models import Answer, Thread, Turn
from assistant.access import check_account
from assistant.context import Context
from assistant.errors import NotFound
from assistant.store.tables import AccountRow, ThreadRow, TurnRow


def open_thread(context: Context, account_id: str, thread_id: str | None, first_question: str, now: datetime) -> str:
    """The id of the thread to continue; a new one when ``thread_id`` is None."""
    return open_thread_of(context, account_id, thread_id, first_question, now)[1]


def open_thread_of(context: Context, account_id: str, thread_id: str | None, first_question: str,
                   now: datetime) -> tuple[AccountRow, str]:
    """The account (if the caller may see it, else NotFound) and the id of the thread to continue."""
    with context.db.session() as session:
        account = check_account(session, context.principal, account_id)
        if thread_id is None:
            thread_id = uuid.uuid4().hex[:16]
            session.add(ThreadRow(id=thread_id, account_id=account_id, title=first_question[:200], created_at=now,
                                  updated_at=now))
            return account, thread_id
        row = session.get(ThreadRow, thread_id)
        if row is None or row.account_id != account_id:  # another account's thread does not exist for this one
            raise NotFound(f"no thread {thread_id!r} for account {account_id!r}")
        return account, thread_id


def earlier_questions(context: Context, thread_id: str, limit: int = 4) -> list[str]:
    """The standalone forms of the thread's last questions, oldest first."""
    query = (
        select(TurnRow.standalone_question)
        .where(TurnRow.thread_id == thread_id)
        .order_by(TurnRow.position.desc())
        .limit(limit)
    )
    with context.db.session() as session:
        return list(reversed(session.scalars(query).all()))


def record_turn(context: Context, answer: Answer, now: datetime) -> None:
    with context.db.session() as session:
        position = session.scalar(select(func.count()).select_from(TurnRow).where(TurnRow.thread_id == answer.thread_id))
        session.add(
            TurnRow(thread_id=answer.thread_id, position=position or 0, question=answer.question,
                    standalone_question=answer.standalone_question, answer=answer.model_dump(mode="json"),
                    created_at=now)
        )
        session.execute(update(ThreadRow).where(ThreadRow.id == answer.thread_id).values(updated_at=now))


def get_thread(context: Context, account_id: str, thread_id: str) -> Thread:
    with context.db.session() as session:
        check_account(session, context.principal, account_id)
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
        check_account(session, context.principal, account_id)
        return [
            Thread(thread_id=r.id, account_id=r.account_id, title=r.title, created_at=r.created_at,
                   updated_at=r.updated_at)
            for r in session.scalars(query)
        ]
