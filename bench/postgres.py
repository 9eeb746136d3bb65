"""The benchmarks' own PostgreSQL database, emptied before a run (give each benchmark a database of its own)."""

from __future__ import annotations

from sqlalchemy import create_engine, text


def reset_database(url: str) -> None:
    """Drop everything in the database's public schema."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
