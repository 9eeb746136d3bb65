"""The handoff plan: milestones and tasks per transition, from a template and the account's open gaps."""

from assistant.plan.models import Milestone, Plan, Task
from assistant.plan.service import create_plan, get_plan, update_task
from assistant.plan.template import PlanTemplate, load_plan_template

__all__ = ["Milestone", "Plan", "PlanTemplate", "Task", "create_plan", "get_plan", "load_plan_template", "update_task"]
