"""Note templates: which sections, in what order, with what instructions and retrieval queries."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.platform.errors import ConfigError, HandoffError, InvalidRequest
from ingest.document import SourceType


class SectionSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str
    title: str
    instructions: str
    queries: list[str] = Field(default_factory=list)
    source_types: list[SourceType] | None = None
    required: bool = False
    max_statements: int = 6
    include_open_tickets: bool = False  # always hand the engine every open ticket
    # The parts of the CRM record (its chunks' headings: "Account snapshot", "People", "Transition", "Notes") a
    # language model always gets for this section; None is all of them. Other parts can still be retrieved.
    crm_parts: list[str] | None = None


class NoteTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    version: str = "1"
    sections: list[SectionSpec]


def load_template(path: Path | None = None) -> NoteTemplate:
    """The team's template file, or the default one shipped with handoff."""
    try:
        if path is None:
            text = (resources.files("assistant") / "templates" / "note.yaml").read_text()
            where = "the default template"
        else:
            text = path.read_text()
            where = str(path)
        return NoteTemplate.model_validate(yaml.safe_load(text))
    except OSError as exc:
        raise _template_error(path, f"cannot read the note template {path}: {exc.strerror or exc}") from None
    except (yaml.YAMLError, ValidationError) as exc:
        raise _template_error(path, f"{where} is not a valid note template: {exc}") from None


def _template_error(path: Path | None, message: str) -> HandoffError:
    """A template file the caller named is their mistake; the shipped one failing is a broken install."""
    return InvalidRequest(message) if path is not None else ConfigError(message, fix="reinstall handoff")
