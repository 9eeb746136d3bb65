"""JSON mode, for OpenAI-compatible servers that refuse strict schemas: the output's JSON schema goes into the
system message instead. Here, not in ``assistant.grounding.prompts``, so that the engines import nothing from the services
that render their prompts (the prompt token counts read it from here)."""

from __future__ import annotations

import json

from pydantic import BaseModel


def schema_instruction(output_type: type[BaseModel]) -> str:
    """What JSON mode (``OpenAIEngine`` on a server that refuses strict schemas) appends to the system message."""
    return ("Reply with one JSON object and nothing else. It must match this JSON schema:\n"
            + json.dumps(output_type.model_json_schema(), separators=(",", ":")))
