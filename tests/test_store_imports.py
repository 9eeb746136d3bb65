"""The store is below the services: its functions take a SQLAlchemy session (and plain values, or an
``AccountAccess`` for an account's material), never the service ``Context``, and it imports no service module."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STORE = ROOT / "assistant" / "store"
# what the store may build on: itself, the parsed-document models, and small modules that import no service
BELOW_THE_SERVICES = ("assistant.store", "ingest", "assistant.access", "assistant.config", "assistant.errors",
                      "assistant.lru", "assistant.text")


def _imports() -> set[tuple[str, str]]:
    """(file, imported module) for every import in the store's files, late imports too."""
    found = set()
    for path in STORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                found |= {(path.name, alias.name) for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add((path.name, node.module))
    return found


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_no_store_module_imports_the_service_context():
    assert [(f, m) for f, m in _imports() if _within(m, "assistant.context")] == []


def test_the_store_imports_no_service_module():
    ours = [(f, m) for f, m in _imports() if _within(m, "assistant") or _within(m, "ingest")]
    assert [(f, m) for f, m in ours if not any(_within(m, allowed) for allowed in BELOW_THE_SERVICES)] == []


def test_what_the_store_builds_on_imports_no_service_either():
    for module in ("access", "config", "errors", "lru"):
        tree = ast.parse((ROOT / "assistant" / f"{module}.py").read_text())
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        ours = {m for m in imported if _within(m, "assistant")}
        assert {m for m in ours if not any(_within(m, allowed) for allowed in BELOW_THE_SERVICES)} == set(), module
