"""Security tests share the operations fixtures (the app over a temp store, JSON log capture)."""

from ops.conftest import json_logs, make_service  # noqa: F401  (fixtures)
