"""Plan tests run on the example account fernhill-creamery (transition effective 2026-02-16, truth as_of 2026-02-06)
and on the tiny-co fixture account when a test needs to change the CRM record."""

from __future__ import annotations

import shutil

import pytest

from assistant.indexer import ingest_path
from plan.helpers import EXAMPLES, FERNHILL


@pytest.fixture
def fernhill(context, tmp_path):
    target = tmp_path / FERNHILL
    shutil.copytree(EXAMPLES / "accounts" / FERNHILL, target)
    ingest_path(context, target)
    return context


@pytest.fixture
def tiny(context, tiny_account):
    ingest_path(context, tiny_account)
    return context
