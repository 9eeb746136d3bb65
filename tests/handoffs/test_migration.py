"""Migration 0009 adds the handoffs table; a store from before it gets its handoffs at the next ingest, and the
database itself refuses a second open handoff for one account."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from assistant.handoffs.reads import get_handoff
from assistant.store.handoff_tables import HandoffRow
from handoffs.helpers import ACCOUNT, INES, TOMAS, TRANSITION, ingest, set_crm


def _back_to_before_handoffs(context) -> None:
    from alembic import command
    from alembic.script import ScriptDirectory

    from assistant.store.migrate import alembic_config

    with context.db.engine.begin() as connection:
        config = alembic_config(context.db.engine)
        config.attributes["connection"] = connection
        command.downgrade(config, ScriptDirectory.from_config(config).get_revision("0009").down_revision)


def test_a_store_from_before_handoffs_gets_the_table_and_its_handoffs_at_the_next_ingest(context, tiny_account):
    from assistant.store.migrate import upgrade

    set_crm(tiny_account, owner=INES, incoming=TOMAS, transition=TRANSITION)
    ingest(context, tiny_account)
    _back_to_before_handoffs(context)
    assert not inspect(context.db.engine).has_table("handoffs")

    upgrade(context.db.engine)  # as opening the store with this release does
    ingest(context, tiny_account)  # nothing changed in the files

    assert get_handoff(context, ACCOUNT).incoming.name == "Tomas Greer"


def test_the_database_refuses_a_second_open_handoff_for_one_account(context, tiny_account):
    set_crm(tiny_account, owner=INES, incoming=TOMAS, transition=TRANSITION)
    ingest(context, tiny_account)
    now = datetime.now(timezone.utc)

    with pytest.raises(IntegrityError):
        with context.db.session() as session:
            session.add(HandoffRow(account_id=ACCOUNT, status="open", trigger="owner_changed", opened_at=now,
                                   opened_by="ingest", updated_at=now))
