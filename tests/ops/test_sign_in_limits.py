"""Failed sign-ins are limited per client and per token, in the SQL store (so every API worker shares the counts):
past the limit, 429 with Retry-After until the lockout ends, whatever token is presented."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from assistant.platform.config import Settings
from assistant.platform.context import Context
from assistant.platform.errors import Forbidden, TooManyAttempts
from assistant.access.users import authenticate

LIMITS = {"auth_max_failures": 3, "auth_failure_window_seconds": 60, "auth_lockout_seconds": 120}
T0 = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)


def test_repeated_failures_from_a_client_are_answered_429_with_retry_after(make_service):
    service = make_service(**LIMITS)

    statuses = [service.get("/api/me", token=f"hnd_guess{i}").status_code for i in range(3)]
    blocked = service.get("/api/me", token="hnd_guess-again")

    assert statuses == [401, 401, 401]
    assert blocked.status_code == 429 and 0 < int(blocked.headers["Retry-After"]) <= 120
    assert blocked.json()["title"] == "Too many requests"


def test_a_blocked_client_is_refused_even_with_a_valid_token(make_service):
    service = make_service(**LIMITS)
    for i in range(3):
        service.get("/api/me", token=f"hnd_guess{i}")

    assert service.get("/api/me", token=service.token).status_code == 429


def test_a_valid_token_from_a_client_with_few_failures_still_works(make_service):
    service = make_service(**LIMITS)
    service.get("/api/me", token="hnd_typo")

    assert service.get("/api/me", token=service.token).status_code == 200


@pytest.fixture
def two_workers(tmp_path, embedder):
    """Two contexts on one SQL store, as two API worker processes would have."""
    settings = Settings(data_dir=tmp_path / "data", **LIMITS)
    first, second = Context(settings, embedder=embedder), Context(settings, embedder=embedder)
    yield first, second
    first.close()
    second.close()


def test_failures_count_across_worker_processes(two_workers):
    first, second = two_workers
    for context in (first, second, first):
        with pytest.raises(Forbidden):
            authenticate(context, "hnd_wrong", now=T0, client="203.0.113.9")

    with pytest.raises(TooManyAttempts):
        authenticate(second, "hnd_other", now=T0 + timedelta(seconds=1), client="203.0.113.9")


def test_the_same_bad_token_from_many_clients_is_limited_too(two_workers):
    context, _ = two_workers
    for i in range(3):
        with pytest.raises(Forbidden):
            authenticate(context, "hnd_stolen-revoked", now=T0, client=f"198.51.100.{i}")

    with pytest.raises(TooManyAttempts):
        authenticate(context, "hnd_stolen-revoked", now=T0, client="198.51.100.99")


def test_the_block_ends_after_the_lockout(two_workers):
    context, _ = two_workers
    for _ in range(3):
        with pytest.raises(Forbidden):
            authenticate(context, "hnd_wrong", now=T0, client="203.0.113.9")

    with pytest.raises(TooManyAttempts) as blocked:
        authenticate(context, "hnd_x", now=T0 + timedelta(seconds=119), client="203.0.113.9")
    assert blocked.value.retry_after == 1
    with pytest.raises(Forbidden):  # no longer blocked: an ordinary failure again
        authenticate(context, "hnd_x", now=T0 + timedelta(seconds=121), client="203.0.113.9")


def test_failures_spread_wider_than_the_window_never_block(two_workers):
    context, _ = two_workers
    for minute in range(6):
        with pytest.raises(Forbidden):
            authenticate(context, "hnd_wrong", now=T0 + timedelta(minutes=minute), client="203.0.113.9")
