"""Key persons due (应访) and visited (已访) per week, counted without building the week grid:
the dashboard's and the briefing's visits chart for a whole street (33,000 key persons × 12
weeks) in one pass. The counts are those of ``visits.week_grid`` (a week is 应访 when its cell is
visited, due or overdue, 已访 when visited); tests/services/test_visit_weeks.py compares them.

How: the key persons are read once (``visits.key_persons`` without their last visits); the
visits are read grouped per (person or household, week) with the last visit day of each week,
and one bucket for the last visit before the window. A person's due date changes only with a
visit, so between two visited weeks the weeks before the due date's week are the only ones not
due: each person adds one range of "not due" weeks per gap (a difference array), and a
visited week."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Integer, String, and_, case, cast, func, literal, select

from gridoffice.domain import visit_schedule as vs
from gridoffice.services import derived
from gridoffice.services.visits import core as visits
from gridoffice.store import Database, generations
from gridoffice.store.models import Visit

BEFORE = -1  # the week bucket of the visits before the window
CHUNK = 900  # ids per IN list


@dataclass(frozen=True)
class WeekCounts:
    weeks: list[dt.date]  # Mondays, oldest first; the last is the week of ``on``
    due: list[int]  # 应访: visited, due or overdue in the week
    visited: list[int]  # 已访
    first_visit: dt.date | None  # the first visit on record in the scope (None: none at all)


def _days_from(db: Database, first: dt.date):  # type: ignore[no-untyped-def]
    """SQL for the days from ``first`` to the visit date."""
    if db.is_sqlite:
        return cast(func.julianday(Visit.visit_date) - func.julianday(literal(first.isoformat())), Integer)
    return Visit.visit_date - literal(first)


def _visited_weeks(db: Database, persons: tuple[visits.KeyPerson, ...] | None, first: dt.date,
                   on: dt.date) -> tuple[dict[int, dict[int, int]], dt.date | None]:
    """Per key (person id, or minus the household id for whole-household visits) and week
    (``BEFORE`` for before the window): the last visit day, in days from ``first``; and the first
    visit on record. ``persons`` None: every visit (the whole database). One row per key (the
    window's days as one string): a row per visit or per visited week cost more to fetch than
    to count."""
    offset = _days_from(db, first)
    last = func.max(case((Visit.visit_date < first, offset)))
    window = func.aggregate_strings(case((Visit.visit_date >= first, cast(offset, String))), ",")
    person = (Visit.person_id, Visit.person_id.is_not(None), Visit.person_id)
    household = (-Visit.household_id, and_(Visit.person_id.is_(None), Visit.household_id.is_not(None)),
                 Visit.household_id)
    found: dict[int, dict[int, int]] = {}
    with db.reading() as s:
        conn = s.connection()
        for (key, level, column), ids in (
                (person, None if persons is None else sorted({p.person_id for p in persons})),
                (household, None if persons is None else sorted({p.household_id for p in persons}))):
            key = key.label("key")
            stmt = select(key, last, window).where(level, Visit.visit_date <= on).group_by(key)
            chunks = [stmt] if ids is None else [stmt.where(column.in_(ids[i:i + CHUNK]))
                                                 for i in range(0, len(ids), CHUNK)]
            for chunk in chunks:
                for k, before, listed in conn.execute(chunk).all():  # fetchall: iterating fetches row by row
                    # ascending, so each week keeps its last day (one comprehension: 260,000 days for a street)
                    weeks = {day // 7: day for day in sorted(map(int, listed.split(",")))} if listed else {}
                    if before is not None:
                        weeks[BEFORE] = before
                    found[k] = weeks
        first_visit = s.scalar(select(func.min(Visit.visit_date)).where(Visit.visit_date <= on))
    return found, first_visit


def week_counts(db: Database, grid_id: int | None, on: dt.date, weeks: int = 12) -> WeekCounts:
    """应访 and 已访 per week for the ``weeks`` weeks up to the week of ``on``, for the key persons
    of the grid (and everything under it; None = the whole database). Kept while neither the
    key persons' tables nor the visits change (services/derived.py; on PostgreSQL the key
    persons alone stay kept across new visits)."""
    return derived.kept(db, ("visit_week_counts", grid_id, on, weeks), (generations.KEY_INPUTS, generations.VISITS),
                        lambda: _week_counts(db, grid_id, on, weeks))


def _week_counts(db: Database, grid_id: int | None, on: dt.date, weeks: int) -> WeekCounts:
    mondays = vs.weeks_up_to(on, weeks)
    first = mondays[0]
    persons = visits.shared_key_persons(db, grid_id, on, detail=False)  # counts only
    seen, first_visit = _visited_weeks(db, None if grid_id is None else persons, first, on)
    not_due = [0] * (weeks + 1)  # a difference array
    visited = [0] * weeks
    empty: dict[int, int] = {}
    base = first.toordinal()
    for p in persons:
        last_days, home = seen.get(p.person_id, empty), seen.get(-p.household_id)
        if home:  # whole-household visits count for every member: merged into a copy
            last_days = dict(last_days)
            for w, day in home.items():
                if day > last_days.get(w, day - 1):
                    last_days[w] = day
        interval = p.interval
        before = last_days.get(BEFORE)
        if before is not None:
            due = before + interval
        elif p.key_since is not None:
            due = p.key_since.toordinal() - base
        else:
            due = -1  # never visited, start unknown: due at once
        due_week = due // 7  # clipped to -1 … weeks (conditionals, not min/max: 600,000 calls for a street)
        due_week = -1 if due_week < -1 else weeks if due_week > weeks else due_week
        start = 0
        for w in sorted(last_days):
            if w < 0:  # BEFORE, read above
                continue
            end = due_week if due_week < w else w
            if end > start:
                not_due[start] += 1
                not_due[end] -= 1
            visited[w] += 1
            due_week = (last_days[w] + interval) // 7
            if due_week > weeks:
                due_week = weeks
            start = w + 1
        if due_week > start:
            not_due[start] += 1
            not_due[due_week] -= 1
    due_counts, running = [], 0
    for w in range(weeks):
        running += not_due[w]
        due_counts.append(len(persons) - running)
    return WeekCounts(mondays, due_counts, visited, first_visit)
