"""CRM account records: a JSON record or a CSV export becomes CRM documents with a "Label: value" body."""

from __future__ import annotations

import json
import logging
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from ingest.crm import parse_crm_csv, parse_crm_json
from ingest.document import Person, SourceType
from ingest.errors import IngestError


@pytest.fixture
def crm_dir(fixtures_dir) -> Path:
    return fixtures_dir / "crm"


def json_fixture(crm_dir: Path, name: str):
    return parse_crm_json((crm_dir / name).read_bytes(), f"crm/{name}", "acme-logistics")


def csv_fixture(crm_dir: Path, name: str):
    return parse_crm_csv((crm_dir / name).read_bytes(), f"crm/{name}", "acme-logistics")


def json_record(fields: dict):
    return parse_crm_json(json.dumps(fields).encode(), "crm.json", "acme-logistics")


# ---- JSON ------------------------------------------------------------------------------------------------------


def test_json_record_is_a_crm_document_identified_by_path(crm_dir):
    doc = json_fixture(crm_dir, "crm.json")
    assert doc.source_type is SourceType.CRM
    assert doc.identity == "path:crm/crm.json"
    assert doc.source_path == "crm/crm.json"
    assert doc.metadata.format == "json"


def test_title_names_the_account(crm_dir):
    assert json_fixture(crm_dir, "crm.json").title == "CRM record: Acme Logistics"


def test_json_fields_are_typed(crm_dir):
    record = json_fixture(crm_dir, "crm.json").metadata.record
    assert record.arr_usd == 84000
    assert record.renewal_date == date(2026, 3, 31)
    assert record.seats_active == 87
    assert record.transition.effective_date == date(2026, 1, 5)


def test_people_may_be_objects_or_name_and_email_strings(crm_dir):
    record = json_fixture(crm_dir, "crm.json").metadata.record
    assert record.owner_csm == Person(name="Sam Ortiz", email="sam@ourco.com")
    assert record.incoming_csm == Person(name="Priya Shah", email="priya@ourco.com")


def test_unknown_fields_are_kept(crm_dir):
    record = json_fixture(crm_dir, "crm.json").metadata.record
    assert record.model_extra["contract_vehicle"] == "Direct paper"


def test_null_fields_stay_missing_and_get_no_body_line(crm_dir):
    doc = json_fixture(crm_dir, "crm.json")
    assert doc.metadata.record.nps is None
    assert "NPS" not in doc.body


def test_body_has_a_label_value_line_per_present_field(crm_dir):
    lines = json_fixture(crm_dir, "crm.json").body.split("\n")
    assert "Renewal date: 2026-03-31" in lines
    assert "ARR (USD): 84,000" in lines
    assert "Executive sponsor: Dana Whitfield, VP Operations <dana@acmelogistics.com>" in lines
    assert "Contact: Raj Patel, Analytics Lead (Champion) <raj@acmelogistics.com>" in lines
    assert "Success criteria: Daily depot refresh; Cut manual reporting to 5 hrs/week" in lines
    assert "Contract vehicle: Direct paper" in lines


def test_transition_reason_reads_as_words(crm_dir):
    assert "Transition reason: workload rebalance" in json_fixture(crm_dir, "crm.json").body.split("\n")


def test_units_group_snapshot_people_transition_and_notes(crm_dir):
    doc = json_fixture(crm_dir, "crm.json")
    assert [unit.heading for unit in doc.units] == ["Account snapshot", "People", "Transition", "Notes"]
    assert doc.units[1].text.startswith("Owner CSM: Sam Ortiz <sam@ourco.com>")
    assert doc.body == "\n\n".join(unit.text for unit in doc.units)


def test_last_modified_field_sets_updated_at(crm_dir):
    doc = json_fixture(crm_dir, "crm.json")
    assert doc.updated_at == datetime(2026, 1, 2, 9, 15, tzinfo=timezone.utc)
    assert doc.created_at is None


def test_record_without_last_modified_field_has_no_dates(crm_dir):
    doc = json_fixture(crm_dir, "list-of-one.json")
    assert doc.created_at is None and doc.updated_at is None


def test_record_wrapped_in_account_key_is_accepted(crm_dir):
    doc = json_fixture(crm_dir, "wrapped-account.json")
    assert doc.metadata.record.name == "Acme Logistics"
    assert doc.metadata.record.arr_usd == 84000


def test_list_with_one_record_is_accepted(crm_dir):
    assert json_fixture(crm_dir, "list-of-one.json").metadata.record.renewal_date == date(2026, 3, 31)


def test_list_with_several_records_raises_ingest_error():
    with pytest.raises(IngestError, match="one account record, found a list of 2"):
        parse_crm_json(b'[{"name": "A"}, {"name": "B"}]', "crm.json", "acme-logistics")


def test_json_that_is_not_an_object_raises_ingest_error():
    with pytest.raises(IngestError, match="JSON object"):
        parse_crm_json(b'"Acme Logistics"', "crm.json", "acme-logistics")


