"""Plan templates: the default ships with handoff; a team's own file is validated strictly."""

from __future__ import annotations

import pytest

from assistant.platform.errors import InvalidRequest
from assistant.plan.template import load_plan_template
from plan.helpers import PRODUCT_TASKS, TEAM_TEMPLATE


def test_the_default_template_has_both_milestones_with_the_product_tasks():
    template = load_plan_template()

    assert {m.name: [t.title for t in m.tasks] for m in template.milestones} == PRODUCT_TASKS
    assert template.gaps.milestone == "Internal handoff"
    assert all(t.done_when for m in template.milestones for t in m.tasks)


def test_a_team_template_file_loads(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(TEAM_TEMPLATE)

    template = load_plan_template(path)

    assert [m.name for m in template.milestones] == ["Prepare", "Meet the customer"]
    assert template.gaps.owner == "incoming"


@pytest.mark.parametrize("broken, complaint", [
    (TEAM_TEMPLATE.replace("owner: outgoing", "owner: someone"), "owner"),
    (TEAM_TEMPLATE.replace("done_when:", "colour: red, done_when:"), "colour"),
    (TEAM_TEMPLATE.replace("milestone: Prepare", "milestone: Nowhere"), "Nowhere"),
    (TEAM_TEMPLATE.replace("due_offset_days: -5", "due_offset_days: soon"), "due_offset_days"),
    ("milestones: [unclosed", "not a valid plan template"),
])
def test_an_invalid_team_template_is_a_clear_error(tmp_path, broken, complaint):
    path = tmp_path / "plan.yaml"
    path.write_text(broken)

    with pytest.raises(InvalidRequest, match="not a valid plan template") as raised:
        load_plan_template(path)
    assert str(path) in str(raised.value) and complaint in str(raised.value)


def test_a_missing_template_file_is_a_clear_error(tmp_path):
    with pytest.raises(InvalidRequest, match="cannot read the plan template"):
        load_plan_template(tmp_path / "nope.yaml")


def test_gap_tasks_cannot_be_due_after_the_transition(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(TEAM_TEMPLATE.replace("due_offset_days: -1", "due_offset_days: 4"))

    with pytest.raises(InvalidRequest, match="gaps"):
        load_plan_template(path)
