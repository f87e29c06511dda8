"""Ages at a date. A person born on 29 February grows a year older on 1 March in common years."""

from __future__ import annotations

import datetime as dt


def age_on(born: dt.date, on: dt.date) -> int:
    """Whole years completed on ``on``."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def latest_birth_for_age(age: int, on: dt.date) -> dt.date:
    """The latest birth date of someone who is at least ``age`` on ``on``.

    ``age_on(b, on) >= age``  ⇔  ``b <= latest_birth_for_age(age, on)``; SQL filters use it.
    """
    year = on.year - age
    try:
        return on.replace(year=year)
    except ValueError:  # on is 29 Feb and year is common: born 28 Feb has had the birthday
        return dt.date(year, 2, 28)


def earliest_birth_for_age_below(age: int, on: dt.date) -> dt.date:
    """The earliest birth date of someone still younger than ``age`` on ``on``."""
    return latest_birth_for_age(age, on) + dt.timedelta(days=1)


def reaches_age_between(born: dt.date, age: int, start: dt.date, end: dt.date) -> bool:
    """True when the person is younger than ``age`` on ``start`` and ``age`` or older by ``end``."""
    return age_on(born, start) < age <= age_on(born, end)


FIRST_DAY = dt.date(1900, 1, 1)  # every date the program takes lies in these years: date
LAST_DAY = dt.date(2100, 12, 31)  # arithmetic (ages, weeks, "30 days later") never overflows


def parse_loose_date(value: object) -> dt.date | None:
    """Dates as clerks write them: date cells, 1958.3.2, 1958-03-02, 1958/3/2, 1958年3月2日,
    19580302. Returns None when the value is not a real date between 1900 and 2100."""
    day = _parse_loose_date(value)
    return day if day is not None and FIRST_DAY <= day <= LAST_DAY else None


def _parse_loose_date(value: object) -> dt.date | None:
    import re

    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*[.\-/月]\s*(\d{1,2})\s*日?", text)
    if not m:
        m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if not m:
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})[ T]\d{1,2}:\d{2}(:\d{2})?", text)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
