"""Schema migrations (Alembic), applied when a store is opened and by ``handoff db upgrade``.

Several processes may open a new store at the same moment (API workers, ingest workers): they take turns under a
lock (a PostgreSQL advisory lock, or a lock file beside a SQLite database), so the first migrates and the others
find the schema current."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, inspect, text

from assistant.platform.errors import ConfigError

_ADVISORY_LOCK_KEY = 0x68616E646F6666  # "handoff": one key for the schema of a PostgreSQL database


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("assistant") / "migrations"))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    with _sqlite_file_lock(engine), engine.begin() as connection:
        if engine.dialect.name == "postgresql":  # held until this transaction ends
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})
        if _revision(connection) is None and inspect(connection).has_table("accounts"):
            raise ConfigError(
                f"the store at {engine.url.render_as_string(hide_password=True)} was made by a development "
                "version of handoff before schema migrations existed; move it aside and ingest again",
                fix="move the store made before schema migrations aside and ingest again",
            )
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return _revision(connection)


def _revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock (one process per SQLite store there)
        yield
        return
    with open(Path(database).with_name(Path(database).name + ".migrate-lock"), "a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)  # released when the file closes
        yield
