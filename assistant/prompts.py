"""Prompts are versioned Jinja2 files in ``prompts/``. A file starts with ``{# prompt: NAME, version: N #}`` and
holds a system part and a user part separated by a line ``--- user ---``. Missing variables are errors."""

from __future__ import annotations

import re
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from assistant.engines.base import Message, RenderedPrompt

_HEADER = re.compile(r"\{#\s*prompt:\s*(?P<name>[\w-]+),\s*version:\s*(?P<version>[\w.]+)\s*#\}")
_USER_MARKER = re.compile(r"^--- user ---\s*$", re.MULTILINE)


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("prompts", ""), undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False
    )
    environment.filters["fence"] = fence
    return environment


def fence(text: str) -> str:
    """Untrusted text made safe to place inside a ``<document>`` block: it cannot close the block early."""
    return re.sub(r"</?\s*document", lambda m: m.group(0).replace("<", "&lt;"), text, flags=re.IGNORECASE)


def prompt_version(name: str) -> str:
    source, _, _ = _environment().loader.get_source(_environment(), f"{name}.md.j2")
    header = _HEADER.search(source)
    return header.group("version") if header else "0"


def render_prompt(name: str, **variables) -> RenderedPrompt:
    text = _environment().get_template(f"{name}.md.j2").render(**variables)
    parts = _USER_MARKER.split(text, maxsplit=1)
    system, user = (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])
    messages = [Message(role="system", content=system.strip())] if system.strip() else []
    messages.append(Message(role="user", content=user.strip()))
    return RenderedPrompt(name=name, version=prompt_version(name), messages=messages)
