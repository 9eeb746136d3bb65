"""Where sentences end: each named splitter of ``assistant.text.sentences`` on the inputs that tell them apart."""

from __future__ import annotations

from assistant.text.sentences import (
    CANDIDATE_BREAK,
    FIRST_SENTENCE,
    SENTENCE_END,
    SENTENCE_SPAN,
    clauses,
    sentences,
    sentences_by_line,
    split_at_stops,
)


def test_a_sentence_ends_at_a_stop_before_a_capital():
    assert sentences("Renewal is in May. Pricing is flat! Who signs? The CFO.") == [
        "Renewal is in May.", "Pricing is flat!", "Who signs?", "The CFO."]


def test_titles_months_and_common_abbreviations_do_not_end_a_sentence():
    assert sentences("Ask Dr. Roe about it. Due Jan. 30 at approx. 5 p.m. Today, e.g. Acme Inc. Ltd. Next.") == [
        "Ask Dr. Roe about it.", "Due Jan. 30 at approx. 5 p.m. Today, e.g. Acme Inc. Ltd. Next."]


def test_a_decimal_or_a_version_number_does_not_end_a_sentence():
    assert sentences("Usage grew 3.5 times on v2.1 this year. Good.") == ["Usage grew 3.5 times on v2.1 this year.",
                                                                          "Good."]


def test_a_sentence_may_start_with_a_quote_a_bracket_or_markdown_bold():
    assert sentences('Noted. "We renew." Then. (Pending legal) ok. **Risk** is low.') == [
        "Noted.", '"We renew." Then.', "(Pending legal) ok.", "**Risk** is low."]


def test_a_stop_inside_a_closing_quote_or_bracket_does_not_end_a_sentence():
    assert sentences('She said "we renew." (Pending.) Fine.') == ['She said "we renew." (Pending.) Fine.']


def test_the_fact_splitter_keeps_a_sentence_that_runs_on_into_a_number_or_lower_case():
    assert sentences("Seats were added. 3 more next year. and then some.") == [
        "Seats were added. 3 more next year. and then some."]


def test_the_candidate_splitter_also_breaks_before_a_number_a_ticket_or_a_single_quote():
    text = "Seats were added. 3 more next year. #4521 is fixed. 'Soon', they said."
    assert CANDIDATE_BREAK.split(text) == ["Seats were added.", "3 more next year.", "#4521 is fixed.",
                                           "'Soon', they said."]


def test_the_candidate_splitter_keeps_the_abbreviation_guard():
    assert CANDIDATE_BREAK.split("Call Mr. Lamb. 2 seats.") == ["Call Mr. Lamb.", "2 seats."]


def test_every_line_ends_a_sentence():
    assert sentences_by_line("- Renewal is due\n\n- Owner: CFO. Signs over $50k") == [
        "- Renewal is due", "- Owner: CFO.", "Signs over $50k"]


def test_splitting_at_stops_breaks_after_every_stop_abbreviations_included():
    assert split_at_stops("Call Dr. Roe at 5. see you! ok?") == ["Call Dr.", "Roe at 5.", "see you!", "ok?"]


def test_splitting_at_stops_leaves_a_decimal_whole():
    assert split_at_stops("It costs 3.5k. Fine") == ["It costs 3.5k.", "Fine"]


def test_clauses_break_at_semicolons_too():
    assert clauses("Unhappy with coverage; escalated. Fine now") == ["Unhappy with coverage;", "escalated.",
                                                                    "Fine now"]


def test_sentence_ends_count_stops_before_space_or_the_end_but_not_abbreviations():
    assert len(SENTENCE_END.findall("Dr. Roe signs. Over $1.5k, approx. twice a year!")) == 2


def test_sentence_spans_are_verbatim_and_a_line_break_ends_one():
    text = "Renewal is due. Pricing is 3.5k\nOwner: the CFO"
    assert [m.group(0).strip() for m in SENTENCE_SPAN.finditer(text)] == [
        "Renewal is due.", "Pricing is 3.5k", "Owner: the CFO"]


def test_the_first_sentence_ends_at_a_stop_before_a_capital_or_the_end():
    assert FIRST_SENTENCE.match("No, at 3.5k. Pricing was cut.").group(1) == "No, at 3.5k."
    assert FIRST_SENTENCE.match("Only one sentence.").group(1) == "Only one sentence."
    assert FIRST_SENTENCE.match("no stop here") is None
