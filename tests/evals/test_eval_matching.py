"""``handoff eval`` credits an answer that states a truth term's date or amount in another format; any other term
is a case-insensitive substring."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.evals.golden import TruthFact, statement_matches
from assistant.evals.matching import states

AS_OF = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("The workshop is on 3/10.", "March 10"),
        ("The workshop is on 2026-03-10.", "March 10"),
        ("The workshop is on March 10.", "2026-03-10"),
        ("The workshop is on Tuesday 10 March.", "3/10"),
        ("Der Workshop ist am 10.03.2026.", "March 10, 2026"),
        ("The workshop is on 10/03/2026, after 25/02.", "March 10"),
        ("The fee is €7.920 a year.", "EUR 7,920"),
        ("The fee is 7.920 EUR a year.", "€7,920"),
        ("The fee is $48k.", "48,000"),
        ("The fee is USD 48,000.", "$48K"),
        ("Seats: 1,500 named users.", "1500"),
        ("Go-live planned for Q2 2026.", "Q2"),
        ("The budget is set for March 2026.", "03/2026"),
        ("Renewal on March 31, 2027,", "31.03.2027"),
        ("the ESCALATION owner", "escalation Owner"),
    ],
)
def test_a_term_is_stated_in_any_format(text, term):
    assert states(text, term, AS_OF)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("The workshop is on March 11.", "March 10"),
        ("The workshop is on 2025-03-10.", "March 10, 2026"),
        ("The workshop is in March 2026.", "March 10"),
        ("The fee is €7.920 a year.", "$7,920"),
        ("The fee is €7.92 a year.", "EUR 7,920"),
        ("The workshop is on 25/02 and 3/10.", "March 10"),
        ("Call back tomorrow.", "March 3"),
        ("the escalation path", "escalation owner"),
    ],
)
def test_a_different_date_amount_or_word_is_not_stated(text, term):
    assert not states(text, term, AS_OF)


def test_a_term_with_a_date_inside_other_words_stays_a_substring():
    assert not states("Workshop: March 10.", "after March 10", AS_OF)
    assert states("Only after March 10.", "after March 10", AS_OF)


def test_a_fact_needs_every_must_mention_term_and_one_term_of_each_group():
    fact = TruthFact(id="F1", section="commercial", statement="The fee is EUR 7,920, due March 10",
                     must_mention=["EUR 7,920"], any_of=[["March 10", "10 March"]])
    assert statement_matches("Fee €7.920, invoice due 3/10.", fact, AS_OF)
    assert not statement_matches("Fee €7.920, invoice due soon.", fact, AS_OF)
