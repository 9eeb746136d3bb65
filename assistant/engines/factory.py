"""Which engine serves a request: the OpenAI-compatible one when an endpoint or key is configured, else offline."""

from __future__ import annotations

from assistant.platform.context import Context
from assistant.engines.base import Capability, Engine
from assistant.engines.metered import MeteredEngine


def make_ai_engine(context: Context) -> Engine:
    """The engine for the settings, counted in the metrics."""
    if context.settings.uses_llm:
        from assistant.engines.openai_engine import OpenAIEngine

        return MeteredEngine(OpenAIEngine(context.settings, json_mode=context.settings.llm_json_mode))
    from assistant.engines.extractive import ExtractiveEngine

    return MeteredEngine(ExtractiveEngine(context.cached_embedder))


def configured_capabilities(context: Context) -> frozenset[Capability]:
    """What the engine ``make_ai_engine`` would make can do, without making it (the offline one loads a model; the
    OpenAI one opens a client)."""
    if context.settings.uses_llm:
        from assistant.engines.openai_engine import OpenAIEngine

        return OpenAIEngine.capabilities
    from assistant.engines.extractive import ExtractiveEngine

    return ExtractiveEngine.capabilities
