"""People's names as prose writes them: a title before a name (``HONORIFIC``, ``without_honorific``), a name of two
or three capitalised words (``PERSON_NAME``), and the speaker's label that opens a transcript line. The speaker
patterns differ on purpose:

- ``SPEAKER``: one to three words ("Priya: ...", "Jane Roe: ..."), for setting a spoken line apart from its speaker.
- ``FULL_NAME_SPEAKER``: two or three words only; "Status: open" or "Note: ..." is a field, not a speaker.
- ``SPEAKER_WITH_PARTICLES``: two or three words with surname particles allowed ("Anouk van Dijk: ..."), the name
  captured as ``name``, for crediting what was said to a person.
"""

from __future__ import annotations

import re

HONORIFICS = ("Dr", "Mr", "Ms", "Mrs")
HONORIFIC = "(?:" + "|".join(HONORIFICS) + r")\.?"
PERSON_NAME = rf"(?:{HONORIFIC}\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z'-]+){{1,2}}"
_SURNAME_PARTICLE = r"(?:de|van|der|von|den|da|di|du|le|la|del|dos|das|ter|ten)"

SPEAKER = re.compile(rf"^(?:{HONORIFIC}\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z'-]+){{0,2}}:\s")
FULL_NAME_SPEAKER = re.compile(rf"^{PERSON_NAME}:\s")
SPEAKER_WITH_PARTICLES = re.compile(
    rf"^(?P<name>(?:{HONORIFIC}\s+)?[A-Z][a-z]+(?:\s+(?:{_SURNAME_PARTICLE}\s+)*[A-Z][a-z'-]+){{1,2}}):\s")
_LEADING_HONORIFIC = re.compile(rf"^{HONORIFIC}\s+")


def without_honorific(name: str) -> str:
    """``name`` without the title it starts with: "Dr. Jane Roe" is "Jane Roe"."""
    return _LEADING_HONORIFIC.sub("", name)
