"""Migration 0005 (the medicine box, issue 21): the 0004 fixture and the older ones upgrade with
every row and every value kept; the two medicine tables arrive empty, with the exchange identity
columns, and are in the travel registry."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from gridoffice.store import Database, migrate, schema_check
from gridoffice.store.travel import BY_NAME, SYNC_FIELDS
from tests.store.fixture_rows import DATA, dump

NEW_TABLES = {"medicine_item", "medicine_move"}


def test_0005_follows_0004_and_its_tables_travel():
    revisions = migrate.known_revisions()
    assert revisions.index("0004") < revisions.index("0005") <= revisions.index(migrate.head())
    assert NEW_TABLES <= set(BY_NAME)
    assert BY_NAME["medicine_move"].personal and not BY_NAME["medicine_item"].personal


@pytest.mark.parametrize("rev", ["0004", "0003", "0002", "0001"])
def test_upgrading_keeps_every_row_and_adds_the_medicine_tables(tmp_path, rev):
    path = shutil.copyfile(DATA / f"schema-{rev}.db", tmp_path / "old.db")
    before = dump(path)
    assert not NEW_TABLES & set(before)
    db = Database.open(str(path))
    try:
        assert migrate.current(db.engine) == migrate.head()
    finally:
        db.close()
    after = dump(path)
    for table in NEW_TABLES:
        assert after[table] == [], table
        assert SYNC_FIELDS <= set(_columns(path, table)), table
    kept = 0
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
        for old, new in zip(rows, after[table], strict=True):
            assert {k: new[k] for k in old} == old, table  # every value kept, row for row
            kept += 1
    assert kept > 15
    with sqlite3.connect(path) as conn:
        assert schema_check.problems(conn, migrate.head()) == []


def _columns(path: Path, table: str) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def test_a_movement_written_after_the_upgrade_gets_an_identity(tmp_path):
    import datetime as dt

    from sqlalchemy import select

    from gridoffice.store.models import MedicineItem, MedicineMove

    path = shutil.copyfile(DATA / "schema-0004.db", tmp_path / "old.db")
    db = Database.open(str(path))
    try:
        with db.session() as s:
            item = MedicineItem(name="布洛芬缓释胶囊", spec="0.3g×20粒", expires_on=dt.date(2027, 6, 30))
            s.add(item)
            s.flush()
            s.add(MedicineMove(item_id=item.id, kind="入库", moved_on=dt.date(2026, 12, 1), quantity=5, name="热心村民"))
        with db.reading() as s:
            move = s.execute(select(MedicineMove)).scalar_one()
            assert move.uuid and move.version == 1 and move.change_seq
    finally:
        db.close()
