"""Due / overdue arithmetic for home visits (巡访). Plain dates, no database.

- Weeks start on Monday (周一至周日), as the office's weekly visit plan does.
- The next visit is due ``interval`` days after the last one: ``due = last + interval``.
- A key person never visited is due from the day they became a key person (the membership's
  ``since``, or the 80th birthday); when that day is not recorded they are due at once and count
  as overdue ("从未走访") — the person the office most needs to see.
- In a given week a person is *visited* (a visit falls in the week), else *overdue* when the due
  date lies before the week's Monday, *due* when it falls within the week, else *not due*.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Status(StrEnum):
    VISITED = "visited"
    DUE = "due"
    OVERDUE = "overdue"
    NOT_DUE = "not_due"


def week_start(day: dt.date) -> dt.date:
    """The Monday of the week containing ``day``."""
    return day - dt.timedelta(days=day.weekday())


def week_end(day: dt.date) -> dt.date:
    """The Sunday of the week containing ``day``."""
    return week_start(day) + dt.timedelta(days=6)


def weeks_up_to(on: dt.date, count: int) -> list[dt.date]:
    """The Mondays of ``count`` weeks ending with the week of ``on``, oldest first."""
    last = week_start(on)
    return [last - dt.timedelta(weeks=count - 1 - i) for i in range(count)]


def due_date(last_visit: dt.date | None, interval_days: int, key_since: dt.date | None) -> dt.date | None:
    """When the next visit is due; None means due at once (never visited, start unknown)."""
    if last_visit is not None:
        return last_visit + dt.timedelta(days=interval_days)
    return key_since


def week_status(visited_in_week: bool, due: dt.date | None, monday: dt.date) -> Status:
    if visited_in_week:
        return Status.VISITED
    if due is None or due < monday:
        return Status.OVERDUE
    if due <= monday + dt.timedelta(days=6):
        return Status.DUE
    return Status.NOT_DUE


def days_since(last_visit: dt.date | None, on: dt.date) -> int | None:
    return None if last_visit is None else (on - last_visit).days


def days_overdue(due: dt.date | None, on: dt.date) -> int | None:
    """Days past the due date on ``on`` (0 or more); None when never visited and start unknown."""
    if due is None:
        return None
    return max((on - due).days, 0)


def eightieth_birthday(born: dt.date) -> dt.date:
    return birthday(born, 80)


def birthday(born: dt.date, age: int) -> dt.date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # born 29 February: the birthday falls on 1 March in a common year
        return dt.date(born.year + age, 3, 1)
