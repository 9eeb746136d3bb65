"""CRM account records: one JSON record, or a Salesforce/HubSpot-style CSV export (one document per row).

The body renders the record as "Label: value" lines, so search finds the facts and a citation can quote one line.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import math
from datetime import date, datetime
from pathlib import PurePosixPath
from collections.abc import Callable

from dateutil import parser as dateparser
from pydantic import ValidationError

from ingest.document import CrmMetadata, CrmRecord, Document, Person, SourceType, Transition, Unit
from ingest.errors import IngestError
from ingest.meetings import as_datetime, decode_text, parse_people, parse_person
from ingest.storable import NonFiniteNumber, load_finite_json

log = logging.getLogger(__name__)

PERSON_FIELDS = ("owner_csm", "incoming_csm", "primary_contact", "executive_sponsor", "account_executive")
_DATE_FIELDS = ("contract_start", "renewal_date", "last_activity_date")
_NUMBER_FIELDS = ("arr_usd", "health_score", "nps", "seats_purchased", "seats_active")
_TEXT_FIELDS = (
    "account_id", "name", "domain", "segment", "industry", "plan", "communication_preference", "sla", "notes"
)
_UPDATED_KEYS = (
    "last_modified", "last_modified_date", "updated_at", "modified_at", "last_updated", "system_modstamp"
)
_CREATED_KEYS = ("created_at", "created_date")

_SNAPSHOT = {
    "name": "Account", "account_id": "Account ID", "domain": "Domain", "segment": "Segment",
    "industry": "Industry", "plan": "Plan", "products": "Products", "arr_usd": "ARR (USD)",
    "contract_start": "Contract start",
    "renewal_date": "Renewal date", "seats_purchased": "Seats purchased", "seats_active": "Seats active",
    "health_score": "Health score", "nps": "NPS", "last_activity_date": "Last activity date", "sla": "SLA",
    "communication_preference": "Communication preference", "success_criteria": "Success criteria",
}
_PEOPLE = {
    "owner_csm": "Owner CSM", "incoming_csm": "Incoming CSM", "account_executive": "Account executive",
    "primary_contact": "Primary contact", "executive_sponsor": "Executive sponsor",
}
_TRANSITION = {
    "reason": "Transition reason", "effective_date": "Transition effective date", "notes": "Transition notes"
}

# CSV header (normalised: lower snake case, parentheses dropped) -> record field, "field.sub" for nested ones.
_COLUMNS = {
    "name": "name", "account_name": "name", "company_name": "name", "company": "name", "account": "name",
    "account_id": "account_id", "id": "account_id", "domain": "domain", "website": "domain",
    "arr": "arr_usd", "arr_usd": "arr_usd", "annual_recurring_revenue": "arr_usd",
    # a CRM's "Annual Revenue" is the company's own revenue, not what it pays us
    "annual_revenue": "company_annual_revenue", "annualrevenue": "company_annual_revenue",
    "amount": "arr_usd", "renewal_date": "renewal_date", "contract_end_date": "renewal_date",
    "contract_end": "renewal_date", "contract_start": "contract_start", "contract_start_date": "contract_start",
    "seats": "seats_purchased", "licenses": "seats_purchased", "active_seats": "seats_active",
    "active_users": "seats_active", "health": "health_score", "nps_score": "nps", "product": "products",
    "description": "notes", "account_notes": "notes", "last_activity": "last_activity_date",
    "account_owner": "owner_csm", "csm": "owner_csm", "owner": "owner_csm",
    "customer_success_manager": "owner_csm",
    "owner_email": "owner_csm.email", "csm_email": "owner_csm.email", "exec_sponsor": "executive_sponsor",
    # HubSpot's company export labels; a contract's annual value is what the customer pays a year, its total not
    "company_owner": "owner_csm", "company_domain_name": "domain", "website_url": "domain",
    "record_id": "crm_record_id", "annual_contract_value": "arr_usd", "acv": "arr_usd",
}
_NESTED = (*PERSON_FIELDS, "transition")


def parse_crm_json(data: bytes, source_path: str, account_id: str) -> Document:
    text = decode_text(data, source_path)
    try:
        raw = load_finite_json(text)
    except NonFiniteNumber as exc:
        raise IngestError(source_path, f"not valid JSON: {exc}; fix or re-export it") from None
    except RecursionError as exc:
        raise IngestError(source_path, "the JSON is nested too deeply to read; export the record again") from exc
    except json.JSONDecodeError as exc:
        raise IngestError(
            source_path, f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}; fix or re-export it"
        ) from exc
    record = build_record(_one_record(raw, source_path), source_path)
    return crm_document(record, "json", source_path, f"path:{source_path}", account_id)


RowFields = Callable[[list[str], list[str]], dict]  # (header, row) -> the record's fields


def parse_crm_csv(data: bytes, source_path: str, account_id: str,
                  row_fields: RowFields | None = None) -> list[Document]:
    """One document per non-empty row; rows are numbered from 1 (the first row under the header). ``row_fields``
    reads a row of an export whose columns are named in its tool's own way (Salesforce API names)."""
    text = decode_text(data, source_path)
    header, rows = _read_csv(text, source_path)
    if row_fields is None:
        paths = [column_path(column) for column in header]
        known = set(CrmRecord.model_fields)
        if not any(path.split(".")[0] in known for path in paths if path):
            raise IngestError(
                source_path, "no CRM columns recognised in the header row; expected e.g. 'Account Name', 'ARR', "
                "'Renewal Date', 'Account Owner'",
            )
        row_fields = lambda _, row: _row_fields(paths, row)  # noqa: E731
    numbered = [(n, row) for n, row in enumerate(rows, start=1) if any(cell.strip() for cell in row)]
    if not numbered:
        raise IngestError(source_path, "the CSV has a header row but no account rows")
    documents = []
    for n, row in numbered:
        record = build_record(row_fields(header, row), f"{source_path}#{n}")
        path = f"{source_path}#{n}" if len(numbered) > 1 else source_path
        documents.append(crm_document(record, "csv", path, f"path:{source_path}#{n}", account_id))
    return documents


