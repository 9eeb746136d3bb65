"""One engine protocol with two implementations: an OpenAI-compatible LLM and the offline extractive engine."""
