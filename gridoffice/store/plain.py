"""Rows of a Core SELECT as the database driver gives them: for the few reads of tens of
thousands of rows that are counted, not shown (a street's key persons, its health tiers).
SQLAlchemy's row handling — a ``Row`` per row, a processor per typed column — cost about as
much as SQLite's own work for those (44,000 membership rows: 0.27 s against 0.17 s).

What differs from ``conn.execute(stmt).all()``: plain tuples of the driver's values. A DATE
column is ISO text on SQLite and a date on PostgreSQL: ``dates`` maps either to the date (each
distinct text parsed once; rebuilding 44,000 tuples to put dates in them cost 0.07 s, more than
the parsing). A boolean column is 0/1 on SQLite (``bool()`` it); JSON text is text on both.

Reading beside: threads gain nothing against Python work while a read hands over rows one by
one (each row takes the interpreter lock back, and waits for it). A query that answers in one
row runs from start to end in the database without the lock: ``packed(stmt)`` makes any SELECT
answer one string, and ``with beside(fn, …)`` runs a read on a thread of its own while the
caller goes on with Python work; on a second core the two overlap (services/visits/days.py, the
visits chart)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Connection, Select, String, cast, func, select

T = TypeVar("T")
FIELD, ROW = "\x1f", "\x1e"  # the unit and record separators of ``packed``
_beside = ThreadPoolExecutor(max_workers=2, thread_name_prefix="gridoffice-read")


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


def packed(stmt: Select[Any]) -> Select[Any]:
    """``stmt`` answering one string: each row's fields as text joined by ``FIELD``, the rows
    joined by ``ROW`` (NULL an empty field: read only columns where empty and NULL mean the
    same; a boolean is "0"/"1" on SQLite, "true"/"false" on PostgreSQL)."""
    fields = [func.coalesce(cast(column, String), "") for column in stmt.subquery().c]
    item: ColumnElement[str] = fields[0]
    for text in fields[1:]:
        item = item.concat(FIELD).concat(text)
    return select(func.aggregate_strings(item, ROW))


def unpacked(text: str | None) -> list[list[str]]:
    """The rows of a ``packed`` answer, as lists of text fields."""
    return [row.split(FIELD) for row in text.split(ROW)] if text else []


@contextmanager
def beside(fn: Callable[..., T], *args: Any) -> Iterator[Future[T]]:
    """``with beside(fn, …) as reading:`` — ``fn(*args)`` started on a reading thread of its own
    (two at most); ``reading.result()`` waits for it. Leaving the block waits for it too, also
    when the caller's own work failed: a read left running could reopen a database its owner
    has closed, or read during a restore."""
    future = _beside.submit(fn, *args)
    try:
        yield future
    finally:
        wait([future])


def _date(value: str) -> dt.date:
    """An ISO date as SQLite keeps it (the first ten characters, as SQLAlchemy's own reading
    of a DATE column takes them: a time after it is ignored)."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return dt.date.fromisoformat(value[:10])
