"""The offline engine: no language model. Deterministic extraction from the evidence and the parsed documents,
returning the same output models as the OpenAI engine."""

from assistant.engines.extractive.engine import ExtractiveEngine

__all__ = ["ExtractiveEngine"]
