"""The note over the API: each statement's newest source date, the reader's new/changed marks against the version
they read before, and the sources added since the latest note version."""

from __future__ import annotations

from conftest import zip_of
from tests_support import LATE_FERNHILL_EMAIL

NOTE = "/api/accounts/fernhill-creamery/notes"
ADDED = "/api/accounts/fernhill-creamery/sources/added-since-note"
NEW_EMAIL = LATE_FERNHILL_EMAIL


def _draft(api, who: str = "nadia") -> None:
    job = api.post(who, NOTE, json={"as_of": "2026-02-12"}).json()
    assert api.wait_for_job(who, job["id"])["status"] == "done"


def _upload_email(api) -> None:
    archive = zip_of({"emails/2026-02-10-sensors-pilot-three-plants.eml": NEW_EMAIL})
    response = api.post("nadia", "/api/accounts/fernhill-creamery/uploads",
                        files=[("files", ("mail.zip", archive, "application/zip"))])
    assert api.wait_for_job("nadia", response.json()["id"])["status"] == "done"


def _statements(note: dict) -> list[dict]:
    return [s for section in note["sections"] for s in section["statements"]]


def test_every_statement_in_the_json_carries_its_newest_source_date(api):
    _draft(api)
    note = api.get("nadia", f"{NOTE}/latest").json()
    dated = [s for s in _statements(note) if s["newest_source_date"]]
    assert dated and all(s["newest_source_date"] <= "2026-02-12" for s in dated)
    assert "_as of 20" in api.get("nadia", f"{NOTE}/latest", params={"format": "md"}).text


def test_after_an_upload_the_reader_of_the_last_version_sees_what_is_new_and_another_reader_sees_a_first_reading(api):
    _draft(api)
    first = api.get("nadia", f"{NOTE}/latest").json()
    assert first["comparison"] == {"compared_with": None, "new": 0, "changed": 0}

    _upload_email(api)
    added = api.get("nadia", ADDED).json()
    assert added["note_version"] == first["version"]
    assert [(s["source_type"], s["title"]) for s in added["sources"]] == [
        ("email", "Sensors pilot: going ahead with all three plants")]

    _draft(api)
    second = api.get("nadia", f"{NOTE}/latest").json()
    assert second["comparison"]["compared_with"] == first["version"]
    marked = [s for s in _statements(second) if s["change"]]
    assert marked and {s["change"] for s in marked} <= {"new", "changed"}
    assert second["comparison"]["new"] + second["comparison"]["changed"] == len(marked)
    new_mail = [s for s in _statements(second)
                if any("sensors-pilot-three-plants" in c["source"] for c in s["citations"])]
    assert new_mail and all(s["change"] for s in new_mail)
    markdown = api.get("nadia", f"{NOTE}/{second['version']}", params={"format": "md"}).text
    assert f"Since version {first['version']}, the one you read before" in markdown
    assert "**[new]**" in markdown or "**[changed]**" in markdown

    for_elliot = api.get("elliot", f"{NOTE}/latest").json()  # elliot never read the first version
    assert for_elliot["comparison"]["compared_with"] is None
    assert not any(s["change"] for s in _statements(for_elliot))
    assert api.get("nadia", ADDED).json()["sources"] == []


def test_reading_an_earlier_version_by_number_is_its_own_first_reading(api):
    _draft(api)
    _draft(api)
    older = api.get("rita", f"{NOTE}/1").json()
    assert older["version"] == 1 and older["comparison"]["compared_with"] is None
    assert api.get("rita", f"{NOTE}/2").json()["comparison"]["compared_with"] == 1
