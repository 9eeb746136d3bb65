"""The ``handoff`` command line: thin commands over the same services the API uses."""

from assistant.cli.app import app
from assistant.cli import answers, chat, demo, emails, evaluate, handoff_pack, indexing, plan, serve, team  # noqa: F401,E501  (register commands)


def main() -> None:
    app()


__all__ = ["app", "main"]
