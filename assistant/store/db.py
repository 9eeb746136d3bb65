"""The SQL engine and sessions: SQLite in the data dir by default, PostgreSQL (or any SQLAlchemy URL) by setting."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker



def make_sql_engine(url: str, pool_size: int = 20) -> Engine:
    """Connections kept open: the API serves up to 40 requests at once (its thread pool), so a pool of SQLAlchemy's
    default 5 made busy workers open and close connections all the time; ``pool_size`` more may be opened at a peak."""
    pool = {"pool_size": pool_size, "max_overflow": pool_size}
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **pool)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # psycopg prepares a statement run five times, and PostgreSQL then may plan it once for any parameters. Accounts
    # differ in size by orders of magnitude, so a plan must see the account and the query: one generic plan made a
    # keyword search scan a 100k-chunk account (120 ms instead of 2 ms).
    return create_engine(url, pool_pre_ping=True, connect_args={"options": "-c plan_cache_mode=force_custom_plan"},
                         **pool)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the ingest writer
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_schema(engine: Engine) -> None:
    """Bring the schema to the latest migration (a new store is created from scratch the same way)."""
    from assistant.store.migrate import upgrade

    upgrade(engine)


class Database:
    """An engine plus a session factory; ``session()`` commits on success and rolls back on error."""

    def __init__(self, url: str, pool_size: int = 20) -> None:
        self.engine = make_sql_engine(url, pool_size)
        create_schema(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()
