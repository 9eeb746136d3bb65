"""Follow-up questions made standalone before searching ("what about their renewal?" after a question about Acme's
contract): one ``RewriteRequest`` to the engine (offline, the extractive engine carries the earlier question's key
words over). A question that does not look like a follow-up is not sent."""

from __future__ import annotations

import re

from assistant.engines.base import Engine
from assistant.engines.requests import RewriteRequest
from assistant.grounding.prompts import render_prompt
from assistant.store.keyword import query_terms

_FOLLOW_UP = re.compile(
    r"^\s*(and|also|what about|how about|what of|same for|and what|then)\b"
    r"|\b(they|them|their|theirs|it|its|that|those|this|these|he|him|his|she|her|hers)\b",
    re.IGNORECASE,
)


def looks_like_follow_up(question: str) -> bool:
    return bool(_FOLLOW_UP.search(question)) or len(query_terms(question)) <= 2


def rewrite_question(engine: Engine, question: str, earlier: list[str], account_name: str) -> str:
    if not earlier or not looks_like_follow_up(question):
        return question
    prompt = render_prompt("rewrite_question", question=question, earlier=earlier, account_name=account_name)
    request = RewriteRequest(prompt=prompt, question=question, earlier=earlier, account_name=account_name)
    rewritten = engine.generate(request).output.question.strip()
    return rewritten or question
