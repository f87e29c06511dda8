"""Migration 0002 (returnee_stay.registered_on, 登记日期): the 0001 fixture upgrades to it in
place, keeps every row and every value, and gains the column empty; the restore check knows both
revisions' schemas."""

import shutil
import sqlite3
from pathlib import Path

from gridoffice.store import Database, migrate, schema_check

FIXTURE = Path(__file__).parent.parent / "data" / "schema-0001.db"


def _dump(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name != 'alembic_version'"
            " AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}


def _columns(path: Path, table: str) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM pragma_table_info(?)", (table,))]


def test_the_0001_fixture_is_below_head_and_has_no_registration_date():
    revisions = migrate.known_revisions()
    assert revisions.index("0001") < revisions.index("0002") <= revisions.index(migrate.head())
    assert "registered_on" not in _columns(FIXTURE, "returnee_stay")


def test_upgrading_0001_keeps_every_row_and_adds_registered_on(tmp_path, monkeypatch):
    path = shutil.copyfile(FIXTURE, tmp_path / "old.db")
    before = _dump(path)
    assert before["returnee_stay"], "the fixture has a returnee stay to carry over"
    real = migrate.upgrade  # this step alone (later revisions have their own tests)
    monkeypatch.setattr(migrate, "head", lambda: "0002")
    monkeypatch.setattr(migrate, "upgrade", lambda engine, target="head": real(engine, "0002"))
    db = Database.open(str(path))
    try:
        assert migrate.current(db.engine) == "0002"
    finally:
        db.close()
    after = _dump(path)
    assert set(after) >= set(before)  # later revisions add tables of their own
    for table, rows in before.items():
        if table == "returnee_stay":
            continue
        assert after[table] == rows, table  # untouched, row for row
    columns = _columns(path, "returnee_stay")
    assert columns[-1] == "registered_on"
    # every stay is still there with the same values, and no date the office never recorded
    assert [row[:-1] for row in after["returnee_stay"]] == before["returnee_stay"]
    assert [row[-1] for row in after["returnee_stay"]] == [None] * len(before["returnee_stay"])
    assert list(tmp_path.glob("old.before-upgrade-0001*.db")), "the copy made before upgrading is kept"


def test_the_restore_check_knows_both_schemas(tmp_path):
    conn = sqlite3.connect(f"{FIXTURE.resolve().as_uri()}?mode=ro", uri=True)
    try:
        assert schema_check.problems(conn, "0001") == []
        # the same file judged against 0002 misses exactly the new column
        assert schema_check.problems(conn, "0002") == [
            schema_check.tr("表 {table} 缺少列 {columns}").format(table="returnee_stay", columns="registered_on")]
    finally:
        conn.close()
    path = shutil.copyfile(FIXTURE, tmp_path / "old.db")
    Database.open(str(path)).close()
    with sqlite3.connect(path) as conn:
        assert schema_check.problems(conn, migrate.head()) == []
