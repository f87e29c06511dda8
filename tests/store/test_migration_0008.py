"""Migration 0008 (issue 19, moved households): the 0006 fixture upgrades with every row and
every value kept; ``household.moved_on`` / ``moved_to`` are filled from the old note mark
"迁出：日期 迁往 单位" where a household has one, and stay empty elsewhere."""

import datetime as dt
import shutil
import sqlite3

from sqlalchemy import select

from gridoffice.store import Database, migrate, schema_check
from gridoffice.store.models import Household
from tests.store.fixture_rows import DATA, dump


def test_upgrading_0006_keeps_every_row_and_fills_the_move_columns_from_the_note(tmp_path):
    path = shutil.copyfile(DATA / "schema-0006.db", tmp_path / "old.db")
    with sqlite3.connect(path) as conn:  # as moving.send wrote a move before 0008
        conn.execute("UPDATE household SET note = ?, deleted_at = '2026-11-30 10:00:00.000000' WHERE id = 1",
                     ("迁出：2026-11-30 迁往 乙村（510000000002）。老人随子女",))
        conn.execute("UPDATE household SET note = ? WHERE id = 2", ("迁出：日期不明 迁往 某地。",))  # not a date
        conn.execute("UPDATE household SET note = ? WHERE id = 3", ("曾说要迁出：2026-01-01 迁往 甲村。",))  # not at the head
    before = dump(path)
    assert "moved_on" not in before["household"][0]
    db = Database.open(str(path))
    try:
        assert migrate.current(db.engine) == migrate.head()
        with db.reading() as s:
            moved = {h.id: (h.moved_on, h.moved_to) for h in s.scalars(select(Household))}
    finally:
        db.close()
    after = dump(path)
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
        for old, new in zip(rows, after[table], strict=True):
            assert {k: new[k] for k in old} == old, table  # every value kept, the notes too
    assert sum(len(r) for r in before.values()) > 50
    assert moved == {1: (dt.date(2026, 11, 30), "乙村（510000000002）"), 2: (None, None), 3: (None, None)}
    with sqlite3.connect(path) as conn:
        assert schema_check.problems(conn, migrate.head()) == []


def test_the_move_columns_travel():
    from gridoffice.services.exchange import rows
    from gridoffice.store.travel import BY_NAME

    assert {"moved_on", "moved_to"} <= set(rows.compared(BY_NAME["household"]))
