"""The offline engine's email: ``templates/email_<kind>.txt.j2`` filled with the decided facts (its first line is the
subject). The emails package checks the result as it checks a language model's."""

from __future__ import annotations

import re
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from assistant.engines.email_models import EmailContent, EmailFacts


@cache
def _templates() -> Environment:
    environment = Environment(loader=PackageLoader("assistant.engines.extractive", "templates"),
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True, autoescape=False)
    environment.filters["sentence"] = _sentence
    return environment


def _sentence(text: str) -> str:
    """A profile line ended as a sentence."""
    text = text.strip()
    return text if text[-1:] in ".!?" else text + "."


def template_name(facts: EmailFacts) -> str:
    return f"email_{facts.kind}.txt.j2"


def render_offline(facts: EmailFacts) -> EmailContent:
    text = _templates().get_template(template_name(facts)).render(**dict(facts))
    head, _, body = text.lstrip().partition("\n")
    body = re.sub(r"\n{3,}", "\n\n", body.strip("\n")) + "\n"
    return EmailContent(subject=head.removeprefix("Subject:").strip(), body=body.lstrip("\n"))
