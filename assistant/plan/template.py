"""Plan templates: the milestones of a handoff plan, their tasks (owner role, due offset from the transition date,
a "done when" hint), and where open documentation gaps go. The default ships with handoff; a team passes its own
YAML file."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.platform.errors import ConfigError, HandoffError, InvalidRequest

OwnerRole = Literal["outgoing", "incoming", "reviewer"]
OWNER_ROLES: tuple[OwnerRole, ...] = ("outgoing", "incoming", "reviewer")
DEFAULT_REF = "default"  # what a plan made from the shipped template records as its template


class TaskSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1)
    owner: OwnerRole
    due_offset_days: int  # days from the transition effective date; negative = before it
    done_when: str | None = None


class MilestoneSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    tasks: list[TaskSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _titles_unique(self) -> MilestoneSpec:
        titles = [t.title for t in self.tasks]
        repeated = sorted({t for t in titles if titles.count(t) > 1})
        if repeated:
            raise ValueError(f"milestone {self.name!r} repeats the task(s) {', '.join(map(repr, repeated))}")
        return self


class GapTaskSpec(BaseModel):
    """How an open documentation gap becomes a task."""

    model_config = ConfigDict(extra="forbid")

    milestone: str = "Internal handoff"
    owner: OwnerRole = "outgoing"
    due_offset_days: int = Field(default=-3, le=0)  # gaps are resolved before the transition, never after
    done_when: str | None = None


class PlanTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    version: str = "1"
    milestones: list[MilestoneSpec] = Field(min_length=1)
    gaps: GapTaskSpec = Field(default_factory=GapTaskSpec)

    @model_validator(mode="after")
    def _milestones_consistent(self) -> PlanTemplate:
        names = [m.name for m in self.milestones]
        if len(set(names)) != len(names):
            raise ValueError("two milestones have the same name")
        if self.gaps.milestone not in names:
            raise ValueError(f"gaps.milestone {self.gaps.milestone!r} is not one of the milestones {names}")
        return self

    def task(self, milestone: str, title: str) -> TaskSpec | None:
        for spec in self.milestones:
            if spec.name == milestone:
                return next((t for t in spec.tasks if t.title == title), None)
        return None


def load_plan_template(path: Path | None = None) -> PlanTemplate:
    """The team's plan template file, or the default one shipped with handoff."""
    where = "the default plan template" if path is None else str(path)
    try:
        if path is None:
            text = (resources.files("assistant") / "templates" / "plan.yaml").read_text()
        else:
            text = Path(path).read_text()
        return PlanTemplate.model_validate(yaml.safe_load(text))
    except OSError as exc:
        raise _template_error(path, f"cannot read the plan template {path}: {exc.strerror or exc}") from None
    except (yaml.YAMLError, ValidationError) as exc:
        raise _template_error(path, f"{where} is not a valid plan template: {exc}") from None


def _template_error(path: Path | None, message: str) -> HandoffError:
    """A template file the caller named is their mistake; the shipped one failing is a broken install."""
    return InvalidRequest(message) if path is not None else ConfigError(message, fix="reinstall handoff")


def template_ref(path: Path | None) -> str:
    """What a plan records as its template: ``default``, or the team file's absolute path."""
    if path is None:
        return DEFAULT_REF
    ref = str(Path(path).resolve())
    if len(ref) > 200:
        raise InvalidRequest(f"the plan template path is longer than 200 characters; move {ref} somewhere shorter")
    return ref


def template_for_ref(ref: str) -> PlanTemplate:
    """The template a plan was made from (ConfigError if its file is gone or no longer valid: the file is on the
    server, so whoever asks about the plan is not at fault)."""
    try:
        return load_plan_template(None if ref == DEFAULT_REF else Path(ref))
    except InvalidRequest as exc:
        raise ConfigError(f"{exc}; restore the file, or refresh the plan with `handoff plan ACCOUNT --template FILE`",
                          fix="restore the plan's template file") from None
