"""The SQL models and the migrations describe one schema: a store migrated to the latest revision has every table
and column the models declare, and nothing else, so moving a model between modules needs no new revision."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import assistant.store
from assistant.store.db import Database
from assistant.store.tables import Base

ENV = Path(__file__).resolve().parents[2] / "assistant" / "migrations" / "env.py"
KEYWORD_INDEX = "chunks_fts"  # SQLite's full-text tables, made by the migrations in raw SQL, not by a model


def _table_modules() -> set[str]:
    return {name for _, name, _ in pkgutil.iter_modules(assistant.store.__path__) if name.endswith("tables")}


def test_the_migration_environment_registers_every_table_module():
    imported = set()
    for node in ast.walk(ast.parse(ENV.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module == "assistant.store":
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("assistant.store."):
            imported.add(node.module.removeprefix("assistant.store."))
    assert _table_modules() - imported == set()


def test_a_migrated_store_matches_the_models(tmp_path):
    for name in _table_modules():
        importlib.import_module(f"assistant.store.{name}")
    database = Database(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        with database.engine.connect() as connection:
            migration = MigrationContext.configure(connection, opts={"include_object": _modelled})
            differences = compare_metadata(migration, Base.metadata)
    finally:
        database.close()
    assert differences == []


def _modelled(_object, name, type_, _reflected, _compare_to) -> bool:
    return not (type_ == "table" and name.startswith(KEYWORD_INDEX))
