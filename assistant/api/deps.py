"""The API routes' request dependencies: the caller (shared with the pages, in ``assistant.http.auth``) and the
path parameters every route parses alike."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

from assistant.http.auth import (  # noqa: F401  (the routes' dependencies, from the one shared module)
    CSRF_HEADER, SESSION_COOKIE, CurrentUser, Jobs, UserContext, app_context, check_csrf, csrf_token, current_user,
    job_runner, user_context,
)

# A numeric id in a path: the SQL stores hold 64-bit integers, so a larger number is a 422, never a driver error.
RowId = Annotated[int, Path(ge=1, le=2**63 - 1)]
