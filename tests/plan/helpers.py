"""Constants and helpers shared by the plan tests."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
AS_OF = date(2026, 2, 6)
TRANSITION = date(2026, 2, 16)
FERNHILL = "fernhill-creamery"

PRODUCT_TASKS = {
    "Internal handoff": ["Documentation complete", "Gaps resolved", "Debrief held", "CRM owner updated",
                         "Tickets and CCs moved"],
    "External handoff": ["Intro email approved and sent", "Joint intro call", "Overlap period with CC on emails",
                         "Step back and monitor", "Farewell sent"],
}

TEAM_TEMPLATE = """\
name: lean
milestones:
  - name: Prepare
    tasks:
      - {title: Write the note, owner: outgoing, due_offset_days: -5, done_when: The note is reviewed.}
  - name: Meet the customer
    tasks:
      - {title: Intro call, owner: incoming, due_offset_days: 3}
gaps: {milestone: Prepare, owner: incoming, due_offset_days: -1}
"""


def rewrite_crm(account_dir: Path, **changes) -> None:
    """Change top-level fields of the account's crm.json (a value of None removes the field)."""
    path = account_dir / "crm.json"
    record = json.loads(path.read_text())
    for key, value in changes.items():
        if value is None:
            record.pop(key, None)
        else:
            record[key] = value
    path.write_text(json.dumps(record))
