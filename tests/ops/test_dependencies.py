"""Dependencies we can stand behind: the installed set is consistent, and every import is declared.

An import that works only because some other package happens to pull its distribution in breaks the day that
package stops doing so; ``pyproject.toml`` has to name what the code imports.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PACKAGES = {"assistant", "ingest", "prompts", "web"}


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement: str) -> str:
    return _normalised(re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement).group(1))


def _declared(*extras: str) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    return {_requirement_name(requirement) for requirement in requirements}


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
            providers = {_normalised(dist) for dist in distributions.get(name, [])}
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


def test_every_import_of_the_tests_and_benchmarks_is_a_declared_dependency_or_test_extra():
    tests, bench = ROOT / "tests", ROOT / "bench"
    # their own helpers, which they put on sys.path
    local = {"tests", "bench"} | {path.stem for folder in (tests, bench) for path in folder.rglob("*.py")}
    local |= {path.name for path in tests.rglob("*") if path.is_dir()}

    problems = _undeclared([tests, bench], _declared("test", "postgres"), local)

    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("requirement, name", [("openai>=3.0", "openai"), ("psycopg[binary]>=3.1", "psycopg"),
                                               ("python_dateutil>=2.8", "python-dateutil")])
def test_requirement_names_are_read_without_version_or_extras(requirement, name):
    assert _requirement_name(requirement) == name
