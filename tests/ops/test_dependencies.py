"""Dependencies we can stand behind: the installed set is consistent, every import is declared, and the licence of
every runtime dependency is written down.

An import that works only because some other package happens to pull its distribution in breaks the day that
package stops doing so; ``pyproject.toml`` has to name what the code imports.
"""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PACKAGES = {"assistant", "ingest", "prompts", "web"}


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _declared(*extras: str) -> set[str]:
    project = _project()
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    return {canonicalize_name(Requirement(requirement).name) for requirement in requirements}


def _top_level_imports(folder: Path) -> dict[str, Path]:
    """Each absolute import's first name, with one file that imports it."""
    found: dict[str, Path] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.partition(".")[0], path)
    return found


def _undeclared(folders: list[Path], declared: set[str], local: set[str]) -> list[str]:
    distributions = packages_distributions()
    problems = []
    for folder in folders:
        for name, path in sorted(_top_level_imports(folder).items()):
            if name in sys.stdlib_module_names or name in PROJECT_PACKAGES or name in local:
                continue
            providers = {canonicalize_name(dist) for dist in distributions.get(name, [])}
            if not providers & declared:
                shown = ", ".join(sorted(providers)) or "no installed distribution"
                problems.append(f"{path.relative_to(ROOT)} imports {name} ({shown}): declare it in pyproject.toml")
    return problems


def test_pip_check_finds_no_broken_requirements():
    result = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True, timeout=120)

    assert result.returncode == 0, result.stdout + result.stderr


def test_every_import_of_the_application_is_a_declared_dependency():
    folders = [ROOT / name for name in sorted(PROJECT_PACKAGES)]

    problems = _undeclared(folders, _declared(), local=set())

    assert not problems, "\n".join(problems)


def test_every_import_of_the_tests_benchmarks_and_tools_is_a_declared_dependency_or_test_extra():
    folders = [ROOT / "tests", ROOT / "bench", ROOT / "tools"]
    # their own helpers, which they put on sys.path
    local = {"tests", "bench", "tools"} | {path.stem for folder in folders for path in folder.rglob("*.py")}
    local |= {path.name for path in (ROOT / "tests").rglob("*") if path.is_dir()}

    problems = _undeclared(folders, _declared("test", "postgres"), local)

    assert not problems, "\n".join(problems)


def test_the_readme_names_every_runtime_dependency_with_its_licence():
    readme = (ROOT / "README.md").read_text()
    table = readme.partition("## Dependencies and why")[2].partition("\n## ")[0].lower()

    missing = [name for name in sorted(_declared()) if f"{name} (" not in table.replace("_", "-")]

    assert not missing, f"README's dependency table has no row naming these with their licence: {missing}"


def test_docs_licences_lists_the_installed_runtime_dependencies():
    spec = importlib.util.spec_from_file_location("licences", ROOT / "tools" / "licences.py")
    licences = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(licences)

    assert (ROOT / "docs" / "licences.md").read_text() == licences.table(), "run make licences"
