"""The outgoing CSM answers or dismisses a gap or debrief question.

An answer becomes a source of type ``debrief`` (path ``debrief/<item id>``, its author and date, the question it
answers), indexed like any other, so the note, the gap report and answers cite it, and what it states counts as
evidence everywhere (a renewal date given in an answer is a stated renewal date). Answering again replaces the
answer; dismissing an answered item removes its source. Only the account's outgoing CSM (or an admin) answers; every
answer and dismissal is in the audit log."""

from __future__ import annotations

from datetime import date, datetime, timezone

from assistant.access.rules import require_outgoing_csm
from assistant.access.audit import record
from assistant.platform.context import Context
from assistant.platform.errors import InvalidRequest, NotFound
from assistant.platform.ids import source_id
from assistant.account.ingest import index_documents
from assistant.models import DebriefQuestion, Gap, ItemAnswer
from assistant.store import registry
from assistant.store.debrief_tables import DebriefItemRow
from assistant.debrief_items.status import answer_of
from ingest.document import DebriefMetadata, Document, Person, SourceType, Unit
from ingest.storable import storable_text

MAX_ANSWER_CHARS = 4000
MAX_AUTHOR_CHARS = 200


def answer_item(context: Context, account_id: str, item_id: str, text: str, author: str | None = None,
                as_of: date | None = None) -> ItemAnswer:
    text = _required(text, "an answer")
    item, author = _item_to_close(context, account_id, item_id, author, as_of)
    now = datetime.now(timezone.utc)
    question = item.question
    document = _answer_document(account_id, item, text, author, now)
    index_documents(context, account_id, [document])
    row = _store(context, account_id, item, "answered", text, author, now, source_id(account_id, document.identity))
    record(context, "debrief.answer", account_id, "debrief_item", item_id,
           {"kind": _kind(item), "author": author, "question": question[:200], "source": document.source_path})
    return answer_of(row)


def dismiss_item(context: Context, account_id: str, item_id: str, reason: str, author: str | None = None,
                 as_of: date | None = None) -> ItemAnswer:
    reason = _required(reason, "a reason for dismissing it")
    item, author = _item_to_close(context, account_id, item_id, author, as_of)
    _remove_answer_source(context, account_id, item_id)
    row = _store(context, account_id, item, "dismissed", reason, author, datetime.now(timezone.utc), None)
    record(context, "debrief.dismiss", account_id, "debrief_item", item_id,
           {"kind": _kind(item), "author": author, "reason": reason[:200]})
    return answer_of(row)


def _required(text: str, what: str) -> str:
    text = storable_text(text or "").strip()
    if not text:
        raise InvalidRequest(f"{what} is needed: it may not be empty")
    if len(text) > MAX_ANSWER_CHARS:
        raise InvalidRequest(f"{what} is {len(text):,} characters; keep it under {MAX_ANSWER_CHARS:,}")
    return text


def _item_to_close(context: Context, account_id: str, item_id: str, author: str | None,
                   as_of: date | None) -> tuple[Gap | DebriefQuestion, str]:
    with context.db.session() as session:
        account = context.account_access(account_id, session)
        require_outgoing_csm(context.principal, account, "answers its gaps and debrief questions")
    when = as_of or date.today()
    from assistant.pack.assemble import gaps_and_debrief  # the pack builds on gaps, which build on this package's status

    gaps, questions = gaps_and_debrief(context, account_id, when)
    items: list[Gap | DebriefQuestion] = [*gaps, *questions]
    item = next((i for i in items if i.id == item_id), None)
    if item is None:
        raise NotFound(f"no gap or debrief question {item_id!r} for {account_id}; `handoff gaps {account_id} "
                       "--json` and `handoff debrief` list their ids")
    author = storable_text(author or "").strip() or context.principal.name
    if len(author) > MAX_AUTHOR_CHARS:
        raise InvalidRequest(f"who answers is a name of up to {MAX_AUTHOR_CHARS} characters")
    return item, author


def _answer_document(account_id: str, item: Gap | DebriefQuestion, text: str, author: str,
                     at: datetime) -> Document:
    title = f"{author}'s debrief answer, {at.date().isoformat()}: {item.question}"
    return Document(
        account_id=account_id, source_type=SourceType.DEBRIEF, source_path=f"debrief/{item.id}",
        identity=f"debrief:{item.id}", title=title[:300], created_at=at, updated_at=at,
        authors=[Person(name=author)], body=text,
        units=[Unit(text=text, heading=item.question[:200], speaker=author, at=at)],
        metadata=DebriefMetadata(item_id=item.id, item_kind=_kind(item), question=item.question, author=author),
    )


def _kind(item: Gap | DebriefQuestion) -> str:
    return item.kind.value if isinstance(item, Gap) else item.topic


def _store(context: Context, account_id: str, item: Gap | DebriefQuestion, status: str, text: str, author: str,
           at: datetime, answer_source: str | None) -> DebriefItemRow:
    snapshot = item.model_dump(mode="json", exclude={"status", "answer"})
    with context.db.session() as session:
        row = session.get(DebriefItemRow, (account_id, item.id))
        if row is None:
            row = DebriefItemRow(account_id=account_id, item_id=item.id)
            session.add(row)
        if row.item is None or item.status == "open":  # a closed item listed from its row keeps its snapshot
            row.item = snapshot
        row.status, row.text, row.author, row.at, row.source_id = status, text, author, at, answer_source
        session.flush()
        session.expunge(row)
    return row


def _remove_answer_source(context: Context, account_id: str, item_id: str) -> None:
    with context.db.session() as session:
        chunk_ids = registry.delete_sources(session, [source_id(account_id, f"debrief:{item_id}")])
        context.vectors.delete(account_id, chunk_ids)  # before the commit, as everywhere sources are deleted
