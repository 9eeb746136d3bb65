"""Account records from CRM APIs become the account's CRM record with their fields' CRM meaning: a company's annual
revenue is not its ARR, a Salesforce account owner is not its CSM, and custom fields are matched by name. An
org-wide export is refused for one account. Fixtures follow the APIs' documented shapes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ingest.dispatch import parse_file
from ingest.document import SourceType
from ingest.errors import IngestError
from ingest.options import ReadOptions

CRM = Path(__file__).resolve().parents[1] / "fixtures" / "crm"


def _record(name: str, path: str | None = None):
    [document] = parse_file((CRM / name).read_bytes(), path or name, "orchard-line")
    assert document.source_type is SourceType.CRM
    return document.metadata.record


def test_a_salesforce_account_record_maps_standard_and_custom_fields():
    record = _record("salesforce_account.json")

    assert record.name == "Orchard Line Growers" and record.domain == "orchardline.example"
    assert record.arr_usd == 96000 and record.renewal_date == date(2026, 9, 30) and record.health_score == 58
    assert record.owner_csm.name == "Elena Marsh" and record.owner_csm.email == "elena.marsh@vendor.example"
    assert record.account_executive.name == "Rowan Pike"
    assert record.model_extra["company_annual_revenue"] == 250000000


def test_a_soql_response_or_tree_export_holding_one_account_is_that_account():
    account = json.loads((CRM / "salesforce_account.json").read_text())
    soql = {"totalSize": 1, "done": True, "records": [account]}
    tree = {"records": [account | {"attributes": {"type": "Account", "referenceId": "AccountRef1"}}]}
    for payload in (soql, tree, [account]):
        [document] = parse_file(json.dumps(payload).encode(), "Account.json", "orchard-line")
        assert document.metadata.record.renewal_date == date(2026, 9, 30)


def test_an_org_wide_export_gives_the_account_its_own_record_and_is_refused_when_none_names_it():
    export = (CRM / "salesforce_accounts_org_wide.json").read_bytes()

    [document] = parse_file(export, "Accounts.json", "quarry-hill-builders")
    assert document.metadata.record.name == "Quarry Hill Builders"
    with pytest.raises(IngestError, match="2 accounts' records in one export .* none named 'orchard-line'"):
        parse_file(export, "Accounts.json", "orchard-line")


def test_the_user_names_the_accounts_record_in_an_org_wide_export_whatever_the_folder_is_called():
    export = (CRM / "salesforce_accounts_org_wide.json").read_bytes()
    rows = b"Account Name,ARR\nOrchard Line Growers,96000\nQuarry Hill Builders,50000\n"

    [record] = parse_file(export, "Accounts.json", "orchard", ReadOptions(crm_name="Orchard Line Growers"))
    [row] = parse_file(rows, "crm.csv", "orchard", ReadOptions(crm_name="orchard line growers"))
    [by_id] = parse_file(export, "Accounts.json", "orchard", ReadOptions(crm_name="0013000000Ab1CeAAJ"))

    assert record.metadata.record.name == row.metadata.record.name == "Orchard Line Growers"
    assert by_id.metadata.record.name == "Quarry Hill Builders"
    with pytest.raises(IngestError, match="none named 'Orchard Line'.*--crm-name"):
        parse_file(export, "Accounts.json", "orchard", ReadOptions(crm_name="Orchard Line"))


def test_a_crm_csv_of_many_accounts_gives_only_the_accounts_own_row():
    rows = b"Account Name,ARR,Renewal Date\nOrchard Line,96000,2026-09-30\nQuarry Hill Builders,50000,2026-05-01\n"

    [document] = parse_file(rows, "crm.csv", "orchard-line")
    assert document.metadata.record.arr_usd == 96000
    with pytest.raises(IngestError, match="2 accounts' records in one export"):
        parse_file(rows, "crm.csv", "some-other-account")


def test_a_hubspot_company_unwraps_its_properties_and_reads_epoch_millisecond_dates():
    record = _record("hubspot_company.json")

    assert record.name == "Orchard Line Growers" and record.industry == "FARMING"
    assert record.renewal_date == date(2026, 9, 30) and record.arr_usd == 96000
    assert record.model_extra["company_annual_revenue"] == "250000000"


def test_a_hubspot_contact_is_not_an_account_record():
    contact = {"id": "51", "properties": {"firstname": "Ada", "lastname": "Quill", "email": "ada@co.example"},
               "createdAt": "2025-01-01T00:00:00Z", "archived": False}
    with pytest.raises(IngestError, match="a HubSpot contact"):
        parse_file(json.dumps(contact).encode(), "contact.json", "orchard-line")


def test_the_newest_export_naming_the_account_speaks_for_it_when_there_is_no_crm_json():
    from ingest.crm_choice import choose_account_record

    older = parse_file((CRM / "hubspot_company.json").read_bytes(), "exports/hubspot.json", "orchard-line-growers")
    newer_record = json.loads((CRM / "salesforce_account.json").read_text())
    newer_record["LastModifiedDate"] = "2026-03-01T08:30:00.000+0000"
    newer = parse_file(json.dumps(newer_record).encode(), "exports/salesforce.json", "orchard-line-growers")

    choice = choose_account_record("orchard-line-growers", [*older, *newer])

    assert choice.chosen.source_path == "exports/salesforce.json"


def test_a_data_loader_csv_is_read_by_salesforce_api_names_with_their_salesforce_meaning():
    [document] = parse_file((CRM / "salesforce_dataloader_account.csv").read_bytes(), "extract.csv", "orchard")

    record = document.metadata.record
    assert (record.name, record.domain, record.arr_usd) == ("Orchard Line Growers", "orchardline.example", 96000)
    assert record.renewal_date == date(2026, 9, 30)
    assert record.owner_csm.name == "Ines Fallon" and record.owner_csm.email == "ines.fallon@vendor.example"
    assert record.account_executive.name == "Elena Marsh"  # the account's Owner sells; the CSM__r looks after it
    assert record.model_extra["company_annual_revenue"] == "25000000"


def test_a_data_loader_csv_with_a_bare_column_of_a_lookups_name_keeps_the_lookups_fields():
    header = '"ID","NAME","OWNER.NAME","CSM__R","CSM__R.EMAIL","CSM__R.NAME"'
    for columns in (header, header.replace('"CSM__R","CSM__R.EMAIL"', '"CSM__R.EMAIL","CSM__R"')):
        row = dict(zip(header.split(","), ['"001A"', '"Orchard Line"', '"Elena Marsh"', '"0053000000XyZaCAAV"',
                                           '"ines.fallon@vendor.example"', '"Ines Fallon"']))
        data = f"{columns}\n{','.join(row[column] for column in columns.split(','))}\n".encode()

        [document] = parse_file(data, "extract.csv", "orchard")

        csm = document.metadata.record.owner_csm
        assert (csm.name, csm.email) == ("Ines Fallon", "ines.fallon@vendor.example"), columns


def test_a_hubspot_company_csv_is_read_by_its_column_labels():
    [document] = parse_file((CRM / "hubspot-crm-exports-companies.csv").read_bytes(), "companies.csv", "orchard")

    record = document.metadata.record
    assert (record.name, record.domain, record.arr_usd) == ("Orchard Line Growers", "orchardline.example", 96000)
    assert record.renewal_date == date(2026, 9, 30) and record.owner_csm.name == "Ines Fallon"
    assert record.model_extra["company_annual_revenue"] == "25000000"
    assert document.source_type is SourceType.CRM
