"""Alembic environment: migrations run on the connection handoff hands over (see assistant/store/migrate.py)."""

from alembic import context

from assistant.store import (  # noqa: F401  (registers their tables on the metadata)
    audit_tables, debrief_tables, email_tables, handoff_tables, job_tables, judgement_tables, note_edit_tables,
    signin_tables, user_tables,
)
from assistant.store.tables import Base

target_metadata = Base.metadata


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:  # `alembic` run by hand with a URL
        from sqlalchemy import create_engine

        engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
        with engine.connect() as connection:
            _run(connection)
        return
    _run(connection)


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
