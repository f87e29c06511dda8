"""Migration 0007 (issue 22, the age pyramid's index): the 0006 fixture upgrades with every row
and every value kept and the new index is there."""

import shutil
import sqlite3
from pathlib import Path

from gridoffice.store import Database, migrate, schema_check
from tests.store.fixture_rows import DATA, dump


def _indexes(path: Path) -> dict[str, list[str]]:
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='person'"
                                            " AND name NOT LIKE 'sqlite_%'")]
        return {n: [r[2] for r in conn.execute(f'PRAGMA index_info("{n}")')] for n in names}


def test_upgrading_0006_keeps_every_row_and_adds_the_pyramid_index(tmp_path):
    path = shutil.copyfile(DATA / "schema-0006.db", tmp_path / "old.db")
    before = dump(path)
    assert "ix_person_status_sex_birth" not in _indexes(path)
    db = Database.open(str(path))
    try:
        assert migrate.current(db.engine) == migrate.head()  # 0007 and every revision after it
    finally:
        db.close()
    after = dump(path)
    assert after.keys() - before.keys() <= {"data_change"}  # a later revision (0009) adds its change log
    assert before.keys() <= after.keys()
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
        for old, new in zip(rows, after[table], strict=True):
            assert {k: new[k] for k in old} == old, table  # every row and value kept, in order (later revisions add columns)
    assert sum(len(r) for r in before.values()) > 50
    assert _indexes(path)["ix_person_status_sex_birth"] == ["status", "sex", "birth_date", "household_id",
                                                            "deleted_at"]
    with sqlite3.connect(path) as conn:
        assert schema_check.problems(conn, migrate.head()) == []



def test_a_file_with_planner_statistics_gets_them_for_the_new_index(tmp_path):
    path = shutil.copyfile(DATA / "schema-0006.db", tmp_path / "old.db")
    with sqlite3.connect(path) as conn:
        conn.execute("ANALYZE")
    Database.open(str(path)).close()
    with sqlite3.connect(path) as conn:
        indexes = {r[0] for r in conn.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'person'")}
    assert "ix_person_status_sex_birth" in indexes