def test_malformed_json_raises_ingest_error_with_line_and_column(crm_dir):
    with pytest.raises(IngestError, match="line 4, column 3") as caught:
        json_fixture(crm_dir, "malformed.json")
    assert caught.value.path == "crm/malformed.json"


def test_unreadable_values_are_kept_as_written_not_dropped(crm_dir, caplog):
    with caplog.at_level(logging.WARNING):
        doc = json_fixture(crm_dir, "unreadable-values.json")
    record = doc.metadata.record
    assert record.renewal_date is None
    assert record.model_extra["renewal_date_raw"] == "TBD after procurement"
    assert "Renewal date (as written): TBD after procurement" in doc.body.split("\n")
    assert "renewal_date" in caplog.text


def test_empty_string_fields_are_missing():
    record = json_record({"name": "Acme Logistics", "domain": "", "executive_sponsor": ""}).metadata.record
    assert record.domain is None
    assert record.executive_sponsor is None


def test_record_without_name_is_titled_by_account_id():
    assert json_record({"account_id": "acme-logistics"}).title == "CRM record: acme-logistics"


def test_binary_crm_json_raises_ingest_error():
    with pytest.raises(IngestError, match="binary"):
        parse_crm_json(b"PK\x03\x04\x00\x00\x08\x00", "crm.json", "acme-logistics")


def test_empty_crm_json_raises_ingest_error():
    with pytest.raises(IngestError, match="empty"):
        parse_crm_json(b"", "crm.json", "acme-logistics")


# ---- CSV -------------------------------------------------------------------------------------------------------


def test_csv_gives_one_document_per_non_empty_row(crm_dir):
    docs = csv_fixture(crm_dir, "salesforce-export.csv")
    assert [doc.metadata.record.name for doc in docs] == ["Acme Logistics", "Birch Foods", "Cobalt Health"]
    assert all(doc.metadata.format == "csv" for doc in docs)


def test_csv_rows_are_identified_and_located_by_row_number(crm_dir):
    docs = csv_fixture(crm_dir, "salesforce-export.csv")
    assert [doc.source_path for doc in docs] == [
        "crm/salesforce-export.csv#1", "crm/salesforce-export.csv#2", "crm/salesforce-export.csv#4"
    ]
    assert docs[0].identity == "path:crm/salesforce-export.csv#1"


def test_single_row_csv_keeps_the_plain_source_path(crm_dir):
    [doc] = csv_fixture(crm_dir, "hubspot-one-company.csv")
    assert doc.source_path == "crm/hubspot-one-company.csv"
    assert doc.identity == "path:crm/hubspot-one-company.csv#1"


def test_csv_arr_with_dollar_sign_and_commas_is_a_number(crm_dir):
    docs = csv_fixture(crm_dir, "salesforce-export.csv")
    assert docs[0].metadata.record.arr_usd == 84000
    assert docs[1].metadata.record.arr_usd == 1250000.5
    assert "ARR (USD): 84,000" in docs[0].body.split("\n")


def test_common_header_names_map_to_record_fields(crm_dir):
    record = csv_fixture(crm_dir, "salesforce-export.csv")[0].metadata.record
    assert record.account_id == "acme-logistics"
    assert record.renewal_date == date(2026, 3, 31)
    assert record.owner_csm == Person(name="Sam Ortiz", email="sam@ourco.com")
    assert record.health_score == 62


def test_dotted_and_underscored_columns_fill_nested_fields(crm_dir):
    record = csv_fixture(crm_dir, "salesforce-export.csv")[0].metadata.record
    assert record.executive_sponsor == Person(name="Dana Whitfield", title="VP Operations")
    assert record.transition.reason == "workload_rebalance"


def test_empty_csv_cells_are_missing_not_empty_strings(crm_dir):
    record = csv_fixture(crm_dir, "salesforce-export.csv")[1].metadata.record
    assert record.owner_csm == Person(name="Priya Shah")
    assert record.executive_sponsor is None
    assert record.health_score is None
    assert record.transition is None


def test_unknown_csv_columns_are_kept(crm_dir):
    record = csv_fixture(crm_dir, "salesforce-export.csv")[0].metadata.record
    assert record.model_extra["region"] == "Central"


def test_csv_cell_that_is_not_a_date_is_kept_as_written(crm_dir):
    record = csv_fixture(crm_dir, "salesforce-export.csv")[2].metadata.record
    assert record.renewal_date is None
    assert record.model_extra["renewal_date_raw"] == "TBD"


def test_hubspot_style_semicolon_export_is_read(crm_dir):
    [doc] = csv_fixture(crm_dir, "hubspot-one-company.csv")
    record = doc.metadata.record
    assert record.name == "Acme Logistics"
    assert record.arr_usd is None and record.model_extra["company_annual_revenue"] == "84000"  # not what it pays us
    assert record.renewal_date == date(2026, 3, 31)
    assert record.owner_csm == Person(name="Sam Ortiz", email="sam@ourco.com")
    assert doc.updated_at == datetime(2026, 1, 2, 9, 15, tzinfo=timezone.utc)


