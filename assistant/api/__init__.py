"""The HTTP API: thin FastAPI routers over the same services the command line uses."""

from assistant.api.app import create_app

__all__ = ["create_app"]
