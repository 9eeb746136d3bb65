"""``handoff doctor``: whether the SQL registry, the keyword index and the vector index agree, and the repair of what
a crash between two stores' writes left behind (``assistant.store.consistency`` does the reading and deleting)."""

from __future__ import annotations

from assistant.platform.context import Context
from assistant.indexing.sentence_vectors import fill_missing
from assistant.store.consistency import StoreCheck, check_accounts, remove_orphans


def check_store(context: Context, account_ids: list[str] | None = None) -> StoreCheck:
    """Compare the registry with both indexes for each account (all of them by default)."""
    with context.db.session() as session:
        return check_accounts(session, context.vectors, context.embedding_model_id, account_ids)


def repair_store(context: Context, account_ids: list[str] | None = None) -> StoreCheck:
    """Delete vectors and keyword entries that no chunk row owns, and store the answer-sentence vectors chunks stored
    before they existed lack; returns the check after the repair."""
    for account in check_store(context, account_ids).accounts:
        with context.db.session() as session:
            remove_orphans(session, context.vectors, account.account_id)
        if any(problem.kind == "missing-sentence-vectors" for problem in account.problems):
            fill_missing(context, account.account_id)
    return check_store(context, account_ids)
