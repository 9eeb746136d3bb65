"""People's names as prose writes them: titles, two- or three-word names, and a transcript line's speaker."""

from __future__ import annotations

import re

from assistant.text.names import (
    FULL_NAME_SPEAKER,
    HONORIFIC,
    PERSON_NAME,
    SPEAKER,
    SPEAKER_WITH_PARTICLES,
    without_honorific,
)


def test_a_leading_title_is_dropped_with_or_without_its_dot():
    assert [without_honorific(n) for n in ("Dr. Jane Roe", "Mrs Ada Lamb", "Ms. Vale", "Drew Lamb")] == [
        "Jane Roe", "Ada Lamb", "Vale", "Drew Lamb"]


def test_a_title_is_one_of_four_with_an_optional_dot():
    assert [bool(re.fullmatch(HONORIFIC, t)) for t in ("Dr", "Mr.", "Ms", "Mrs.", "Prof", "Mx")] == [
        True, True, True, True, False, False]


def test_a_person_name_is_two_or_three_capitalised_words_after_an_optional_title():
    found = [m.group(0) for m in re.finditer(PERSON_NAME, "ask Dr. Jane Roe, then Ada Mary Lamb Jones.")]
    assert found == ["Dr. Jane Roe", "Ada Mary Lamb"]


def test_any_speaker_may_be_a_first_name_alone():
    assert SPEAKER.match("Priya: we renew in May")
    assert SPEAKER.match("Dr. Jane Roe: agreed")
    assert not SPEAKER.match("the CFO: agreed")


def test_a_full_name_speaker_has_two_or_three_words():
    assert FULL_NAME_SPEAKER.match("Jane Roe: agreed")
    assert not FULL_NAME_SPEAKER.match("Status: open")


def test_a_speaker_with_particles_names_who_spoke():
    assert SPEAKER_WITH_PARTICLES.match("Jan van der Berg: email only please").group("name") == "Jan van der Berg"
    assert not SPEAKER_WITH_PARTICLES.match("Note: email only")
