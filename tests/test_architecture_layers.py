"""docs/ARCHITECTURE.md is the map of the code: its table puts every package in a tier, and a package imports only
from its own tier or the ones below (except the imports the page lists with their reason). These tests keep the page
and the code in step."""

from __future__ import annotations

import re

from import_graph import ROOT, a_cycle, file_imports, groups_in_cycles, module_graph, module_name, product_files

PAGE = ROOT / "docs" / "ARCHITECTURE.md"
TIER_ROW = re.compile(r"^\| (\d) [\w ]+ \| `([\w.]+)` \|", re.M)
UPWARD_ROW = re.compile(r"^\| `([\w.]+)` \| `([\w.]+)` \|", re.M)


def _tiers() -> dict[str, int]:
    return {package: int(tier) for tier, package in TIER_ROW.findall(PAGE.read_text())}


def _allowed_upward() -> set[tuple[str, str]]:
    return set(UPWARD_ROW.findall(PAGE.read_text()))


def _imported_modules() -> dict[str, set[str]]:
    """Product module -> every module it imports, at any depth (an import inside a function is a dependency too);
    ``from package import name`` also counts as importing ``package.name``."""
    found: dict[str, set[str]] = {}
    for path in product_files():
        if "migrations" in path.parts or path == ROOT / "assistant" / "__init__.py":
            continue
        found[module_name(path)] = {name for i in file_imports(path)
                                    for name in (i.module, *(f"{i.module}.{n}" for n in i.names))}
    return found


def _package_of(module: str, tiers: dict[str, int]) -> str | None:
    """The longest package in the table that contains ``module``."""
    candidates = [package for package in tiers if module == package or module.startswith(package + ".")]
    return max(candidates, key=len) if candidates else None


def test_every_package_and_root_module_is_on_the_page():
    tiers = _tiers()
    on_disk = {"ingest", "web"} | {
        f"assistant.{path.stem}" for path in (ROOT / "assistant").iterdir()
        if (path.is_dir() and any(path.glob("*.py")) and path.name != "migrations")
        or (path.is_file() and path.suffix == ".py" and path.name != "__init__.py")
    }
    assert sorted(on_disk - set(tiers)) == [], "add these to the table in docs/ARCHITECTURE.md"
    assert sorted(set(tiers) - on_disk) == [], "the table names packages that no longer exist"


def test_no_import_points_to_a_higher_tier():
    tiers, allowed = _tiers(), _allowed_upward()
    upward = []
    for module, imported_modules in _imported_modules().items():
        source = _package_of(module, tiers)
        assert source is not None, f"{module} is in no package of docs/ARCHITECTURE.md"
        for imported in imported_modules:
            target = _package_of(imported, tiers)
            if target is not None and tiers[target] > tiers[source] and not any(
                    module == importer and (imported == listed or imported.startswith(listed + "."))
                    for importer, listed in allowed):
                upward.append(f"{module} -> {imported}")
    assert sorted(set(upward)) == []


def test_the_listed_upward_imports_still_exist():
    imported = _imported_modules()
    stale = [(module, target) for module, target in _allowed_upward() if target not in imported.get(module, set())]
    assert stale == [], "docs/ARCHITECTURE.md lists an upward import the code no longer has"


def test_ingest_reads_files_without_knowing_the_assistant():
    leaks = [f"{module} -> {name}" for module, names in _imported_modules().items() if module.startswith("ingest")
             for name in names if name.split(".")[0] in {"assistant", "web"}]
    assert leaks == []


def test_packages_import_each_other_round_a_loop_only_within_one_tier():
    tiers = _tiers()
    graph: dict[str, set[str]] = {}
    for module, targets in module_graph().items():
        source = _package_of(module, tiers)
        if source is None:  # the root package and the migrations, which no table row holds
            continue
        graph.setdefault(source, set()).update(_package_of(target, tiers) for target in targets)
    graph = {package: targets - {package, None} for package, targets in graph.items()}
    across = [a_cycle(graph, group) for group in groups_in_cycles(graph) if len({tiers[p] for p in group}) > 1]
    assert across == []
