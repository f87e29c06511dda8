"""store/plain.py: the driver's rows for the large counting reads, equal to SQLAlchemy's."""

from __future__ import annotations

import datetime as dt

import pytest
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
        pytest.skip("a DATE column of PostgreSQL holds no time")
    with village.session() as s:
        pid = s.scalar(select(Person.id))
        s.execute(text("UPDATE person SET birth_date = '1950-03-04 00:00:00' WHERE id = :pid"), {"pid": pid})
    with village.reading() as s:
        found = plain.rows(s.connection(), select(Person.birth_date).where(Person.id == pid))
    assert plain.dates(found, 0)[found[0][0]] == dt.date(1950, 3, 4)


def test_a_packed_answer_is_the_rows_as_text(village):
    """``packed``: one string for any SELECT (NULL an empty field); ``beside`` reads it on a
    thread of its own."""
    stmt = select(Person.id, Person.birth_date, KeyMembership.category).outerjoin(
        KeyMembership, KeyMembership.person_id == Person.id).order_by(Person.id)

    def read() -> str | None:
        with village.reading() as s:
            return s.connection().execute(plain.packed(stmt)).scalar()

    with village.reading() as s:
        expected = sorted([str(a), str(b) if b else "", c or ""] for a, b, c in s.execute(stmt))
    with plain.beside(read) as reading:
        got = plain.unpacked(reading.result())
    assert sorted(got) == expected and any(row[2] == "" for row in got) and len(got) > 1000
    assert plain.unpacked(None) == [] and plain.unpacked("") == []
