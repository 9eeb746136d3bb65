"""Email tests: the fernhill-creamery example account ingested, and a small team of users."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.facts.material import load_account
from assistant.account.ingest import ingest_path
from assistant.access.users import add_user, assign

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "accounts"
AS_OF_FERNHILL = "2026-02-10"


@pytest.fixture
def fernhill(context):
    """The context with fernhill-creamery ingested (workload_rebalance: Nadia Voss -> Elliot Faraday)."""
    ingest_path(context, EXAMPLES / "fernhill-creamery")
    return context


@pytest.fixture
def team(fernhill):
    """Users by role: the outgoing and incoming CSMs (by their CRM emails), two reviewers assigned to the account,
    and a CSM of another book who may not see it. Each value is a context acting as that user."""
    people = {
        "nadia": add_user(fernhill, "nadia", "csm", "nadia.voss@cobaltline.io"),
        "elliot": add_user(fernhill, "elliot", "csm", "elliot.faraday@cobaltline.io", title="Senior CSM, Midwest",
                           background="Elliot ran maintenance programmes at a dairy processor."),
        "rita": add_user(fernhill, "rita", "reviewer", "rita.lead@cobaltline.io"),
        "ravi": add_user(fernhill, "ravi", "reviewer", "ravi.lead@cobaltline.io"),
        "olga": add_user(fernhill, "olga", "csm", "olga.other@cobaltline.io"),
    }
    assign(fernhill, "rita", "fernhill-creamery")
    assign(fernhill, "ravi", "fernhill-creamery")
    return {name: fernhill.as_principal(user.principal()) for name, user in people.items()}


@pytest.fixture(scope="session")
def fernhill_material():
    return load_account(EXAMPLES / "fernhill-creamery")
