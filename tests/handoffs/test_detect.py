"""Which changes of a CRM record are a transition, and who hands over to whom (pure: records in, findings out)."""

from __future__ import annotations

from assistant.handoffs.detect import described, person_key, triggers
from ingest.document import CrmRecord

INES = {"name": "Ines Fallon", "email": "ines.fallon@vendor.example"}
TOMAS = {"name": "Tomas Greer", "email": "tomas.greer@vendor.example"}
ELENA = {"name": "Elena Marsh", "email": "Elena.Marsh@vendor.example"}


def _record(**fields) -> CrmRecord:
    return CrmRecord.model_validate({"name": "Orchard Line", **fields})


def test_a_person_is_known_by_email_whatever_its_case_else_by_name():
    assert person_key(_record(owner_csm=ELENA).owner_csm) == "elena.marsh@vendor.example"
    assert person_key(_record(owner_csm={"name": " Elena  Marsh "}).owner_csm) == "elena marsh"
    assert person_key(None) is None


def test_a_first_record_with_only_an_owner_is_no_transition():
    assert triggers(None, _record(owner_csm=INES)) == []


def test_an_unchanged_record_is_no_transition():
    record = _record(owner_csm=INES, incoming_csm=TOMAS)
    assert triggers(record, record.model_copy(deep=True)) == []


def test_a_change_elsewhere_in_the_record_is_no_transition():
    assert triggers(_record(owner_csm=INES, arr_usd=1), _record(owner_csm=INES, arr_usd=2)) == []


def test_an_incoming_csm_who_is_the_owner_is_not_named_as_incoming():
    assert triggers(None, _record(owner_csm=INES, incoming_csm=INES)) == []


def test_every_trigger_is_named_most_telling_first():
    before = _record(owner_csm=INES)
    after = _record(owner_csm=ELENA, incoming_csm=TOMAS, transition={"reason": "promotion"})
    assert triggers(before, after) == ["incoming_csm_named", "owner_changed", "transition_appeared"]


def test_with_an_incoming_csm_named_the_owner_hands_over_to_them():
    found = described(None, _record(owner_csm=INES, incoming_csm=TOMAS, transition={"effective_date": "2026-03-02"}))
    assert (found.outgoing.name, found.incoming.name, found.effective_date.isoformat()) == (
        "Ines Fallon", "Tomas Greer", "2026-03-02")


def test_without_one_a_changed_owner_means_the_old_owner_handed_over_to_the_new():
    found = described(_record(owner_csm=INES), _record(owner_csm=ELENA))
    assert (found.outgoing.name, found.incoming.name) == ("Ines Fallon", "Elena Marsh")


def test_a_transition_section_alone_names_the_owner_as_outgoing_and_nobody_as_incoming():
    found = described(None, _record(owner_csm=INES, transition={"reason": "departure"}))
    assert (found.outgoing.name, found.incoming, found.reason) == ("Ines Fallon", None, "departure")
