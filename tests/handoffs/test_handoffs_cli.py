"""``handoff accounts`` shows each account's open handoff; ``handoff handoffs`` lists them, superseded ones too."""

from __future__ import annotations

import json


from handoffs.helpers import ELENA, INES, TOMAS, TRANSITION, set_crm


def test_ingest_says_the_handoff_opened_and_accounts_shows_it(run, tiny_account):
    set_crm(tiny_account, owner=INES, incoming=TOMAS, transition=TRANSITION)

    ingested = run("ingest", str(tiny_account), "--as-of", "2025-10-20")
    listed = run("accounts")

    assert "handoff opened: Ines Fallon -> Tomas Greer, effective 2025-11-17, open" in ingested.output
    words = listed.output.split()  # the table wraps its cells
    assert {"handoff", "Fallon", "Greer,", "2025-11-17,", "open"} <= set(words)
    [account] = json.loads(run("accounts", "--json").stdout)
    assert (account["handoff"]["incoming"]["name"], account["handoff"]["status"]) == ("Tomas Greer", "open")


def test_handoffs_lists_an_accounts_handoffs_newest_first_as_json(run, tiny_account):
    set_crm(tiny_account, owner=INES, incoming=TOMAS, transition=TRANSITION)
    run("ingest", str(tiny_account))
    set_crm(tiny_account, owner=INES, incoming=ELENA, transition=TRANSITION)
    run("ingest", str(tiny_account))

    result = run("handoffs", "tiny-co", "--json")

    assert result.exit_code == 0
    assert [(h["incoming"]["name"], h["status"]) for h in json.loads(result.stdout)] == [
        ("Elena Marsh", "open"), ("Tomas Greer", "superseded")]
    assert "Elena Marsh" in run("handoffs").output


def test_handoffs_of_an_unknown_account_is_an_error(run, tiny_account):
    run("ingest", str(tiny_account))

    result = run("handoffs", "no-such-account")

    assert result.exit_code == 1 and "no account 'no-such-account'" in result.output


def test_readiness_and_accept_on_the_command_line(run, tiny_account):
    set_crm(tiny_account, owner=INES, incoming=TOMAS, transition=TRANSITION)
    run("ingest", str(tiny_account), "--as-of", "2025-10-20")

    ready = run("readiness", "tiny-co", "--as-of", "2025-10-20")
    refused = run("accept", "tiny-co", "--as-of", "2025-10-20")
    accepted = run("accept", "tiny-co", "--with-open-items", "--as-of", "2025-10-20")

    assert "not ready (a high-severity gap is open)" in ready.output and "open gaps:" in ready.output
    assert refused.exit_code == 1 and "--with-open-items" in refused.output
    assert accepted.exit_code == 0 and "accepted: Ines Fallon -> Tomas Greer" in accepted.output
    assert "plan: Internal handoff completed" in accepted.output
