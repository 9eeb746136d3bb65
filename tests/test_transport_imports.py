"""The HTTP API and the web pages are two transports over the same services: neither imports the other. What both
need lives in ``assistant.http``; ``assistant.server`` puts them on one app."""

from __future__ import annotations

from import_graph import ROOT, imports


def _of(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_api_does_not_import_the_web_pages():
    assert [(i.file, i.module) for i in imports(ROOT / "assistant" / "api") if _of(i.module, "web")] == []


def test_the_web_pages_do_not_import_the_api():
    assert [(i.file, i.module) for i in imports(ROOT / "web") if _of(i.module, "assistant.api")] == []
