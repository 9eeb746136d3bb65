"""Gap reports of a stored account are remembered per account revision: a repeated view is cheap, a change to the
account's files is seen at once, and access is checked before anything remembered is read."""

from __future__ import annotations

import json
from datetime import date

import pytest

from assistant.access.rules import Principal
from assistant.platform.errors import NotFound
from assistant.gaps.service import find_gaps
from assistant.account.ingest import ingest_path
from assistant.models import GapKind

AS_OF = date(2025, 12, 1)


def kinds(gaps) -> set[str]:
    return {gap.kind for gap in gaps}


def test_a_repeated_report_is_the_same_and_callers_cannot_change_what_is_remembered(context, tiny_account):
    ingest_path(context, tiny_account)
    first = find_gaps(context, "tiny-co", AS_OF)
    first[0].question = "changed by a caller"

    again = find_gaps(context, "tiny-co", AS_OF)

    assert [g.kind for g in again] == [g.kind for g in first] and again[0].question != "changed by a caller"


def test_a_changed_file_changes_the_report_at_once(context, tiny_account):
    ingest_path(context, tiny_account)
    assert GapKind.MISSING_RENEWAL_DATE not in kinds(find_gaps(context, "tiny-co", AS_OF))
    crm = json.loads((tiny_account / "crm.json").read_text())
    crm["renewal_date"] = None
    (tiny_account / "crm.json").write_text(json.dumps(crm))

    ingest_path(context, tiny_account)

    assert GapKind.MISSING_RENEWAL_DATE in kinds(find_gaps(context, "tiny-co", AS_OF))


def test_a_user_without_access_gets_not_found_even_when_the_report_is_remembered(context, tiny_account):
    ingest_path(context, tiny_account)
    find_gaps(context, "tiny-co", AS_OF)
    stranger = context.as_principal(Principal(user_id=999, name="Stranger", role="csm", email="x@example.com"))

    with pytest.raises(NotFound):
        find_gaps(stranger, "tiny-co", AS_OF)
