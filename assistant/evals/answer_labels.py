"""Which evidence passages answer a golden question, for fitting and checking the offline answerer: a passage
answers when it comes from one of the question's reference sources and states one of the terms the answer key
requires (its ``must_mention``) or, where the key names none, one of the specifics of the reference answer's direct
answer (a date, an amount, an id, a name)."""

from __future__ import annotations

from datetime import date

from assistant.evals.reference_specifics import specifics, states


def source_matches(path: str, sources: list[str]) -> bool:
    """``tickets/tickets.json#4812`` is a source; ``tickets/tickets.json`` alone names the whole export."""
    for source in sources:
        if path == source or path.split("#")[0] == source or source.split("#")[0] == path and "#" not in path:
            return True
    return False


class AnswerKey:
    """What an answering passage must state for one question."""

    def __init__(self, must_mention: list[str], reference: str | None, sources: list[str], as_of: date) -> None:
        self.sources = sources
        self.as_of = as_of
        self.terms = [t.lower() for t in must_mention]
        self.specifics = [] if must_mention or not reference else specifics(reference, as_of)

    def answered_by(self, path: str, text: str) -> bool:
        if self.sources and not source_matches(path, self.sources):
            return False
        lowered = text.lower()
        if self.terms:
            return any(term in lowered for term in self.terms)
        return any(states(text, specific, self.as_of) for specific in self.specifics)
