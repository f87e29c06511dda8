"""Key persons due (应访) and visited (已访) per week, counted without building the week grid:
the dashboard's and the briefing's visits chart for a whole street (33,000 key persons × 12
weeks) in one pass. The counts are those of ``visits.week_grid`` (a week is 应访 when its cell is
visited, due or overdue, 已访 when visited); tests/services/test_visit_weeks.py compares them.

How: the key persons are read once (``visits.key_persons`` without their last visits); the
visits are read grouped per person or household: the last visit day before the window and the
days in it. For the whole database that read runs in the database on a thread of its own while
the key persons are read (it answers in one row, so it does not wait for Python's lock). A
person's due date changes only with a visit, so between two visited weeks the weeks before the
due date's week are the only ones not due: each person adds one range of "not due" weeks per
gap (a difference array), and a visited week."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gridoffice.domain import visit_schedule as vs
from gridoffice.services import derived
from gridoffice.services.visits import core as visits
from gridoffice.services.visits import days as visit_days
from gridoffice.store import Database, generations


@dataclass(frozen=True)
class WeekCounts:
    weeks: list[dt.date]  # Mondays, oldest first; the last is the week of ``on``
    due: list[int]  # 应访: visited, due or overdue in the week
    visited: list[int]  # 已访
    first_visit: dt.date | None  # the first visit on record in the scope (None: none at all)


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
    if grid_id is None:  # every visit: read in the database beside the key persons (visits/days.py)
        with visit_days.beside(db, first, on) as reading:
            persons = visits.shared_key_persons(db, grid_id, on, detail=False)  # counts only
            seen = reading.result()
    else:  # a grid's: by its key persons' ids
        persons = visits.shared_key_persons(db, grid_id, on, detail=False)
        seen = visit_days.read(db, persons, first, on)
    not_due = [0] * (weeks + 1)  # a difference array
    visited = [0] * weeks
    nothing = (None, "")
    base = first.toordinal()
    sorted_days = visit_days.sorted_days
    for p in persons:
        before, listed = seen.get(p.person_id, nothing)
        days = sorted(map(int, listed.split(","))) if listed else ()  # sorted_days, inline: 33,000 calls
        home = seen.get(-p.household_id)
        if home is not None:  # whole-household visits count for every member
            if home[0] is not None and (before is None or home[0] > before):
                before = home[0]
            if home[1]:
                days = sorted([*days, *sorted_days(home[1])])
        interval = p.interval
        if before is not None:
            due = before + interval
        elif p.key_since is not None:
            due = p.key_since.toordinal() - base
        else:
            due = -1  # never visited, start unknown: due at once
        due_week = due // 7  # clipped to -1 … weeks (conditionals, not min/max: 600,000 calls for a street)
        due_week = -1 if due_week < -1 else weeks if due_week > weeks else due_week
        start, week, last = 0, -1, 0  # the first week not yet counted; the visited week being read, its last day
        for day in days:
            w = day // 7
            if w != week:
                if week >= 0:  # the week before closed: the due date from its last visit
                    due_week = (last + interval) // 7
                    if due_week > weeks:
                        due_week = weeks
                    start = week + 1
                end = due_week if due_week < w else w
                if end > start:  # the weeks from ``start`` not yet due
                    not_due[start] += 1
                    not_due[end] -= 1
                visited[w] += 1
                week = w
            last = day
        if week >= 0:
            due_week = (last + interval) // 7
            if due_week > weeks:
                due_week = weeks
            start = week + 1
        if due_week > start:
            not_due[start] += 1
            not_due[due_week] -= 1
    due_counts, running = [], 0
    for w in range(weeks):
        running += not_due[w]
        due_counts.append(len(persons) - running)
    return WeekCounts(mondays, due_counts, visited, visit_days.first_visit(db, on))
