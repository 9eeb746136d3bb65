"""Account records from CRM APIs, as the fields of a ``CrmRecord``: Salesforce Account records (REST, SOQL query
responses, ``sf data export tree``) and HubSpot v3 companies (``properties`` unwrapped). Shapes:
``docs/export-shapes.md`` section 3.

Standard fields keep their CRM meaning: a company's AnnualRevenue is its revenue, not what it pays us, and a
Salesforce account's Owner is the salesperson who owns it, not its CSM. Custom fields are matched by name like
the columns of a CSM's own export ("Renewal_Date__c" is the renewal date, "CSM__c" the CSM)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Literal

from ingest.crm import bare_domain, build_record, column_path, crm_document
from ingest.crm_choice import names_account
from ingest.document import Document
from ingest.errors import IngestError

CrmExport = Literal["salesforce", "hubspot"]

_SALESFORCE_STANDARD = {
    "Id": "salesforce_id", "Name": "name", "Website": "domain", "Industry": "industry", "Description": "notes",
    "AnnualRevenue": "company_annual_revenue", "NumberOfEmployees": "employees", "Type": "account_type",
    "Owner": "account_executive", "OwnerId": "owner_id", "LastModifiedDate": "last_modified",
    "CreatedDate": "created_date",
}
_HUBSPOT_STANDARD = {
    "name": "name", "domain": "domain", "website": "website", "industry": "industry", "description": "notes",
    "annualrevenue": "company_annual_revenue", "numberofemployees": "employees", "hs_object_id": "hubspot_id",
    "hubspot_owner_id": "hubspot_owner_id", "lifecyclestage": "lifecycle_stage", "createdate": "created_date",
    "hs_lastmodifieddate": "last_modified",
}
_STANDARD_BY_LOWER = {name.lower(): name for name in _SALESFORCE_STANDARD}
_SALESFORCE_ONLY = {"ownerid", "annualrevenue", "numberofemployees", "lastmodifieddate", "createddate",
                    "billingcity", "billingcountry", "accountnumber", "recordtypeid", "parentid", "systemmodstamp",
                    "owner.name", "isdeleted"}
_API_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$")
_SALESFORCE_ID = re.compile(r"^(?=.*\d)[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$")
_EPOCH_MS = re.compile(r"^\d{12,13}$")


def read_crm_export(fmt: CrmExport, payload: object, source_path: str, account_id: str,
                    crm_name: str | None = None) -> Document:
    """The account's record: the only one in the response, or the one naming the account in an org-wide export."""
    records = [r for r in _records(payload) if isinstance(r, dict)]
    documents = [crm_document(build_record(salesforce_fields(r) if fmt == "salesforce" else hubspot_fields(r),
                                           source_path), "json", source_path, f"path:{source_path}", account_id)
                 for r in records]
    return account_record(documents, account_id, source_path, crm_name)


def account_record(documents: list[Document], account_id: str, source_path: str,
                   crm_name: str | None = None) -> Document:
    """One CRM record of an export: the only one, or, from many accounts' (an org-wide export), the one whose id or
    name is the account's (or ``crm_name``, the user's word for it); otherwise the export is refused, never read as
    this account's record."""
    if len(documents) == 1:
        return documents[0]
    named = [d for d in documents if names_account(d.metadata.record, crm_name or account_id)]
    if len(named) == 1:
        return named[0]
    who = repr(crm_name) if crm_name else repr(account_id)
    raise IngestError(source_path, f"{len(documents)} accounts' records in one export (an org-wide export) and "
                                   f"{'none' if not named else len(named)} named {who}; export this account's own "
                                   "record, or say which record is the account's with --crm-name \"Its Name\"")


def _records(payload: object) -> list:
    if isinstance(payload, dict) and isinstance(payload.get("records"), list):
        return payload["records"]
    if isinstance(payload, dict) and isinstance(payload.get("results"), list):
        return payload["results"]
    return payload if isinstance(payload, list) else [payload]


def salesforce_fields(record: dict) -> dict:
    fields: dict = {}
    for key, value in record.items():
        if key == "attributes" or value is None:
            continue
        if key in _SALESFORCE_STANDARD:
            fields[_SALESFORCE_STANDARD[key]] = _person(value) if isinstance(value, dict) else value
        elif key.endswith("__r") and isinstance(value, dict) and value.get("Name"):  # a custom lookup: CSM__r
            fields[column_path(key.removesuffix("__r"))] = _person(value)
        elif key.endswith("__c") and not isinstance(value, (dict, list)):
            target = column_path(key.removesuffix("__c"))
            if not (isinstance(value, str) and _SALESFORCE_ID.match(value)):  # a lookup's id: its __r has the name
                fields.setdefault(target, value)
    if isinstance(fields.get("domain"), str):
        fields["domain"] = bare_domain(fields["domain"])
    return fields


def hubspot_fields(record: dict) -> dict:
    fields: dict = {"hubspot_id": record.get("id"), "last_modified": record.get("updatedAt"),
                    "created_date": record.get("createdAt")}
    for key, value in (record.get("properties") or {}).items():
        if value is None or value == "":
            continue
        target = _HUBSPOT_STANDARD.get(key) or column_path(key)
        fields[target] = _epoch_ms_date(value)
    if isinstance(fields.get("domain"), str):
        fields["domain"] = bare_domain(fields["domain"])
    return {key: value for key, value in fields.items() if value is not None}


def is_salesforce_api_header(header: list[str]) -> bool:
    """A CSV whose columns are Salesforce API names (Data Loader, ``sf data query --result-format csv``), not a
    report's labels: every column a bare name or ``Lookup.Field``, an Id, and something only Salesforce writes."""
    names = [name.strip() for name in header if name.strip()]
    if not names or not all(_API_NAME.match(name) for name in names) or "id" not in {n.lower() for n in names}:
        return False
    return any(n.lower().endswith("__c") or "__r." in n.lower() or n.lower() in _SALESFORCE_ONLY for n in names)


def salesforce_csv_fields(header: list[str], row: list[str]) -> dict:
    """A Data Loader row as the record the REST API returns, read like one."""
    record: dict = {}
    for name, cell in zip(header, row):
        value = cell.strip()
        if not value:
            continue
        lookup, _, field = name.strip().partition(".")
        key = _api_case(lookup)
        if field:
            related = record.get(key)
            if not isinstance(related, dict):  # a bare column of the lookup's name says less than its fields do
                related = record[key] = {}
            related[field.capitalize() if field.isupper() else field] = value
        elif not isinstance(record.get(key), dict):
            record[key] = value
    return salesforce_fields(record)


def _api_case(name: str) -> str:
    """Data Loader writes API names in capitals: OWNERID -> OwnerId, CSM__C -> CSM__c, OWNER -> Owner."""
    lower = name.lower()
    if lower in _STANDARD_BY_LOWER:
        return _STANDARD_BY_LOWER[lower]
    if lower.endswith(("__c", "__r")):
        return name[:-3] + lower[-3:]
    return name


def _person(value: dict) -> dict:
    return {"name": value.get("Name"), "email": value.get("Email"), "title": value.get("Title")}


def _epoch_ms_date(value: object) -> object:
    """HubSpot writes date properties as epoch milliseconds in a string."""
    if isinstance(value, str) and _EPOCH_MS.match(value):
        try:
            return datetime.fromtimestamp(int(value) / 1000, tz=UTC).isoformat()
        except (OverflowError, OSError, ValueError):
            return value
    return value
