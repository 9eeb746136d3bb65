"""Support-ticket parsers: Zendesk and Jira JSON exports, and ticket CSVs. Each ticket becomes one ``Document``.

    parse_tickets_json(data, "tickets/tickets.json", "acme")   # Zendesk or Jira, told apart by content
    parse_tickets_csv(data, "tickets/export.csv", "acme", TicketColumnMapping(id="Case #", subject="Headline"))

Bad input raises ``IngestError``; a single unreadable ticket inside a good export is logged and skipped.
"""

from ingest.tickets_common import normalise_priority, normalise_status
from ingest.tickets_csv import TicketColumnMapping, looks_like_tickets_csv, parse_tickets_csv
from ingest.tickets_json import (
    adf_to_text,
    looks_like_tickets_json,
    parse_jira_json,
    parse_tickets_json,
    parse_zendesk_json,
)

__all__ = [
    "TicketColumnMapping",
    "adf_to_text",
    "looks_like_tickets_csv",
    "looks_like_tickets_json",
    "normalise_priority",
    "normalise_status",
    "parse_jira_json",
    "parse_tickets_csv",
    "parse_tickets_json",
    "parse_zendesk_json",
]
