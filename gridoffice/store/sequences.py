"""Keeping id counters right after bulk inserts with explicit ids (demo data, imports that
carry ids). SQLite takes the next id from the table itself; PostgreSQL has a sequence per table
that does not move when ids are given, so the next ordinary insert would collide."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Integer, text
from sqlmodel import SQLModel


def reset_sequences(conn: Connection, tables: Iterable[str] | None = None) -> int:
    """Move each table's id sequence past its highest id (PostgreSQL); a no-op elsewhere.
    Returns how many sequences were set."""
    if conn.dialect.name != "postgresql":
        return 0
    wanted = set(tables) if tables is not None else None
    done = 0
    for table in SQLModel.metadata.sorted_tables:
        if wanted is not None and table.name not in wanted:
            continue
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer):
            continue
        column = pk[0].name
        seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column}).scalar()
        if not seq:
            continue
        conn.execute(text(
            f'SELECT setval(:seq, COALESCE((SELECT MAX("{column}") FROM "{table.name}"), 0) + 1, false)'
        ), {"seq": seq})
        done += 1
    return done
