"""Follow-up questions made standalone before searching ("what about their renewal?" after a question about Acme's
contract). A language model rewrites them; offline, the earlier question's key words are carried over."""

from __future__ import annotations

import re

from assistant.engines.base import Engine, EngineRequest, Evidence, RewrittenQuestion
from assistant.prompts import render_prompt
from assistant.store.keyword import query_terms

_FOLLOW_UP = re.compile(
    r"^\s*(and|also|what about|how about|what of|same for|and what|then)\b"
    r"|\b(they|them|their|theirs|it|its|that|those|this|these|he|him|his|she|her|hers)\b",
    re.IGNORECASE,
)
_QUESTION_WORDS = {"what", "who", "when", "where", "why", "how", "which", "whom", "whose", "is", "are", "was", "were",
                   "did", "does", "do", "we", "i", "me", "can"}


def looks_like_follow_up(question: str) -> bool:
    return bool(_FOLLOW_UP.search(question)) or len(query_terms(question)) <= 2


def rewrite_offline(question: str, earlier: list[str]) -> str:
    if not earlier or not looks_like_follow_up(question):
        return question
    carried = [t for t in query_terms(earlier[-1]) if t not in _QUESTION_WORDS and t not in question.lower()]
    return f"{question} ({' '.join(carried)})" if carried else question


def rewrite_question(engine: Engine, question: str, earlier: list[str], account_name: str) -> str:
    if not earlier or not looks_like_follow_up(question):
        return question
    if engine.name == "extractive":
        return rewrite_offline(question, earlier)
    prompt = render_prompt("rewrite_question", question=question, earlier=earlier, account_name=account_name)
    request = EngineRequest(task="rewrite_question", prompt=prompt, evidence=Evidence())
    rewritten = engine.generate(request, RewrittenQuestion).output.question.strip()
    return rewritten or question
