"""handoff's error hierarchy. Each message says what went wrong and what to do next."""

from ingest.errors import IngestError


class HandoffError(Exception):
    """Base of every error handoff raises on purpose."""


class NotFound(HandoffError):
    """The thing asked for does not exist (or the caller may not know that it does)."""


class Forbidden(HandoffError):
    """The caller may not see or change this."""


class InvalidRequest(HandoffError):
    """The request itself is wrong (an empty answer, say); the message says what a good one looks like."""


class Conflict(HandoffError):
    """The request is sound but the thing is not in a state for it (a handoff accepted already, say)."""


class ConfigError(HandoffError):
    """A setting or a stored index is inconsistent; the message says how to fix it."""


class ProviderError(HandoffError):
    """The language-model or embedding provider failed."""


class TooManyAttempts(HandoffError):
    """Too many failed sign-ins from this client (or with this token): wait ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed sign-ins; try again in {retry_after} s")
        self.retry_after = retry_after


__all__ = ["ConfigError", "Conflict", "Forbidden", "HandoffError", "IngestError", "InvalidRequest", "NotFound", "ProviderError",
           "TooManyAttempts"]
