"""One Jinja environment per template root, built in one place and shared."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILDERS = {"Environment", "Jinja2Templates"}


def _environment_calls() -> list[str]:
    found = []
    for folder in ("assistant", "ingest", "web", "prompts"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Call):
                    name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                    if name in BUILDERS:
                        found.append(path.relative_to(ROOT).as_posix())
    return found


def test_each_template_root_has_one_environment_built_in_one_place():
    assert sorted(_environment_calls()) == ["assistant/engines/extractive/email.py", "assistant/grounding/prompts.py",
                                            "assistant/notes/templating.py", "web/session.py"]


def test_the_templates_environment_is_built_once_and_shared():
    from assistant.notes.templating import templates

    assert templates() is templates()


def test_html_templates_are_escaped_and_text_templates_are_not():
    from assistant.notes.templating import templates

    environment = templates()

    assert environment.autoescape("note.html.j2") is True
    assert environment.autoescape("note.md.j2") is False
    assert environment.autoescape("email_intro.txt.j2") is False
