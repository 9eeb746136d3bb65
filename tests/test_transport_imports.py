"""The HTTP API and the web pages are two transports over the same services: neither imports the other. What both
need lives in ``assistant.http``; ``assistant.server`` puts them on one app."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imports(package: Path) -> set[tuple[str, str]]:
    """(file, imported module) for every import in the package's files, at any depth (late imports too)."""
    found = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                found |= {(str(path.relative_to(ROOT)), alias.name) for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add((str(path.relative_to(ROOT)), node.module))
    return found


def _of(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_api_does_not_import_the_web_pages():
    assert [(f, m) for f, m in _imports(ROOT / "assistant" / "api") if _of(m, "web")] == []


def test_the_web_pages_do_not_import_the_api():
    assert [(f, m) for f, m in _imports(ROOT / "web") if _of(m, "assistant.api")] == []
