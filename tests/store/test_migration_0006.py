"""Migration 0006 (issue 21, the daily-call log): the 0004 fixture upgrades with every row and
every value kept; ``health_call`` starts empty, travels (identity columns) and takes a call."""

import datetime as dt
import shutil
import sqlite3

from sqlalchemy import select

from gridoffice.store import Database, migrate, schema_check
from gridoffice.store.models import HealthCall, Person
from gridoffice.store.travel import NAMES
from tests.store.fixture_rows import DATA, dump


def test_upgrading_0004_keeps_every_row_and_adds_an_empty_call_log(tmp_path):
    path = shutil.copyfile(DATA / "schema-0004.db", tmp_path / "old.db")
    before = dump(path)
    assert "health_call" not in before
    db = Database.open(str(path))
    try:
        assert migrate.current(db.engine) == migrate.head()
        after = dump(path)
        with db.reading() as s:
            person_id = s.scalars(select(Person.id)).first()
        with db.session() as s:
            s.add(HealthCall(person_id=person_id, called_on=dt.date(2023, 1, 7)))
    finally:
        db.close()
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
        for old, new in zip(rows, after[table], strict=True):
            assert {k: new[k] for k in old} == old, table  # every value kept, row for row
    assert sum(len(r) for r in before.values()) > 50
    assert after["health_call"] == []
    [call] = dump(path)["health_call"]
    assert call["uuid"] and call["version"] == 1 and call["change_seq"]  # it travels
    assert "health_call" in NAMES
    with sqlite3.connect(path) as conn:
        assert schema_check.problems(conn, migrate.head()) == []
