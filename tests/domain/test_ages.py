import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridoffice.domain.ages import (
    age_on,
    latest_birth_for_age,
    parse_loose_date,
    reaches_age_between,
)


def test_age_on_birthday_and_day_before():
    born = dt.date(1963, 1, 7)
    assert age_on(born, dt.date(2023, 1, 7)) == 60
    assert age_on(born, dt.date(2023, 1, 6)) == 59


def test_leap_day_birthday_counts_from_first_of_march_in_common_years():
    born = dt.date(1964, 2, 29)
    assert age_on(born, dt.date(2023, 2, 28)) == 58
    assert age_on(born, dt.date(2023, 3, 1)) == 59
    assert age_on(born, dt.date(2024, 2, 29)) == 60


@given(
    born=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2030, 12, 31)),
    on=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2040, 12, 31)),
    age=st.integers(0, 110),
)
def test_latest_birth_for_age_agrees_with_age_on(born, on, age):
    assert (age_on(born, on) >= age) == (born <= latest_birth_for_age(age, on))


def test_reaches_age_between():
    born = dt.date(1963, 1, 20)
    assert reaches_age_between(born, 60, dt.date(2023, 1, 7), dt.date(2023, 1, 31))
    assert not reaches_age_between(born, 60, dt.date(2023, 1, 21), dt.date(2023, 1, 31))
    assert not reaches_age_between(born, 60, dt.date(2023, 1, 7), dt.date(2023, 1, 19))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1958.3.2", dt.date(1958, 3, 2)),
        ("1958年3月2日", dt.date(1958, 3, 2)),
        ("1958-03-02", dt.date(1958, 3, 2)),
        ("1958/3/2", dt.date(1958, 3, 2)),
        ("19580302", dt.date(1958, 3, 2)),
        (dt.datetime(1958, 3, 2, 0, 0), dt.date(1958, 3, 2)),
        (dt.date(1958, 3, 2), dt.date(1958, 3, 2)),
        ("1958-02-30", None),
        ("三月", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_loose_date(raw, expected):
    assert parse_loose_date(raw) == expected
