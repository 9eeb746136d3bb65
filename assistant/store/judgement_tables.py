"""Engine judgements kept with the account revision they were made on, so every process reads the one answer."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Boolean, ForeignKey, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from assistant.store.tables import Base, UtcDateTime


class CriteriaJudgementRow(Base):
    """Whether an account's success criteria are stated, as a language model judged the account at one revision
    (its sources' count, last ingest and chunks) with one version of the prompt. Rows go with their account."""

    __tablename__ = "criteria_judgements"

    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    revision: Mapped[str] = mapped_column(String(200), primary_key=True)
    prompt_version: Mapped[str] = mapped_column(String(40), primary_key=True)
    stated: Mapped[bool] = mapped_column(Boolean)
    engine: Mapped[str] = mapped_column(String(200))
    judged_at: Mapped[datetime] = mapped_column(UtcDateTime())


def stored_judgement(session: Session, account_id: str, revision: str, prompt_version: str) -> bool | None:
    return session.scalar(select(CriteriaJudgementRow.stated).where(
        CriteriaJudgementRow.account_id == account_id, CriteriaJudgementRow.revision == revision,
        CriteriaJudgementRow.prompt_version == prompt_version))


def store_judgement(session: Session, account_id: str, revision: str, prompt_version: str, stated: bool,
                    engine: str) -> bool:
    """Keep the judgement unless another process kept one for the same revision first; returns the one kept."""
    row = CriteriaJudgementRow(account_id=account_id, revision=revision, prompt_version=prompt_version,
                               stated=stated, engine=engine, judged_at=datetime.now(timezone.utc))
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        kept = stored_judgement(session, account_id, revision, prompt_version)
        return stated if kept is None else kept
    return stated
