"""The review lifecycle: draft -> approved | rejected, versions, audit, access, and what only approval allows."""

from __future__ import annotations

from datetime import date
from email import message_from_bytes, policy

import pytest

from assistant.access.audit import read_events
from assistant.emails import service
from assistant.emails.models import EmailStateError
from assistant.platform.errors import Forbidden, NotFound

AS_OF = date(2026, 2, 10)


def _intro(team, who="nadia"):
    return service.draft_email(team[who], "fernhill-creamery", "intro", AS_OF)


def test_outgoing_csm_drafts_reviewer_edits_and_approves_and_the_eml_has_correct_headers(team):
    draft = _intro(team)
    assert draft.status == "draft" and draft.current.version == 1 and draft.author == "nadia"

    edited = service.edit_draft(team["rita"], draft.id, subject="Meet Elliot Faraday, your new CSM")
    approved = service.approve(team["rita"], draft.id, "good to go")
    message = message_from_bytes(service.export_eml(team["nadia"], draft.id), policy=policy.default)

    assert edited.current.version == 2 and approved.status == "approved"
    assert message["From"] == "Nadia Voss <nadia.voss@cobaltline.io>"
    assert message["To"] == "Rafael Oduya <roduya@fernhillcreamery.com>"
    assert message["Cc"] == "Elliot Faraday <elliot.faraday@cobaltline.io>"
    assert message["Subject"] == "Meet Elliot Faraday, your new CSM"
    assert message["Message-ID"].startswith("<") and message["Message-ID"].endswith("@cobaltline.io>")
    assert message["Date"] and message["MIME-Version"] == "1.0"
    assert message.get_content_type() == "text/plain" and message.get_content_charset() == "utf-8"
    assert "Elliot Faraday" in message.get_content()


def test_the_author_cannot_approve_their_own_draft(team):
    draft = _intro(team, who="rita")  # a reviewer may draft, but another reviewer decides
    with pytest.raises(Forbidden, match="another reviewer"):
        service.approve(team["rita"], draft.id)
    assert service.approve(team["ravi"], draft.id).status == "approved"


def test_a_csm_cannot_approve_or_reject(team):
    draft = _intro(team)
    with pytest.raises(Forbidden, match="reviewer"):
        service.approve(team["elliot"], draft.id)
    with pytest.raises(Forbidden, match="reviewer"):
        service.reject(team["elliot"], draft.id, "no")


def test_the_local_operator_cannot_approve(team, fernhill):
    draft = _intro(team)
    with pytest.raises(Forbidden):
        service.approve(fernhill, draft.id)


def test_an_unreviewed_draft_cannot_be_exported_or_sent(team):
    draft = _intro(team)
    with pytest.raises(EmailStateError, match="only an approved email"):
        service.export_eml(team["nadia"], draft.id)
    with pytest.raises(EmailStateError, match="only an approved email"):
        service.send_email(team["nadia"], draft.id)


def test_a_rejected_draft_cannot_be_exported_sent_or_edited(team):
    draft = _intro(team)
    rejected = service.reject(team["rita"], draft.id, "too long")
    assert rejected.status == "rejected" and rejected.reviews[-1].comment == "too long"
    with pytest.raises(EmailStateError):
        service.export_eml(team["nadia"], draft.id)
    with pytest.raises(EmailStateError):
        service.send_email(team["nadia"], draft.id)
    with pytest.raises(EmailStateError, match="draft a new one"):
        service.edit_draft(team["nadia"], draft.id, subject="Another try")
    with pytest.raises(EmailStateError):
        service.approve(team["ravi"], draft.id)


def test_rejecting_needs_a_comment(team):
    draft = _intro(team)
    with pytest.raises(Exception, match="why"):
        service.reject(team["rita"], draft.id, "  ")


def test_edits_create_versions_and_the_audit_log_has_the_diff(team, fernhill):
    draft = _intro(team)
    body = draft.body.replace("Best regards,", "Warm regards,")
    edited = service.edit_draft(team["nadia"], draft.id, body=body)
    service.approve(team["rita"], draft.id)

    assert [v.version for v in edited.versions] == [1, 2]
    assert "Best regards," in edited.versions[0].body and "Warm regards," in edited.current.body
    events = {e.action: e for e in read_events(fernhill, account_id="fernhill-creamery")}
    assert {"email.draft", "email.edit", "email.approve"} <= events.keys()
    edit_event = events["email.edit"]
    assert edit_event.actor == "nadia" and edit_event.object_id == str(draft.id)
    assert "-Best regards," in edit_event.detail["diff"] and "+Warm regards," in edit_event.detail["diff"]
    approval = events["email.approve"]
    assert approval.actor == "rita" and approval.detail["status"] == "draft -> approved"


def test_an_edit_without_changes_adds_no_version(team):
    draft = _intro(team)
    assert service.edit_draft(team["nadia"], draft.id, subject=draft.subject).current.version == 1


def test_editing_an_approved_email_sends_it_back_to_review(team):
    draft = _intro(team)
    service.approve(team["rita"], draft.id)
    back = service.edit_draft(team["nadia"], draft.id, subject="Changed after approval")
    assert back.status == "draft"
    with pytest.raises(EmailStateError):
        service.export_eml(team["nadia"], draft.id)


def test_a_user_without_access_to_the_account_gets_not_found(team):
    draft = _intro(team)
    with pytest.raises(NotFound):
        service.draft_email(team["olga"], "fernhill-creamery", "intro", AS_OF)
    with pytest.raises(NotFound):
        service.get_draft(team["olga"], draft.id)
    with pytest.raises(NotFound):
        service.edit_draft(team["olga"], draft.id, subject="x")
    with pytest.raises(NotFound):
        service.export_eml(team["olga"], draft.id)


def test_the_review_queue_lists_waiting_drafts_the_caller_may_see(team):
    waiting = _intro(team)
    decided = _intro(team)
    service.approve(team["rita"], decided.id)

    assert [d.id for d in service.list_drafts(team["rita"])] == [waiting.id]
    assert service.list_drafts(team["olga"]) == []
    assert [d.id for d in service.list_drafts(team["rita"], status="approved")] == [decided.id]


def test_a_missing_draft_is_not_found(team):
    with pytest.raises(NotFound):
        service.get_draft(team["rita"], 999)
