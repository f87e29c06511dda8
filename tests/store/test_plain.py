"""store/plain.py: the driver's rows for the large counting reads, equal to SQLAlchemy's."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, text

from gridoffice.store import plain
from gridoffice.store.models import KeyMembership, Person


def test_plain_rows_are_sqlalchemys_with_the_dates_read_through_dates(village):
    stmt = (select(Person.id, Person.name, Person.birth_date, KeyMembership.since, KeyMembership.category)
            .outerjoin(KeyMembership, KeyMembership.person_id == Person.id).order_by(Person.id, KeyMembership.id))
    with village.reading() as s:
        conn = s.connection()
        ours = plain.rows(conn, stmt)
        theirs = [tuple(r) for r in conn.execute(stmt).all()]
        day = plain.dates(ours, 2, 3)
        assert [(a, b, day[c], day[d], e) for a, b, c, d, e in ours] == theirs
        assert any(r[3] is None for r in theirs) and any(isinstance(r[3], dt.date) for r in theirs)
        assert all(type(v) is dt.date for k, v in day.items() if k is not None)
        assert plain.rows(conn, stmt.where(Person.id < 0)) == [] and plain.dates([], 0) == {None: None}
        dated = [(day[r[2]],) for r in ours]  # dates already: themselves
        assert all(plain.dates(dated, 0)[d] == d for (d,) in dated)


def test_a_date_written_with_a_time_after_it_reads_as_its_day(village):
    if not village.is_sqlite:
        return  # a DATE column of PostgreSQL holds no time
    with village.session() as s:
        pid = s.scalar(select(Person.id))
        s.execute(text("UPDATE person SET birth_date = '1950-03-04 00:00:00' WHERE id = :pid"), {"pid": pid})
    with village.reading() as s:
        found = plain.rows(s.connection(), select(Person.birth_date).where(Person.id == pid))
    assert plain.dates(found, 0)[found[0][0]] == dt.date(1950, 3, 4)
