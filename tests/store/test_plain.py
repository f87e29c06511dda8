"""store/plain.py: the driver's rows for the large counting reads, equal to SQLAlchemy's."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, text

from gridoffice.store import plain
from gridoffice.store.models import KeyMembership, Person


def test_plain_rows_are_sqlalchemys_with_the_dates_as_dates(village):
    stmt = (select(Person.id, Person.name, Person.birth_date, KeyMembership.since, KeyMembership.category)
            .outerjoin(KeyMembership, KeyMembership.person_id == Person.id).order_by(Person.id, KeyMembership.id))
    with village.reading() as s:
        conn = s.connection()
        ours = plain.rows(conn, stmt, dates=(2, 3))
        theirs = [tuple(r) for r in conn.execute(stmt).all()]
        assert ours == theirs
        assert any(r[3] is None for r in ours) and any(isinstance(r[3], dt.date) for r in ours)
        assert all(type(r[2]) is dt.date for r in ours if r[2] is not None)
        assert plain.rows(conn, stmt.where(Person.id < 0), dates=(2,)) == []
        one = plain.rows(conn, stmt.limit(3), dates=(2,))
        assert [r[2] for r in one] == [r[2] for r in theirs[:3]]


def test_a_date_written_with_a_time_after_it_reads_as_its_day(village):
    if not village.is_sqlite:
        return  # a DATE column of PostgreSQL holds no time
    with village.session() as s:
        pid = s.scalar(select(Person.id))
        s.execute(text("UPDATE person SET birth_date = '1950-03-04 00:00:00' WHERE id = :pid"), {"pid": pid})
    with village.reading() as s:
        rows = plain.rows(s.connection(), select(Person.birth_date).where(Person.id == pid), dates=(0,))
    assert rows == [(dt.date(1950, 3, 4),)]
