"""The store is below the services: its functions take a SQLAlchemy session (and plain values, or an
``AccountAccess`` for an account's material), never the service ``Context``, and it imports no service module."""

from __future__ import annotations

from import_graph import ROOT, file_imports, imports

# what the store may build on: itself, the parsed-document models, and small modules that import no service
BELOW_THE_SERVICES = ("assistant.store", "ingest", "assistant.access.rules", "assistant.platform.config",
                      "assistant.platform.errors", "assistant.platform.lru", "assistant.text")


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _ours(module: str) -> bool:
    return _within(module, "assistant") or _within(module, "ingest")


def test_no_store_module_imports_the_service_context():
    found = imports(ROOT / "assistant" / "store")
    assert [(i.file, i.module) for i in found if _within(i.module, "assistant.platform.context")] == []


def test_the_store_imports_no_service_module():
    found = imports(ROOT / "assistant" / "store")
    assert [(i.file, i.module) for i in found
            if _ours(i.module) and not any(_within(i.module, allowed) for allowed in BELOW_THE_SERVICES)] == []


def test_what_the_store_builds_on_imports_no_service_either():
    for module in BELOW_THE_SERVICES[2:-1]:
        path = ROOT.joinpath(*module.split(".")).with_suffix(".py")
        ours = {i.module for i in file_imports(path) if _ours(i.module)}
        assert {m for m in ours if not any(_within(m, allowed) for allowed in BELOW_THE_SERVICES)} == set(), module
