"""The golden eval's email check on the golden accounts (skipped when the shared data is absent): every intro
names the incoming CSM, the main contact and the reason, and carries no planted content."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from assistant.engines.extractive.email import render_offline
from assistant.emails.drafting import build_facts
from assistant.emails.models import EmailDraft, EmailVersion
from assistant.evals.emails_eval import crm_of, score_intro
from assistant.evals.golden import Truth
from assistant.facts.material import load_account

from .conftest import EXAMPLES

NOW = datetime(2026, 2, 10, tzinfo=timezone.utc)


def _offline_draft(folder, as_of) -> EmailDraft:
    material = load_account(folder)
    facts = build_facts(material, material.crm.name, "intro", None, as_of)
    content = render_offline(facts)
    version = EmailVersion(version=1, subject=content.subject, body=content.body, to=[], cc=[], created_at=NOW)
    return EmailDraft(id=1, account_id=material.account_id, kind="intro", status="draft", author_id=None,
                      author="test", sender="", engine="extractive", model="template",
                      generation={"facts": facts.model_dump(mode="json")}, created_at=NOW, updated_at=NOW,
                      versions=[version])


def _cases(root):
    return sorted(p for p in (root / "accounts").iterdir() if (root / "truth" / f"{p.name}.json").is_file())


@pytest.mark.parametrize("dataset", ["golden", "examples"])
def test_every_intro_passes_the_email_eval(dataset, request):
    root = request.getfixturevalue("shared_eval") / "golden" if dataset == "golden" else EXAMPLES.parent
    for folder in _cases(root):
        truth = Truth.model_validate(json.loads((root / "truth" / f"{folder.name}.json").read_text()))
        score = score_intro(truth, _offline_draft(folder, truth.as_of), crm_of(folder))
        assert score["passed"], score
