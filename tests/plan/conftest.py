"""Plan tests run on the example account fernhill-creamery (transition effective 2026-02-16, truth as_of 2026-02-06)
and on the tiny-co fixture account when a test needs to change the CRM record."""

from __future__ import annotations

import shutil

import pytest

from assistant.account.ingest import ingest_path
from plan.helpers import AS_OF, EXAMPLES, FERNHILL, rewrite_crm


@pytest.fixture
def fernhill(context, tmp_path):
    target = tmp_path / FERNHILL
    shutil.copytree(EXAMPLES / "accounts" / FERNHILL, target)
    ingest_path(context, target, as_of=AS_OF)  # its transition opens a handoff, whose plan judges gaps as of AS_OF
    return context


@pytest.fixture
def tiny(context, tiny_account):
    ingest_path(context, tiny_account, as_of=AS_OF)
    return context


@pytest.fixture
def tiny_without_transition(context, tiny_account):
    """tiny-co with a CRM record that names no incoming CSM and no transition: no handoff opens, so no plan is made."""
    rewrite_crm(tiny_account, incoming_csm=None, transition=None)
    ingest_path(context, tiny_account, as_of=AS_OF)
    return context
