"""Looking a word up in many texts at once finds exactly what a regular-expression search of each text finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.engines.extractive.text_index import TextIndex

# few characters, so that words, their boundaries and near misses all come up often
_TEXT = st.text(alphabet="ab _-'.\né1", max_size=30)
_WORD = st.text(alphabet="ab _-'.é1", min_size=1, max_size=4)


def _searched(word: str, whole: bool) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(word)}" + (r"\b" if whole else ""))


@settings(max_examples=400, deadline=None)
@given(texts=st.lists(_TEXT, max_size=6), word=_WORD, whole=st.booleans())
def test_the_texts_holding_a_word_are_those_a_search_of_each_finds(texts, word, whole):
    pattern = _searched(word, whole)
    assert TextIndex(texts).holding_word(word, whole) == {i for i, t in enumerate(texts) if pattern.search(t)}


@settings(max_examples=400, deadline=None)
@given(texts=st.lists(_TEXT, max_size=6), word=_WORD, whole=st.booleans())
def test_a_words_count_is_the_sum_of_its_matches_in_each_text(texts, word, whole):
    pattern = _searched(word, whole)
    assert TextIndex(texts).count_word(word, whole) == sum(len(pattern.findall(t)) for t in texts)


@settings(max_examples=400, deadline=None)
@given(texts=st.lists(_TEXT, max_size=6), phrase=_WORD)
def test_the_texts_holding_a_phrase_are_those_containing_it(texts, phrase):
    assert TextIndex(texts).holding_phrase(phrase) == {i for i, t in enumerate(texts) if phrase in t}


def test_a_word_never_runs_from_one_text_into_the_next():
    index = TextIndex(["the renew", "al is due", "renewal"])
    assert index.holding_word("renewal") == {2}
    assert index.holding_phrase("renewal") == {2}
    assert index.holding_word("al", whole=True) == {1}
