import datetime as dt

from gridoffice.domain import visit_schedule as vs
from gridoffice.domain.visit_schedule import Status

D = dt.date


def test_weeks_start_on_monday_across_month_and_year():
    assert vs.week_start(D(2023, 1, 7)) == D(2023, 1, 2)  # Saturday → Monday
    assert vs.week_start(D(2023, 1, 2)) == D(2023, 1, 2)
    assert vs.week_start(D(2023, 3, 1)) == D(2023, 2, 27)  # Wednesday 1 March → Monday in February
    assert vs.week_start(D(2025, 1, 1)) == D(2024, 12, 30)  # across the year
    assert vs.week_end(D(2024, 2, 26)) == D(2024, 3, 3)  # leap February
    assert vs.weeks_up_to(D(2023, 1, 7), 3) == [D(2022, 12, 19), D(2022, 12, 26), D(2023, 1, 2)]


def test_due_date_is_last_visit_plus_interval_across_months():
    assert vs.due_date(D(2023, 1, 30), 7, None) == D(2023, 2, 6)
    assert vs.due_date(D(2023, 1, 31), 30, None) == D(2023, 3, 2)
    assert vs.due_date(D(2024, 1, 31), 30, None) == D(2024, 3, 1)  # leap year
    assert vs.due_date(D(2022, 12, 28), 7, None) == D(2023, 1, 4)
    # never visited: due from the day they became key, or at once when that is unknown
    assert vs.due_date(None, 7, D(2023, 1, 3)) == D(2023, 1, 3)
    assert vs.due_date(None, 7, None) is None


def test_week_status_weekly_rhythm():
    monday = D(2023, 1, 9)
    # visited on Monday of the week before: due this Monday → due (not yet overdue)
    assert vs.week_status(False, vs.due_date(D(2023, 1, 2), 7, None), monday) == Status.DUE
    # visited on Sunday of the week before: due next Sunday, still inside this week → due
    assert vs.week_status(False, vs.due_date(D(2023, 1, 8), 7, None), monday) == Status.DUE
    # last visit two weeks ago: due date before this Monday → overdue
    assert vs.week_status(False, vs.due_date(D(2022, 12, 31), 7, None), monday) == Status.OVERDUE
    # a visit this week wins
    assert vs.week_status(True, None, monday) == Status.VISITED
    # never visited, start unknown → overdue
    assert vs.week_status(False, None, monday) == Status.OVERDUE


def test_week_status_monthly_rhythm_across_month_end():
    due = vs.due_date(D(2023, 1, 20), 30, None)  # 19 February 2023, a Sunday
    assert due == D(2023, 2, 19)
    assert vs.week_status(False, due, D(2023, 2, 6)) == Status.NOT_DUE
    assert vs.week_status(False, due, D(2023, 2, 13)) == Status.DUE  # Sunday is in this week
    assert vs.week_status(False, due, D(2023, 2, 20)) == Status.OVERDUE
    assert vs.days_overdue(due, D(2023, 3, 1)) == 10
    assert vs.days_overdue(due, D(2023, 2, 1)) == 0
    assert vs.days_since(D(2023, 1, 20), D(2023, 3, 1)) == 40
    assert vs.days_since(None, D(2023, 3, 1)) is None


def test_eightieth_birthday_of_a_leap_day_baby():
    assert vs.eightieth_birthday(D(1943, 1, 7)) == D(2023, 1, 7)
    assert vs.eightieth_birthday(D(1944, 2, 29)) == D(2024, 2, 29)
    assert vs.eightieth_birthday(D(2020, 2, 29)) == D(2100, 3, 1)  # 2100 is a common year
