"""A follow-up question made standalone without a language model: the earlier question's key words carried over
("what about their renewal?" after "When does Acme's contract end?" -> "what about their renewal? (acme contract
end)"). The chat service asks only for follow-ups."""

from __future__ import annotations

from assistant.store.keyword import query_terms

_QUESTION_WORDS = {"what", "who", "when", "where", "why", "how", "which", "whom", "whose", "is", "are", "was", "were",
                   "did", "does", "do", "we", "i", "me", "can"}


def rewrite_offline(question: str, earlier: list[str]) -> str:
    if not earlier:
        return question
    carried = [t for t in query_terms(earlier[-1]) if t not in _QUESTION_WORDS and t not in question.lower()]
    return f"{question} ({' '.join(carried)})" if carried else question