# ---- reading ---------------------------------------------------------------------------------------------------


def _one_record(raw: object, source_path: str) -> dict:
    if isinstance(raw, list):
        if len(raw) != 1:
            raise IngestError(source_path, f"expected one account record, found a list of {len(raw)}; "
                                           "export one account per file")
        raw = raw[0]
    if isinstance(raw, dict) and isinstance(raw.get("account"), dict) and "name" not in raw:
        raw = raw["account"]
    if not isinstance(raw, dict):
        raise IngestError(source_path, "expected a JSON object with the account's fields (name, arr_usd, ...)")
    return raw


def _read_csv(text: str, source_path: str) -> tuple[list[str], list[list[str]]]:
    first_line = next((line for line in text.split("\n") if line.strip()), "")
    delimiter = max(",;\t|", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows = [row for row in reader]
    except csv.Error as exc:
        raise IngestError(source_path, f"unreadable CSV at line {reader.line_num}: {exc}") from exc
    rows = [row for row in rows if row]
    return rows[0], [row + [""] * (len(rows[0]) - len(row)) for row in rows[1:]]


def column_path(header: str) -> str:
    """ "Account Name" -> "name", "Owner Email" -> "owner_csm.email", "executive_sponsor.name" as is."""
    header = re.sub(r"\([^)]*\)", "", header)
    header = re.sub(r"__[cCrR](?=$|\.)", "", header.strip())  # Salesforce custom names: Renewal_Date__c, CSM__r.Name
    header = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", header.strip())
    parts = [re.sub(r"[^a-z0-9]+", "_", part.lower()).strip("_") for part in header.split(".")]
    key = ".".join(part for part in parts if part)
    if key in _COLUMNS:
        return _COLUMNS[key]
    for nested in _NESTED:
        if key.startswith(nested + "_"):
            return f"{nested}.{key[len(nested) + 1:]}"
    return key


def _row_fields(paths: list[str], row: list[str]) -> dict:
    fields: dict = {}
    for path, cell in zip(paths, row):
        value = cell.strip()
        if not path or not value:
            continue  # an empty cell is a missing value, not ""
        top, _, sub = path.partition(".")
        if top in PERSON_FIELDS and not sub:
            person = parse_person(value)
            _nested(fields, top).update(person.model_dump(exclude_none=True) if person else {})
        elif sub:
            _nested(fields, top)[sub] = value
        elif isinstance(fields.get(top), dict):
            fields[top][_plain_key(top)] = value
        else:
            fields[top] = value
    return fields


def _nested(fields: dict, top: str) -> dict:
    """The dict for a nested field; a plain value already there (a "Transition" column) moves inside it."""
    current = fields.get(top)
    if not isinstance(current, dict):
        fields[top] = {} if current is None else {_plain_key(top): current}
    return fields[top]


def _plain_key(top: str) -> str:
    return "notes" if top == "transition" else "value"


# ---- the record ------------------------------------------------------------------------------------------------


def build_record(fields: dict, source_path: str) -> CrmRecord:
    """Typed record; a value that cannot be read as its type is kept as text under "<field>_raw"."""
    values = {key: _coerce(key, _blank_to_none(value)) for key, value in fields.items()}
    try:
        return CrmRecord.model_validate(values)
    except ValidationError as exc:
        for field in {error["loc"][0] for error in exc.errors() if error["loc"]}:
            log.warning("%s: CRM field %r kept as text, %r is not valid", source_path, field, values[field])
            values[f"{field}_raw"] = values.pop(field)
        return CrmRecord.model_validate(values)


def _blank_to_none(value: object) -> object:
    if isinstance(value, str):
        return value.strip() or None
    return value


def _coerce(key: str, value: object) -> object:
    if value is None:
        return None
    if key in PERSON_FIELDS:
        return parse_person(value) or None
    if key == "contacts":
        return parse_people(value)
    if key == "transition":
        return _transition(value)
    if key in _DATE_FIELDS:
        return to_date(value)
    if key in _NUMBER_FIELDS:
        return to_number(value)
    if key == "products" and isinstance(value, str):
        return [part.strip() for part in re.split(r"[;,]", value) if part.strip()]
    if key in _TEXT_FIELDS and isinstance(value, (int, float)):
        return str(value)
    return value


def _transition(value: object) -> object:
    if isinstance(value, str):
        return Transition(notes=value)
    if not isinstance(value, dict):
        return value
    fields = {key: _blank_to_none(item) for key, item in value.items()}
    when = fields.get("effective_date")
    if when is not None and not isinstance(to_date(when), date):
        fields["effective_date_raw"] = fields.pop("effective_date")
    elif when is not None:
        fields["effective_date"] = to_date(when)
    return fields


def to_date(value: object) -> object:
    """A date from a date, datetime or most written forms; the value unchanged when it is not one."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date) or not isinstance(value, str) or re.fullmatch(r"\s*\d{1,4}\s*", value):
        return value  # a bare number is not a date; dateutil would invent the month and day
    try:
        return dateparser.parse(value).date()
    except (ValueError, ArithmeticError):  # dateutil overflows, or fails in decimal arithmetic on odd seconds
        return value


def to_number(value: object) -> object:
    """84000, "84,000", "$84,000.00", "USD 84k" -> a number; the value unchanged when it is not one."""
    if not isinstance(value, str):
        return value
    text = re.sub(r"(?i)usd|[$€£,%\s]", "", value)
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    text = text[:-1] if scale > 1 else text
    try:
        number = float(text) * scale
    except ValueError:
        return value
    if not math.isfinite(number):  # "NaN" (pandas' empty cell), "inf", 1e999: not a number any store can hold
        return value
    return int(number) if number.is_integer() else number


# ---- the document ----------------------------------------------------------------------------------------------


def crm_document(record: CrmRecord, fmt: str, source_path: str, identity: str, account_id: str) -> Document:
    units = record_units(record)
    extras = record.model_extra or {}
    return Document(
        account_id=account_id, source_type=SourceType.CRM, source_path=source_path, identity=identity,
        title=f"CRM record: {record.name or record.account_id or PurePosixPath(source_path).name}",
        created_at=_first_datetime(extras, _CREATED_KEYS), updated_at=_first_datetime(extras, _UPDATED_KEYS),
        body="\n\n".join(unit.text for unit in units), units=units,
        metadata=CrmMetadata(format=fmt, record=record),
    )


def _first_datetime(extras: dict, keys: tuple[str, ...]) -> datetime | None:
    return next((as_datetime(extras[key]) for key in keys if extras.get(key) is not None), None)


def record_units(record: CrmRecord) -> list[Unit]:
    """The record as "Label: value" lines, grouped into snapshot / people / transition / notes units."""
    extras = record.model_extra or {}
    snapshot = [_line(label, getattr(record, key)) for key, label in _SNAPSHOT.items()]
    people = [_line(label, getattr(record, key)) for key, label in _PEOPLE.items()]
    people += [_line("Contact", contact) for contact in record.contacts]
    moves = _transition_lines(record.transition) if record.transition else []
    for key, value in extras.items():
        (people if _is_person(value) else snapshot).append(_line(_label(key), value))
    groups = [("Account snapshot", snapshot), ("People", people), ("Transition", moves),
              ("Notes", [_line("Notes", record.notes)])]
    return [Unit(text="\n".join(filter(None, lines)), heading=heading) for heading, lines in groups if any(lines)]


def _transition_lines(transition: Transition) -> list[str | None]:
    reason = transition.reason.replace("_", " ") if transition.reason else None  # "territory_change" as words
    lines = [_line(_TRANSITION["reason"], reason)]
    lines += [_line(label, getattr(transition, key)) for key, label in _TRANSITION.items() if key != "reason"]
    extras = (transition.model_extra or {}).items()
    return lines + [_line(f"Transition {_label(key).lower()}", value) for key, value in extras]


def _label(key: str) -> str:
    if key.endswith("_raw"):
        return f"{_label(key[:-4])} (as written)"
    known = _SNAPSHOT.get(key) or _PEOPLE.get(key)
    return known or key.replace("_", " ").strip().capitalize()


def _is_person(value: object) -> bool:
    return isinstance(value, dict) and bool({"name", "email"} & value.keys()) and set(value) <= {
        *Person.model_fields, "phone"}


def _line(label: str, value: object) -> str | None:
    text = _render(value)
    return f"{label}: {text}" if text else None


def _render(value: object) -> str:
    if value is None or value == [] or value == {}:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Person) or _is_person(value):
        return person_line(value if isinstance(value, Person) else Person.model_validate(value))
    if isinstance(value, list):
        return "; ".join(filter(None, map(_render, value)))
    if isinstance(value, dict):
        parts = ((k.replace("_", " ").capitalize(), _render(v)) for k, v in value.items())
        return "; ".join(f"{label}: {text}" for label, text in parts if text)
    return " ".join(str(value).split())


def person_line(person: Person) -> str:
    """ "Jane Roe, Sr. Director, Clinical Analytics (Decision maker) <jroe@example.org>"."""
    text = ", ".join(filter(None, [person.name, person.title, person.organization]))
    if person.role:
        text = f"{text} ({person.role})" if text else person.role
    if person.email:
        text = f"{text} <{person.email}>" if text else person.email
    return text


def bare_domain(value: str) -> str:
    """ "https://www.acme.example/about" -> "acme.example": a website as the domain its people write from."""
    host = re.sub(r"^[a-z]+://", "", value.strip().lower()).split("/", 1)[0]
    return host.removeprefix("www.")
