"""The one error a parser raises: a file it cannot turn into documents."""


class IngestError(Exception):
    """A source file could not be parsed. ``reason`` says why, in words a user can act on."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
