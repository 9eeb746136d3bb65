"""Which of many texts hold a word or a phrase, found in one pass over all of them rather than one search per text:
the offline answerer asks it of every passage of its evidence (~100) for each topic word, name and focus word of a
question.

The texts are joined by a NUL character: a non-word character (a word boundary, as the start or end of a text is)
that no word or phrase looked for contains, so no match runs from one text into the next. A word is found as the
regular expression ``\\bword`` (or ``\\bword\\b``) would find it, but by a plain substring search with the boundaries
checked at each hit: a pattern opening with ``\\b`` defeats the regex engine's fast literal scan (~50x slower).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate

import numpy as np

_SEPARATOR = "\x00"


class TextIndex:
    def __init__(self, texts: Sequence[str]) -> None:
        self.size = len(texts)
        self._texts = texts
        self._joined = _SEPARATOR.join(texts)
        self._starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))

    def holding_word(self, word: str, whole: bool = False) -> set[int]:
        """The texts ``re.search(rf"\\b{re.escape(word)}", text)`` finds in (with ``\\b`` after it too if ``whole``)."""
        if not word:  # the bare boundary: any text with a word character
            return {i for i, text in enumerate(self._texts) if re.search(r"\b", text)}
        return {self._text_at(at) for at in self._matches(word, whole)}

    def count_word(self, word: str, whole: bool = False) -> int:
        """How many matches ``re.findall`` finds of that pattern in all the texts together."""
        return sum(1 for _ in self._matches(word, whole))

    def holding_phrase(self, phrase: str) -> set[int]:
        """The texts holding ``phrase`` as a substring."""
        if not phrase:
            return set(range(self.size))
        _check(phrase)
        found, at = set(), self._joined.find(phrase)
        while at >= 0:
            index = self._text_at(at)
            found.add(index)
            # one hit per text is enough: go on from the next text's start
            at = self._joined.find(phrase, self._starts[index + 1]) if index + 1 < self.size else -1
        return found

    def mask(self, indexes: Iterable[int]) -> np.ndarray:
        """A boolean row, true at ``indexes``."""
        row = np.zeros(self.size, dtype=bool)
        row[list(indexes)] = True
        return row

    def _matches(self, word: str, whole: bool) -> Iterator[int]:
        """Where the leftmost, non-overlapping matches of ``\\bword`` (``\\bword\\b``) start, as a regex scan finds
        them: a boundary is where a word character and a non-word character (or either end) meet."""
        _check(word)
        if not word:
            raise ValueError("no word to look for")  # a bare boundary matches between texts too
        joined, size = self._joined, len(word)
        opens, closes = _is_word(word[0]), _is_word(word[-1])
        at = joined.find(word)
        while at >= 0:
            end = at + size
            if (at > 0 and _is_word(joined[at - 1])) != opens and \
                    (not whole or (end < len(joined) and _is_word(joined[end])) != closes):
                yield at
                at = joined.find(word, end)
            else:
                at = joined.find(word, at + 1)

    def _text_at(self, offset: int) -> int:
        return bisect_right(self._starts, offset) - 1


def _is_word(char: str) -> bool:
    """What ``\\w`` matches in a str pattern: a Unicode letter or digit, or the underscore."""
    return char.isalnum() or char == "_"


def _check(text: str) -> None:
    if _SEPARATOR in text:
        raise ValueError(f"cannot look for {text!r} in joined texts")
