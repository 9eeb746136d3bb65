"""Account-level services: what is indexed per account (and its handoff), and forgetting an account or some of its
sources."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import delete, func, select

from assistant.platform.context import Context
from assistant.access.rules import WRITERS, require_role, visible_account_ids
from assistant.access.audit import record
from assistant.platform.errors import NotFound
from assistant.handoffs.models import Handoff
from assistant.handoffs.reads import current_handoffs
from assistant.store import registry
from assistant.store.tables import AccountRow, ChunkRow, SourceFileRow, SourceRow


class AccountSummary(BaseModel):
    account_id: str
    name: str
    documents: dict[str, int]  # by source type
    chunks: int
    last_ingested_at: datetime | None
    handoff: Handoff | None = None  # the open handoff (else the latest accepted one), with the reader's part in it


class SourceSummary(BaseModel):
    source_id: str
    path: str
    source_type: str
    title: str
    date: datetime | None
    chunks: int
    status: str
    ingested_at: datetime


class ForgetResult(BaseModel):
    account_id: str
    sources: int
    chunks: int
    account_deleted: bool


def list_accounts(context: Context) -> list[AccountSummary]:
    with context.db.session() as session:
        documents: dict[str, dict[str, int]] = {}
        for account_id, source_type, count in session.execute(
            select(SourceRow.account_id, SourceRow.source_type, func.count()).group_by(
                SourceRow.account_id, SourceRow.source_type
            )
        ):
            documents.setdefault(account_id, {})[source_type] = count
        chunks = dict(session.execute(select(ChunkRow.account_id, func.count()).group_by(ChunkRow.account_id)).all())
        last = dict(
            session.execute(
                select(SourceRow.account_id, func.max(SourceRow.ingested_at)).group_by(SourceRow.account_id)
            ).all()
        )
        visible = visible_account_ids(session, context.principal)
        rows = [account for account in session.scalars(select(AccountRow).order_by(AccountRow.id))
                if visible is None or account.id in visible]
        handoffs = current_handoffs(session, [account.id for account in rows], context.principal)
        return [
            AccountSummary(
                account_id=account.id,
                name=account.name,
                documents=dict(sorted(documents.get(account.id, {}).items())),
                chunks=chunks.get(account.id, 0),
                last_ingested_at=last.get(account.id),
                handoff=handoffs.get(account.id),
            )
            for account in rows
        ]


def list_sources(context: Context, account_id: str) -> list[SourceSummary]:
    with context.db.session() as session:
        context.account_access(account_id, session)
        rows = session.scalars(select(SourceRow).where(SourceRow.account_id == account_id).order_by(SourceRow.path))
        return [
            SourceSummary(source_id=r.id, path=r.path, source_type=r.source_type, title=r.title, date=r.doc_date,
                          chunks=r.chunk_count, status=r.status, ingested_at=r.ingested_at)
            for r in rows
        ]


def forget(context: Context, account_id: str, path: str | None = None) -> ForgetResult:
    """Delete an account (no ``path``), or the sources under ``path``: a file, a folder, or one item such as
    ``tickets/tickets.json#4812``."""
    require_role(context.principal, *WRITERS)
    with context.db.session() as session:
        context.account_access(account_id, session)
        if path is None:
            source_ids = list(session.scalars(select(SourceRow.id).where(SourceRow.account_id == account_id)))
            chunk_ids = registry.delete_sources(session, source_ids)
            session.execute(delete(SourceFileRow).where(SourceFileRow.account_id == account_id))
            session.execute(delete(AccountRow).where(AccountRow.id == account_id))
        else:
            source_ids, chunk_ids = _forget_path(session, account_id, path.strip("/"))
        # Vectors go before the SQL commit: a crash in between leaves rows that forgetting again removes, never
        # vectors that nothing names.
        if path is None:
            context.vectors.delete_account(account_id)
        else:
            context.vectors.delete(account_id, chunk_ids)
    record(context, "account.delete" if path is None else "sources.delete", account_id,
           "path" if path else "account", (path or account_id)[:80], {"sources": len(source_ids)})
    return ForgetResult(
        account_id=account_id, sources=len(source_ids), chunks=len(chunk_ids), account_deleted=path is None
    )


def _forget_path(session, account_id: str, path: str) -> tuple[list[str], list[str]]:
    files = [
        p
        for p in registry.known_file_paths(session, account_id)
        if p == path or p.startswith(path.rstrip("/") + "/")
    ]
    items = list(
        session.scalars(select(SourceRow.id).where(SourceRow.account_id == account_id, SourceRow.path == path))
    )
    if not files and not items:
        raise NotFound(f"nothing ingested at {path!r} in account {account_id!r}")
    orphans = registry.forget_files(session, account_id, files)
    for row in session.scalars(select(SourceFileRow).where(SourceFileRow.account_id == account_id)):
        if set(items) & set(row.source_ids):  # one item out of a file that stays: keep the file row, drop the item
            row.source_ids = [sid for sid in row.source_ids if sid not in items]
            row.file_hash = ""  # the next ingest reads that file again (and so brings the item back)
    source_ids = sorted(set(orphans) | set(items))
    return source_ids, registry.delete_sources(session, source_ids)
