"""A numbered or bulleted list of goals (a success plan) as one statement: the items belong together."""

from __future__ import annotations

import re

from assistant.engines.base import EvidenceItem, StatementDraft
from assistant.engines.extractive.sentences import is_furniture, shorten

_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s+(?P<text>.+)$")
_GOALISH = re.compile(r"\bgoals?\b|success (?:criteri|plan|metric)|\bobjectives?\b|\bkpis?\b|outcomes", re.IGNORECASE)
ITEM_WORDS = 14
MAX_ITEMS = 4


def goal_lists(items: list[EvidenceItem]) -> list[tuple[StatementDraft, list[str]]]:
    """(statement, the item lines it covers) for each goal list in the evidence."""
    found = []
    for item in items:
        lead = item.header.split("|")[-1]
        run: list[str] = []
        for line in [*item.text.splitlines(), ""]:
            match = _ITEM.match(line)
            if match and not is_furniture(match.group("text")):
                run.append(match.group("text").replace("**", "").strip())
                continue
            if len(run) >= 2 and _GOALISH.search(lead):
                parts = [f"({n}) {shorten(text, ITEM_WORDS)}" for n, text in enumerate(run[:MAX_ITEMS], start=1)]
                found.append((StatementDraft(text="Goals: " + "; ".join(parts), citations=[item.ref]), run))
            run = []
            if line.strip():
                lead = line
    return found
