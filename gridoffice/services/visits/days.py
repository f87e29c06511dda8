"""The visit days of key persons, as the week grid and the visits chart count them: per key —
the person id, or minus the household id for visits of a whole household (``person_id`` empty)
— the last visit before a window and the visit days in it.

Each query answers in one row, every key packed into one string (store/plain.py ``packed``): a
row per visit or per visited week cost more to fetch than to count (a street: 361,000 visits of
33,000 persons), and a query of one row runs in the database from start to end without
Python's lock. So the whole database's read can run on a thread of its own beside the key
persons' reading (``beside``), and the two overlap on a second core; fetched a row at a time,
the two threads took turns for the lock and gained nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from concurrent.futures import Future
from contextlib import AbstractContextManager
from typing import Protocol

from sqlalchemy import Integer, String, and_, case, cast, func, literal, select

from gridoffice.store import Database, plain
from gridoffice.store.models import Visit

CHUNK = 900  # ids per IN list
FLOOR_SHIFT = 1_000_000  # days: CAST truncates toward zero, shifted it floors (dates 2,700 years apart)
Days = dict[int, tuple[int | None, str]]  # key → (the last visit before the window, the days in it)


class Keyed(Protocol):
    person_id: int
    household_id: int


def read(db: Database, persons: Sequence[Keyed] | None, first: dt.date, on: dt.date) -> Days:
    """Per key: the last visit before ``first`` (days from ``first``, negative; None when none)
    and the visits from ``first`` up to ``on`` (days from ``first`` as text, "0,3,10", in no
    guaranteed order). ``persons`` None: every visit (the whole database); otherwise the visits
    of these persons and their households, by the indexed ids."""
    offset = _days_from(db, first)
    last = func.max(case((Visit.visit_date < first, offset)))
    window = func.aggregate_strings(case((Visit.visit_date >= first, cast(offset, String))), ",")
    person = (Visit.person_id, Visit.person_id.is_not(None), Visit.person_id)
    household = (-Visit.household_id, and_(Visit.person_id.is_(None), Visit.household_id.is_not(None)),
                 Visit.household_id)
    packed: list[str | None] = []
    with db.reading() as s:
        conn = s.connection()
        for (key, level, column), ids in (
                (person, None if persons is None else sorted({p.person_id for p in persons})),
                (household, None if persons is None else sorted({p.household_id for p in persons}))):
            stmt = select(key.label("key"), last.label("before"), window.label("days")).where(
                level, Visit.visit_date <= on).group_by(key)
            chunks = [stmt] if ids is None else [stmt.where(column.in_(ids[i:i + CHUNK]))
                                                 for i in range(0, len(ids), CHUNK)]
            packed += [conn.execute(plain.packed(chunk)).scalar() for chunk in chunks]
    found: Days = {}
    for text in packed:
        for key, before, days in plain.unpacked(text):
            found[int(key)] = (int(before) if before else None, days)
    return found


def beside(db: Database, first: dt.date, on: dt.date) -> AbstractContextManager[Future[Days]]:
    """``with beside(db, first, on) as reading:`` — ``read`` of every visit, started on a thread
    of its own (the caller reads the key persons meanwhile and takes ``reading.result()``)."""
    return plain.beside(read, db, None, first, on)


def sorted_days(text: str) -> list[int]:
    return sorted(map(int, text.split(","))) if text else []


def first_visit(db: Database, on: dt.date) -> dt.date | None:
    """The first visit on record up to ``on``."""
    with db.reading() as s:
        return s.scalar(select(func.min(Visit.visit_date)).where(Visit.visit_date <= on))


def _days_from(db: Database, first: dt.date):  # type: ignore[no-untyped-def]
    """SQL for the days from ``first`` to the visit date."""
    if db.is_sqlite:  # floored, not truncated: a date text with a time after it falls on its own day
        days = func.julianday(Visit.visit_date) - func.julianday(literal(first.isoformat()))
        return cast(days + FLOOR_SHIFT, Integer) - FLOOR_SHIFT
    return Visit.visit_date - literal(first)
