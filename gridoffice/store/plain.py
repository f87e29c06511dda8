"""Rows of a Core SELECT as the database driver gives them: for the few reads of tens of
thousands of rows that are counted, not shown (a street's key persons, its health tiers).
SQLAlchemy's row handling — a ``Row`` per row, a processor per typed column — cost about as
much as SQLite's own work for those (44,000 membership rows: 0.27 s against 0.17 s).

What differs from ``conn.execute(stmt).all()``: plain tuples of the driver's values. A DATE
column is ISO text on SQLite and a date on PostgreSQL: ``dates`` maps either to the date (each
distinct text parsed once; rebuilding 44,000 tuples to put dates in them cost 0.07 s, more than
the parsing). A boolean column is 0/1 on SQLite (``bool()`` it); JSON text is text on both."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Select


def rows(conn: Connection, stmt: Select[Any]) -> list[tuple[Any, ...]]:
    """Every row of ``stmt`` as the driver gives it."""
    result = conn.execute(stmt)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def dates(found: list[tuple[Any, ...]] | tuple[tuple[Any, ...], ...], *columns: int) -> dict[Any, dt.date | None]:
    """Every value of the ``columns`` of ``found`` → its date (None → None; a date → itself)."""
    out: dict[Any, dt.date | None] = {None: None}
    for i in columns:
        for value in {r[i] for r in found}:
            if value not in out:
                out[value] = value if isinstance(value, dt.date) else _date(value)
    return out


def _date(value: str) -> dt.date:
    """An ISO date as SQLite keeps it (the first ten characters, as SQLAlchemy's own reading
    of a DATE column takes them: a time after it is ignored)."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return dt.date.fromisoformat(value[:10])
