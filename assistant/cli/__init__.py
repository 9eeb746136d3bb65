"""The ``handoff`` command line: thin commands over the same services the API uses."""

from assistant.cli.app import app
from assistant.cli import (  # noqa: F401  (register commands)
    answers, chat, demo, emails, evaluate, handoff_pack, handoffs, indexing, plan, serve, statements, team)


def main() -> None:
    app()


__all__ = ["app", "main"]
