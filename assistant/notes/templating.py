"""The one Jinja environment for ``assistant/templates`` (the note in Markdown and HTML).

Built once per process and shared. Missing variables are errors. HTML templates (``*.html.j2``) are autoescaped,
so what documents said stays text; Markdown and plain-text templates are not. Prompts have their own root and
environment (``assistant/grounding/prompts.py``), the offline engine's emails theirs (``engines/extractive/email.py``), and the
web pages theirs (``web/session.py``).
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@cache
def templates() -> Environment:
    return Environment(
        loader=PackageLoader("assistant", "templates"),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html", "html.j2"], default_for_string=False, default=False),
        trim_blocks=True,
        lstrip_blocks=True,
    )
