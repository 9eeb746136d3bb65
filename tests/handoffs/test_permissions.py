"""The forms a transport offers come from the services' own rules: who may answer, accept and write is asked of
``assistant.http.permissions``, and it agrees with what the services then allow or refuse."""

from __future__ import annotations

import pytest

from assistant.access.rules import Principal
from assistant.handoffs.reads import get_handoff
from assistant.http.permissions import may_accept, may_answer, may_write
from handoffs.helpers import ACCOUNT, INES, TOMAS, TRANSITION, ingest, set_crm

OUTGOING = Principal(user_id=51, name="Ines Fallon", role="csm", email="ines.fallon@vendor.example")
INCOMING = Principal(user_id=52, name="Tomas Greer", role="csm", email="tomas.greer@vendor.example")
REVIEWER = Principal(user_id=53, name="Rita Reviewer", role="reviewer", email="rita@vendor.example")


@pytest.fixture
def handing_over(context, tiny_account):
    set_crm(tiny_account, owner=INES, incoming=TOMAS, transition=TRANSITION)
    ingest(context, tiny_account)
    return context


def test_only_the_outgoing_csm_or_an_admin_may_answer(handing_over):
    assert may_answer(handing_over, ACCOUNT)  # the local operator is an admin
    assert may_answer(handing_over.as_principal(OUTGOING), ACCOUNT)
    assert not may_answer(handing_over.as_principal(INCOMING), ACCOUNT)


def test_only_the_incoming_csm_or_an_admin_may_accept(handing_over):
    handoff = get_handoff(handing_over, ACCOUNT)

    assert may_accept(INCOMING, handoff) and not may_accept(OUTGOING, handoff)
    assert may_accept(Principal(user_id=9, name="Ada", role="admin"), handoff)


def test_csms_and_admins_write_reviewers_do_not():
    assert may_write(OUTGOING) and not may_write(REVIEWER)