def test_csv_without_crm_columns_raises_ingest_error(crm_dir):
    with pytest.raises(IngestError, match="no CRM columns"):
        csv_fixture(crm_dir, "not-crm.csv")


def test_csv_with_only_a_header_raises_ingest_error(crm_dir):
    with pytest.raises(IngestError, match="no account rows"):
        csv_fixture(crm_dir, "header-only.csv")


def test_binary_csv_raises_ingest_error():
    with pytest.raises(IngestError, match="binary"):
        parse_crm_csv(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "crm.csv", "acme-logistics")


def test_cp1252_csv_is_decoded():
    data = "Account Name,Notes\nCafé Nord,Dana’s team\n".encode("cp1252")
    [doc] = parse_crm_csv(data, "crm.csv", "acme-logistics")
    assert doc.metadata.record.name == "Café Nord"


# ---- the golden account histories ------------------------------------------------------------------------------


def golden_crm(golden_accounts: Path, account: str):
    return parse_crm_json((golden_accounts / account / "crm.json").read_bytes(), "crm.json", account)


def test_every_golden_crm_record_parses(golden_accounts):
    paths = sorted(golden_accounts.glob("*/crm.json"))
    assert paths, f"no crm.json under {golden_accounts}"
    for path in paths:
        doc = golden_crm(golden_accounts, path.parent.name)
        assert doc.metadata.record.account_id == path.parent.name
        assert doc.title.startswith("CRM record: ")


def test_golden_fields_left_blank_stay_missing(golden_accounts):
    """A null in a golden record is a documentation gap on purpose: the parsed record keeps it missing."""
    blanks = 0
    for path in sorted(golden_accounts.glob("*/crm.json")):
        raw = json.loads(path.read_text())
        record = golden_crm(golden_accounts, path.parent.name).metadata.record
        for key in (k for k, v in raw.items() if v is None):
            blanks += 1
            value = getattr(record, key) if key in type(record).model_fields else record.model_extra.get(key)
            assert value is None, f"{path.parent.name}: {key}"
    assert blanks, "no golden record leaves a field blank"


def test_golden_fields_the_model_does_not_know_are_kept_and_get_a_body_line(golden_accounts):
    extras = 0
    for path in sorted(golden_accounts.glob("*/crm.json")):
        raw = json.loads(path.read_text())
        doc = golden_crm(golden_accounts, path.parent.name)
        record = doc.metadata.record
        labels = {line.split(":", 1)[0].lower() for line in doc.body.split("\n") if ":" in line}
        for key, value in raw.items():
            if key in type(record).model_fields or value in (None, "", [], {}):
                continue
            extras += 1
            assert record.model_extra[key] == value, f"{path.parent.name}: {key}"
            assert key.replace("_", " ").lower() in labels, f"{path.parent.name}: no body line for {key}"
    assert extras, "no golden record has a field beyond the model's"


def test_every_titled_person_of_a_golden_record_gets_a_line_with_name_and_title(golden_accounts):
    for path in sorted(golden_accounts.glob("*/crm.json")):
        doc = golden_crm(golden_accounts, path.parent.name)
        record = doc.metadata.record
        lines = doc.body.split("\n")
        for person in (record.primary_contact, record.executive_sponsor, *record.contacts):
            if person and person.name and person.title:
                assert any(person.name in line and person.title in line for line in lines), person


# ---- what the golden accounts showed, on made-up records ----------------------------------------------------


def test_a_sponsor_with_an_honorific_and_a_contact_with_a_comma_in_the_title_get_one_line_each(crm_dir):
    lines = json_fixture(crm_dir, "extra-fields.json").body.split("\n")
    assert "Executive sponsor: Dr. Jane Roe, Chief Nursing Officer <jroe@examplehealth.test>" in lines
    assert ("Contact: Erika Mustermann, Sr. Director, Quality Reporting (Decision maker) "
            "<emustermann@examplehealth.test>") in lines


def test_extra_person_text_and_mapping_fields_are_kept_and_rendered(crm_dir):
    doc = json_fixture(crm_dir, "extra-fields.json")
    extra = doc.metadata.record.model_extra
    assert extra["billing_contact"]["name"] == "Richard Roe"
    assert doc.body.split("\n\n")[1].endswith(
        "Billing contact: Richard Roe, Procurement Manager <rroe@examplehealth.test>")  # with the people
    lines = doc.body.split("\n")
    assert "Contract vehicle: EX-22-114 (cooperative contract)" in lines
    assert "Custom fields: Region: West; Tier: 1" in lines


def test_fields_left_blank_on_purpose_stay_missing_and_get_no_line(crm_dir):
    doc = json_fixture(crm_dir, "documentation-gaps.json")
    record = doc.metadata.record
    assert record.renewal_date is None and record.health_score is None and record.executive_sponsor is None
    assert record.success_criteria in (None, []) and record.communication_preference is None
    labels = {line.split(":")[0] for line in doc.body.split("\n")}
    assert not {"Renewal date", "Executive sponsor", "Health score"} & labels
