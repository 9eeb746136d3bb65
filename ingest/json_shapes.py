"""What a JSON export is, told from its content: the reader that takes it, or why it is refused.

Every JSON file gets a verdict. A shape handoff reads names its reader; a shape it knows but does not read, an API
error body or a page of side-loaded records is refused with what it looks like and what to export instead; anything
else is refused with its top-level keys. Nothing is guessed into a CRM record: a record needs CRM fields.

The shapes are the tools' documented API responses and exports (``docs/export-shapes.md``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ingest.slack_export import index_file_kind, is_slack_channel
from ingest.tickets_json import is_jira_issue, is_zendesk_ticket

# "slack-index": a file of a Slack export that holds names or nothing to index; it gives no documents.
Reader = Literal["tickets", "crm", "crm-salesforce", "crm-hubspot", "freshdesk", "intercom", "helpscout",
                 "github", "salesforce-cases", "transcript-gong", "transcript-fireflies", "comments-zendesk",
                 "comments-jira", "comments-freshdesk", "comments-github", "slack-day", "slack-index"]

# Fields only an account record carries (an object merely holding id, name or notes is not one).
CRM_FIELDS = frozenset({
    "domain", "segment", "industry", "plan", "products", "arr_usd", "contract_start", "renewal_date",
    "seats_purchased", "seats_active", "health_score", "nps", "owner_csm", "incoming_csm", "transition",
    "primary_contact", "executive_sponsor", "account_executive", "success_criteria", "communication_preference",
    "sla", "last_activity_date",
})
_SLACK_TS = re.compile(r"^\d+\.\d+$")
_SAMPLE = 20  # items of a list looked at to tell what it holds


@dataclass(frozen=True)
class JsonVerdict:
    kind: str  # what the file was recognised as, in a user's words
    reader: Reader | None = None  # None: refused
    reason: str = ""  # why it is refused, and what to do instead


def read_as(kind: str, reader: Reader) -> JsonVerdict:
    return JsonVerdict(kind=kind, reader=reader)


def refuse(kind: str, reason: str) -> JsonVerdict:
    return JsonVerdict(kind=kind, reason=f"{kind}: {reason}" if kind else reason)


def recognise_json(payload: object) -> JsonVerdict:
    try:
        if isinstance(payload, list):
            return _recognise_list(payload)
        if isinstance(payload, dict):
            return _recognise_object(payload)
    except (AttributeError, TypeError):  # a known key holding a value of another type than the export's
        keys = _keys(payload) if isinstance(payload, dict) else f"a list of {len(payload)}"
        return refuse("unrecognised JSON", f"{keys}: its values do not have the types of any export handoff reads")
    return refuse("", f"a bare JSON {type(payload).__name__}, not an export of records")


def _recognise_object(obj: dict) -> JsonVerdict:
    for check in (_error_body, _transcript, _zendesk, _jira, _conversation, _salesforce, _hubspot, _single_record,
                  _slack_index, _own_crm_record):
        verdict = check(obj)
        if verdict is not None:
            return verdict
    return refuse("unrecognised JSON", f"top-level keys {_keys(obj)} match no export handoff reads")


def _recognise_list(items: list) -> JsonVerdict:
    if not items:
        return refuse("an empty JSON list", "nothing to read; export again with the records in it")
    sample = items[:_SAMPLE]
    if not all(isinstance(item, dict) for item in sample):
        return refuse("a JSON list", "its items are not objects, so it is no export of records")
    if all(item.get("type") == "message" and _SLACK_TS.match(str(item.get("ts", ""))) for item in sample):
        return read_as("a Slack channel day", "slack-day")
    if all({"body_text", "incoming", "private"} <= item.keys() for item in sample):
        if all("ticket_id" in item for item in sample):
            return read_as("Freshdesk conversations", "comments-freshdesk")
        return refuse("a Freshdesk conversation list", "its conversations do not say their ticket: export the "
                                                       "ticket with ?include=conversations")
    if all(_is_freshdesk_ticket(item) for item in sample):
        return read_as("Freshdesk tickets", "freshdesk")
    if all(is_zendesk_ticket(item) or is_jira_issue(item) for item in sample):
        return read_as("Jira issues" if is_jira_issue(sample[0]) else "Zendesk tickets", "tickets")
    if all("issue_url" in item and _login(item) and "author_association" in item for item in sample):
        return read_as("GitHub issue comments", "comments-github")
    if all(_is_github_issue(item) for item in sample):
        return read_as("GitHub issues", "github")
    if all({"sobject", "files"} <= item.keys() for item in sample):
        return refuse("an sfdx plan file", "it holds no records; import the files it lists")
    if all(isinstance(item.get("attributes"), dict) and item["attributes"].get("type") for item in sample):
        return _salesforce_records(items)
    if (slack_index := index_file_kind(items)) is not None:
        return read_as(slack_index, "slack-index")
    if len(items) == 1 and (crm := _own_crm_record(items[0])) is not None:
        return crm
    if any(_is_crm_record(item) for item in sample):
        return refuse("a list of CRM records", f"{len(items)} records in one file; export one account per file")
    return refuse("a JSON list", f"of {len(items)} objects with keys {_keys(sample[0])}, which match no export "
                                 "handoff reads")


# ---- one shape family each ---------------------------------------------------------------------------------------


def _error_body(obj: dict) -> JsonVerdict | None:
    keys = obj.keys()
    if "errors" in keys and obj.get("data") is None and not obj.get("results"):
        return refuse("an API error response", "it holds errors and no data; export again")
    if {"error", "description"} <= keys or {"errorMessages", "errors"} <= keys or \
            (obj.get("status") == "error" and "message" in keys) or {"requestId", "errors"} <= keys:
        return refuse("an API error response", f"{obj.get('description') or obj.get('message') or 'an error'}; "
                                               "export again")
    return None


def _transcript(obj: dict) -> JsonVerdict | None:
    data = obj.get("data") if isinstance(obj.get("data"), dict) else {}
    sentences = obj.get("sentences")
    if "transcript" in data or "transcripts" in data or (
            isinstance(sentences, list) and sentences and isinstance(sentences[0], dict)
            and "speaker_name" in sentences[0]):
        return read_as("a Fireflies transcript", "transcript-fireflies")
    if isinstance(obj.get("callTranscripts"), list):
        return read_as("a Gong call transcript", "transcript-gong") if obj["callTranscripts"] else \
            refuse("a Gong transcripts page", "the page is empty")
    calls = obj.get("calls")
    if isinstance(calls, list):
        if not calls:
            return refuse("a Gong calls page", "the page is empty")
        return refuse("a Gong calls response", "call metadata without the transcript; export the transcript")
    return None


def _zendesk(obj: dict) -> JsonVerdict | None:
    if isinstance(obj.get("ticket"), dict):
        return read_as("a Zendesk ticket", "tickets")
    if isinstance(obj.get("tickets"), list):
        if not obj["tickets"]:
            return refuse("a Zendesk tickets page", "the page is empty")
        if all(isinstance(item, dict) for item in obj["tickets"][:_SAMPLE]):
            return read_as("Zendesk tickets", "tickets")
    if "audits" in obj:
        return refuse("a Zendesk ticket audits response", "ingest the ticket with its comments instead")
    results = obj.get("results")
    if isinstance(results, list) and results and isinstance(results[0], dict) and "result_type" in results[0]:
        if any(isinstance(r, dict) and r.get("result_type") == "ticket" for r in results):
            return read_as("Zendesk search results", "tickets")
        return refuse("a Zendesk search response", "it holds no tickets (only users, organizations or articles)")
    comments = obj.get("comments")
    if isinstance(comments, list):
        if {"startAt", "maxResults"} & obj.keys():
            return read_as("a Jira comments page", "comments-jira")
        if ({"next_page", "count"} & obj.keys()) or (comments and isinstance(comments[0], dict)
                                                     and {"author_id", "plain_body"} & comments[0].keys()):
            return read_as("a Zendesk comments response", "comments-zendesk")
    if ({"users", "organizations"} & obj.keys()) and not ({"tickets", "ticket"} & obj.keys()):
        return refuse("Zendesk users or organizations", "side-loaded records without tickets; export the tickets "
                                                        "with them")
    return None


def _jira(obj: dict) -> JsonVerdict | None:
    if is_jira_issue(obj):
        return read_as("a Jira issue", "tickets")
    if isinstance(obj.get("issues"), list):
        if not obj["issues"]:
            return refuse("a Jira search page", "the page is empty")
        if all(is_jira_issue(item) for item in obj["issues"][:_SAMPLE]):
            return read_as("Jira issues", "tickets")
    return None


def _conversation(obj: dict) -> JsonVerdict | None:
    if obj.get("type") == "conversation":
        return read_as("an Intercom conversation", "intercom")
    if obj.get("type") == "conversation.list":
        return read_as("Intercom conversations", "intercom") if obj.get("conversations") else \
            refuse("an Intercom conversation list", "the page is empty")
    embedded = obj.get("_embedded") if isinstance(obj.get("_embedded"), dict) else {}
    if "threads" in embedded:
        return read_as("a Help Scout conversation", "helpscout")
    if "conversations" in embedded:
        return read_as("Help Scout conversations", "helpscout") if embedded["conversations"] else \
            refuse("a Help Scout conversation list", "the page is empty")
    if _is_freshdesk_ticket(obj):
        return read_as("a Freshdesk ticket", "freshdesk")
    if _is_github_issue(obj):
        return read_as("a GitHub issue", "github")
    return None


def _salesforce(obj: dict) -> JsonVerdict | None:
    records = obj.get("records")
    if isinstance(records, list) and ({"totalSize", "done"} <= obj.keys() or records and all(
            isinstance(r, dict) and isinstance(r.get("attributes"), dict) for r in records[:_SAMPLE])):
        return _salesforce_records(records) if records else refuse("a Salesforce query response", "it holds no "
                                                                                                  "records")
    if isinstance(records, list):
        return None
    attributes = obj.get("attributes")
    if isinstance(attributes, dict) and attributes.get("type"):
        return _salesforce_records([obj])
    return None


def _salesforce_records(records: list) -> JsonVerdict:
    types = sorted({str((r.get("attributes") or {}).get("type")) for r in records if isinstance(r, dict)})
    if types == ["Case"]:
        return read_as("Salesforce Cases", "salesforce-cases")
    if types == ["Account"]:  # several: an org-wide export, from which the account's own record is taken
        return read_as("a Salesforce Account record" if len(records) == 1 else
                       f"{len(records)} Salesforce Account records", "crm-salesforce")
    return refuse(f"Salesforce {', '.join(types)} records", "handoff reads Salesforce Accounts and Cases; other "
                                                            "Salesforce objects are not read yet")



def _hubspot(obj: dict) -> JsonVerdict | None:
    if _is_hubspot_record(obj):
        return _hubspot_records([obj])
    results = obj.get("results")
    if isinstance(results, list):
        if not results:
            return refuse("an API results page", "the page is empty")
        if all(_is_hubspot_record(item) for item in results[:_SAMPLE]):
            return _hubspot_records(results)
        return refuse("an API results page", f"its items have keys {_keys(results[0])}, which match no export "
                                             "handoff reads")
    if {"companies", "has-more"} <= obj.keys() or {"contacts", "has-more"} <= obj.keys():
        return refuse("a HubSpot v2 (legacy) list", "export with the CRM v3 API instead")
    return None


def _hubspot_records(records: list) -> JsonVerdict:
    """HubSpot objects do not say their type; their properties do."""
    kinds = {_hubspot_object(record.get("properties") or {}) for record in records}
    if kinds != {"company"}:
        return refuse(f"a HubSpot {' and '.join(sorted(kinds))} record", "not an account record; export the "
                                                                         "company")
    return read_as("a HubSpot company" if len(records) == 1 else f"{len(records)} HubSpot companies", "crm-hubspot")


def _hubspot_object(properties: dict) -> str:
    if {"email", "firstname", "lastname"} & properties.keys():
        return "contact"
    if {"dealname", "dealstage"} & properties.keys():
        return "deal"
    if {"subject", "hs_pipeline_stage"} & properties.keys():
        return "ticket"
    return "company" if {"name", "domain"} & properties.keys() else "unknown"


def _single_record(obj: dict) -> JsonVerdict | None:
    if "account" in obj and isinstance(obj["account"], dict) and "name" not in obj:
        return _own_crm_record(obj["account"]) or refuse(
            "an object with an \"account\"", f"its keys {_keys(obj['account'])} hold no CRM fields "
                                             f"(e.g. {', '.join(sorted(CRM_FIELDS)[:4])})")
    return None


def _slack_index(obj: dict) -> JsonVerdict | None:
    if (slack_index := index_file_kind(obj)) is not None:
        return read_as(slack_index, "slack-index")
    if is_slack_channel(obj):
        return refuse("a Slack channel entry", "one entry of a Slack export's channels.json; give the whole export "
                                               "instead (unzipped into the account folder, e.g. slack/)")
    return None


def _own_crm_record(obj: object) -> JsonVerdict | None:
    return read_as("CRM record", "crm") if _is_crm_record(obj) else None


# ---- item tests --------------------------------------------------------------------------------------------------


def _is_crm_record(obj: object) -> bool:
    return isinstance(obj, dict) and bool(CRM_FIELDS & {_snake(key) for key in obj})


def _snake(key: str) -> str:
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", str(key)).lower()


def _is_freshdesk_ticket(item: object) -> bool:
    return isinstance(item, dict) and isinstance(item.get("status"), int) and "requester_id" in item and \
        ("description_text" in item or "subject" in item)


def _is_github_issue(item: object) -> bool:
    return isinstance(item, dict) and {"number", "title", "state"} <= item.keys() and bool(_login(item)) and \
        "github" in str(item.get("html_url", ""))


def _is_hubspot_record(item: object) -> bool:
    return isinstance(item, dict) and "id" in item and isinstance(item.get("properties"), dict) and \
        ("createdAt" in item or "archived" in item)


def _login(item: dict) -> str:
    user = item.get("user")
    return str(user.get("login", "")) if isinstance(user, dict) else ""


def _keys(obj: dict, limit: int = 8) -> str:
    keys = [str(key) for key in obj][:limit]
    more = len(obj) - len(keys)
    return ", ".join(keys) + (f" and {more} more" if more > 0 else "") if keys else "(none)"
