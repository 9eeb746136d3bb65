"""What the user tells ingest about their files that the files do not say themselves."""

from __future__ import annotations

from pydantic import BaseModel

from ingest.tickets import TicketColumnMapping


class ReadOptions(BaseModel):
    ticket_mapping: TicketColumnMapping | None = None  # the columns of a generic tickets CSV
    crm_name: str | None = None  # the account's name or id in an org-wide CRM export holding many accounts
