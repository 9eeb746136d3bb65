"""Schema migrations (Alembic), applied when a store is opened and by ``handoff db upgrade``."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, inspect

from assistant.errors import ConfigError


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("assistant") / "migrations"))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    if current_revision(engine) is None and inspect(engine).has_table("accounts"):
        raise ConfigError(
            f"the store at {engine.url.render_as_string(hide_password=True)} was made by a development version of "
            "handoff before schema migrations existed; move it aside and ingest again"
        )
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
