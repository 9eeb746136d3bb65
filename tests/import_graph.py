"""The imports of handoff's own code, read from the source with ``ast``: what the architecture tests walk."""

from __future__ import annotations

import ast
from collections import deque
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("assistant", "ingest", "web")


@dataclass(frozen=True)
class Import:
    file: str  # the importing file, relative to the repository
    module: str  # the module named by ``import module`` or ``from module import ...`` (relative ones resolved)
    names: tuple[str, ...]  # what ``from module import`` takes; empty for ``import module``
    module_level: bool  # runs when the file is imported: not inside a function, not under ``if TYPE_CHECKING:``


def module_name(path: Path) -> str:
    parts = list(path.resolve().relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def product_files() -> list[Path]:
    return sorted(path for package in PRODUCT for path in (ROOT / package).rglob("*.py"))


def imports(package: Path) -> list[Import]:
    """Every import in the package's files, at any depth."""
    return [found for path in sorted(package.rglob("*.py")) for found in file_imports(path)]


def file_imports(path: Path) -> list[Import]:
    file = str(path.resolve().relative_to(ROOT))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: list[Import] = []

    def visit(node: ast.AST, module_level: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                found.extend(Import(file, alias.name, (), module_level) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                names = tuple(alias.name for alias in child.names)
                found.append(Import(file, _absolute(child, package), names, module_level))
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                visit(child, False)
            elif isinstance(child, ast.If) and _is_type_checking(child.test):
                for statement in child.body:
                    visit(ast.Module(body=[statement], type_ignores=[]), False)
                for statement in child.orelse:
                    visit(ast.Module(body=[statement], type_ignores=[]), module_level)
            else:
                visit(child, module_level)

    visit(ast.parse(path.read_text(), str(path)), True)
    return found


def module_graph() -> dict[str, set[str]]:
    """Product module -> the product modules it imports at module level. ``from package import name`` counts as
    importing ``package.name`` when that is a module."""
    modules = {module_name(path): path for path in product_files()}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for found in file_imports(path):
            if not found.module_level:
                continue
            candidates = [found.module, *(f"{found.module}.{imported}" for imported in found.names)]
            targets |= {candidate for candidate in candidates if candidate in modules}
        graph[name] = targets - {name}
    return graph


def package_graph(depth: int = 2) -> dict[str, set[str]]:
    """The module graph with each module folded into its first ``depth`` name parts (``assistant.engines``)."""
    def unit(module: str) -> str:
        return ".".join(module.split(".")[:depth])

    graph: dict[str, set[str]] = {}
    for module, targets in module_graph().items():
        graph.setdefault(unit(module), set()).update(unit(target) for target in targets)
    return {name: targets - {name} for name, targets in graph.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle, as a path that ends where it starts, per group of nodes in a cycle."""
    return [a_cycle(graph, group) for group in groups_in_cycles(graph)]


def groups_in_cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The groups of two or more nodes that each reach all the others (strongly connected components)."""
    reach = {node: _reachable(graph, node) for node in graph}
    groups: list[set[str]] = []
    for node in sorted(graph):
        if not any(node in group for group in groups):
            groups.append({other for other in reach[node] if node in reach.get(other, set())} | {node})
    return [group for group in groups if len(group) > 1]


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, queue = set(), deque([start])
    while queue:
        for target in graph.get(queue.popleft(), set()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def a_cycle(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    start = min(group)
    previous: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for target in sorted(graph[node] & group):
            if target == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [start, *reversed(path[:-1]), start] if node != start else [start, start]
            if target not in previous:
                previous[target] = node
                queue.append(target)
    raise AssertionError(f"no cycle through {start}")


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
