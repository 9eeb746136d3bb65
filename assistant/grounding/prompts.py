"""Prompts are versioned Jinja2 files in ``prompts/``. A file starts with ``{# prompt: NAME, version: N #}`` and
holds a system part and a user part separated by a line ``--- user ---``. Missing variables are errors."""

from __future__ import annotations

import math
import re
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from pydantic import BaseModel

from assistant.engines.base import Evidence, EvidenceItem, Message, RenderedPrompt
from assistant.engines.json_mode import schema_instruction

CHARS_PER_TOKEN = 4

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


def count_tokens(text: str) -> int:
    """The project's token estimate, ``ceil(characters / 4)``: the usual rule of thumb for English with OpenAI
    tokenizers, and what the OpenAI-compatible fakes report."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def prompt_tokens(prompt: RenderedPrompt) -> int:
    """Prompt tokens of a rendered prompt, counted message by message."""
    return sum(count_tokens(message.content) for message in prompt.messages)


def evidence_item_tokens(item: EvidenceItem) -> int:
    """What one evidence item adds to a prompt: its fenced ``<document>`` block, counted on its own (so a sum over
    items is never below the tokens of the evidence block they make together)."""
    return count_tokens(_environment().get_template("_evidence.md.j2").render(evidence=Evidence(items=[item])))


def json_mode_tokens(engine: object, output_type: type[BaseModel]) -> int:
    """Prompt tokens an engine in JSON mode adds to every call for ``output_type`` (0 for any other engine)."""
    if not getattr(engine, "json_mode", False):
        return 0
    return count_tokens("\n\n" + schema_instruction(output_type))
