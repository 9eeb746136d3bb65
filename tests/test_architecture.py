"""The shape of the code, as specifications: no import cycle between modules (between packages:
test_architecture_layers), small modules, and services that reach the engines
through their protocol and factory only."""

from __future__ import annotations

from import_graph import PRODUCT, ROOT, cycles, file_imports, imports, module_graph, product_files

MAX_LINES = 400

CONCRETE_ENGINES = {"OpenAIEngine", "ExtractiveEngine"}
CONCRETE_ENGINE_MODULES = {"assistant.engines.openai_engine", "assistant.engines.extractive.engine"}
# Outside assistant/engines/ (whose factory chooses the engine), the files that build a concrete engine on purpose.
BUILDS_ENGINES = {
    "assistant/evals/golden_engines.py": "runs the golden set on the engine the eval's settings name",
    "assistant/evals/fit_notes.py": "fits the extractive engine's note model, so it runs that very engine",
}


def test_no_module_imports_itself_through_a_cycle():
    assert cycles(module_graph()) == []


def test_no_product_module_is_longer_than_the_limit():
    lengths = {str(path.relative_to(ROOT)): len(path.read_text().splitlines()) for path in product_files()}
    assert {path: length for path, length in lengths.items() if length > MAX_LINES} == {}


def test_only_the_engines_and_named_builders_import_a_concrete_engine():
    found = [(i.file, i.module, i.names) for package in PRODUCT for i in imports(ROOT / package)
             if (i.module in CONCRETE_ENGINE_MODULES or CONCRETE_ENGINES & set(i.names))
             and not i.file.startswith("assistant/engines/") and i.file not in BUILDS_ENGINES]
    assert found == []


def test_the_import_walk_sees_imports_inside_functions():
    factory = file_imports(ROOT / "assistant" / "engines" / "factory.py")
    assert any("OpenAIEngine" in i.names and not i.module_level for i in factory)
