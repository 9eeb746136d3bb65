"""What the account's snapshot shows for a field the CRM record leaves empty: the value a debrief answer gives (a
renewal date or ARR read as a value; health or a communication preference as the answer says it), with whose word
it is."""

from __future__ import annotations

from pydantic import BaseModel

from assistant.account.model import AccountModel

MAX_ANSWER_CHARS = 160
_FIELD_OF_VALUE = {"renewal_date": "renewal", "arr": "arr"}
_FIELD_OF_ANSWER = {"missing_renewal_date": "renewal", "missing_contract_value": "arr",
                    "missing_health_score": "health", "missing_communication_preference": "prefers"}


class SnapshotFill(BaseModel):
    value: str
    said_in: str  # "Sam Ortiz's debrief answer, 2026-03-01"


def snapshot_fills(model: AccountModel) -> dict[str, SnapshotFill]:
    """By snapshot field (renewal, arr, health, prefers): a typed value first, else the newest answer's words."""
    fills = {_FIELD_OF_VALUE[v.field]: SnapshotFill(value=v.value, said_in=v.said_in) for v in model.record_values}
    for answer in reversed(model.debrief_answers):
        field = _FIELD_OF_ANSWER.get(answer.item_kind)
        if field and field not in fills:
            text = answer.text if len(answer.text) <= MAX_ANSWER_CHARS else answer.text[:MAX_ANSWER_CHARS - 1] + "…"
            day = f", {answer.day.isoformat()}" if answer.day else ""
            fills[field] = SnapshotFill(value=text, said_in=f"{answer.author}'s debrief answer{day}")
    return fills
