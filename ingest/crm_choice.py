"""Which CRM record is the account's: among every CRM record an account holds, and in an export of many accounts."""

from __future__ import annotations

import math
from pathlib import PurePosixPath
from typing import NamedTuple

from ingest.document import CrmRecord, Document, SourceType
from ingest.folder import slugify



class RecordChoice(NamedTuple):
    chosen: Document | None
    others: list[Document]  # CRM records of the account that were not chosen, to be reported


def choose_account_record(account_id: str, documents: list[Document]) -> RecordChoice:
    """The CRM record that speaks for the account, chosen deliberately among every CRM document it holds: a
    ``crm.*`` file at the account's root first, then a record naming the account, then the newest (by the record's
    own modified or created date), then by path. The others are returned so they can be reported."""
    records = sorted((d for d in documents if d.source_type is SourceType.CRM),
                     key=lambda d: _record_rank(account_id, d))
    return RecordChoice(records[0] if records else None, records[1:])


def _record_rank(account_id: str, document: Document) -> tuple:
    path = PurePosixPath(document.source_path.split("#", 1)[0])
    at_root = len(path.parts) == 1 and path.stem.lower() == "crm"
    record = document.metadata.record  # type: ignore[union-attr]
    stamp = document.updated_at or document.created_at
    newest_first = -stamp.timestamp() if stamp is not None else math.inf
    return not at_root, not names_account(record, account_id), newest_first, document.source_path


def names_account(record: CrmRecord, account: str) -> bool:
    """The record's name or one of its ids is ``account`` (a folder name, or a name or id as the user writes it),
    compared as a folder name makes them ("Acme Co." -> "acme-co")."""
    wanted = slugify(account)
    ids = [value for key, value in (record.model_extra or {}).items() if key.endswith("_id")]  # salesforce_id ...
    return any(value and slugify(str(value)) == wanted for value in (record.account_id, record.name, *ids))
