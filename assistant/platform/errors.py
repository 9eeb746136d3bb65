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
    """The server is misconfigured (a package missing, a setting wrong, a store or index needing the operator): not
    the caller's fault. The message says what went wrong and how to fix it, for the operator (the log, the command
    line); ``fix`` is the short what-to-install-or-set a remote caller may see (nothing internal: no paths, no URLs)."""

    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.fix = fix

    @property
    def public(self) -> str:
        """What a remote caller is told: whose fault it is, and the fix if it is safe to say."""
        return f"server misconfigured: {self.fix}" if self.fix else \
            "server misconfigured; the server's log says what to install or set"


class ProviderError(HandoffError):
    """The language-model or embedding provider failed."""


class TooManyAttempts(HandoffError):
    """Too many failed sign-ins from this client (or with this token): wait ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed sign-ins; try again in {retry_after} s")
        self.retry_after = retry_after


__all__ = ["ConfigError", "Conflict", "Forbidden", "HandoffError", "IngestError", "InvalidRequest", "NotFound", "ProviderError",
           "TooManyAttempts"]
