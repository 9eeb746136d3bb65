"""What the outgoing CSM adds to the note from their own knowledge: a debrief source (path
``debrief/note-<statement id>``, its author and date, the section it was added to), indexed like any other, which
the statement cites."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select

from assistant.grounding.citations import best_quote
from assistant.platform.context import Context
from assistant.platform.ids import source_id
from assistant.account.ingest import index_documents
from assistant.models import Citation
from assistant.store import registry
from assistant.store.tables import ChunkRow
from ingest.document import DebriefMetadata, Document, Person, SourceType, Unit


def knowledge_citation(context: Context, account_id: str, statement_id: str, text: str, author: str,
                       section_key: str) -> Citation:
    """Store ``text`` as the statement's debrief source (replacing an earlier text) and cite it."""
    now = datetime.now(timezone.utc)
    question = f"Added to the note's {section_key.replace('_', ' ')} section"
    document = Document(
        account_id=account_id, source_type=SourceType.DEBRIEF, source_path=f"debrief/note-{statement_id}",
        identity=_identity(statement_id), title=f"{author}'s note statement, {now.date().isoformat()}",
        created_at=now, updated_at=now, authors=[Person(name=author)], body=text,
        units=[Unit(text=text, heading=question, speaker=author, at=now)],
        metadata=DebriefMetadata(item_id=f"note-{statement_id}", item_kind="note_statement", question=question,
                                 author=author),
    )
    index_documents(context, account_id, [document])
    with context.db.session() as session:
        chunk = session.scalars(select(ChunkRow).where(
            ChunkRow.source_id == source_id(account_id, document.identity)).order_by(ChunkRow.position)).first()
    if chunk is None:
        raise RuntimeError(f"the debrief source of statement {statement_id} was not stored")
    return Citation(chunk_id=chunk.id, source=chunk.source_path, quote=best_quote(chunk.text, text),
                    locator=chunk.locator)


def forget_knowledge(context: Context, account_id: str, statement_id: str) -> None:
    with context.db.session() as session:
        chunk_ids = registry.delete_sources(session, [source_id(account_id, _identity(statement_id))])
        context.vectors.delete(account_id, chunk_ids)  # before the commit, as everywhere sources are deleted


def _identity(statement_id: str) -> str:
    return f"debrief:note-{statement_id}"
