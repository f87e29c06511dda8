import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from gridoffice.store import Database, migrate
from gridoffice.store.errors import CannotOpen, NotADatabase, SchemaTooNew, UpgradeFailed

DATA = Path(__file__).parent.parent / "data"
FIXTURES = sorted(DATA.glob("schema-*.db"))


def test_new_database_is_created_at_head(tmp_path):
    db = Database.open(str(tmp_path / "new.db"))
    try:
        assert migrate.current(db.engine) == migrate.head()
        tables = set(inspect(db.engine).get_table_names())
        assert {"grid", "person", "household", "entitlement", "matter", "audit_event"} <= tables
    finally:
        db.close()


def test_models_and_migrations_agree(db):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)
    assert diff == []


@pytest.mark.sqlite
def test_sqlite_pragmas(db):
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def _row_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name != 'alembic_version'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_kept_fixtures_are_known_revisions():
    """A fixture is kept for every released schema (make it with tests/data/make_schema_fixture.py
    when a release changes the schema); each names a revision the program knows."""
    kept = {p.stem.removeprefix("schema-") for p in FIXTURES}
    assert kept, "no schema fixture kept in tests/data"
    assert kept <= set(migrate.known_revisions())


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_every_kept_schema_upgrades_to_head_with_every_row(tmp_path, fixture):
    path = shutil.copyfile(fixture, tmp_path / fixture.name)
    before = _row_counts(path)
    db = Database.open(str(path))
    try:
        assert migrate.current(db.engine) == migrate.head()
    finally:
        db.close()
    after = _row_counts(path)
    for table, count in before.items():
        assert after[table] >= count, table
    assert sum(before.values()) > 20


def test_newer_schema_is_refused_untouched(tmp_path, db_path):
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    before = db_path.read_bytes()
    with pytest.raises(SchemaTooNew) as err:
        Database.open(str(db_path))
    assert "更新版本" in str(err.value)
    assert db_path.read_bytes() == before


def test_an_old_schema_not_upgraded_says_how_on_each_surface(tmp_path):
    path = shutil.copyfile(FIXTURES[0], tmp_path / "old.db")
    with pytest.raises(UpgradeFailed) as err:
        Database.open(str(path), allow_upgrade=False)
    assert "gridoffice db upgrade" in err.value.for_cli() and "gridoffice" not in str(err.value)
    assert "自动升级" in err.value.for_gui() and "gridoffice" not in err.value.for_gui()


def test_failed_upgrade_puts_the_previous_file_back(tmp_path, monkeypatch):
    path = shutil.copyfile(FIXTURES[0], tmp_path / "old.db")
    rev = FIXTURES[0].stem.removeprefix("schema-")
    before = _row_counts(path)
    monkeypatch.setattr(migrate, "head", lambda: "9999_next")
    monkeypatch.setattr(migrate, "known_revisions", lambda: [rev, "9999_next"])

    def broken_upgrade(engine, target="head"):
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM person"))  # half-done work that must not survive
        raise RuntimeError("migration bug")

    monkeypatch.setattr(migrate, "upgrade", broken_upgrade)
    with pytest.raises(UpgradeFailed) as err:
        Database.open(str(path))
    assert "已恢复" in str(err.value)
    assert _row_counts(path) == before
    assert list(tmp_path.glob("old.before-upgrade-*.db")), "the copy made before upgrading is kept"


def test_foreign_tables_are_not_touched(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(NotADatabase):
        Database.open(str(path))


def test_garbage_file_gives_a_sentence(tmp_path):
    path = tmp_path / "garbage.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(NotADatabase) as err:
        Database.open(str(path))
    assert "不是网格办公的数据库" in str(err.value)


def test_missing_file_is_refused_when_not_creating(tmp_path):
    with pytest.raises(CannotOpen):
        Database.open(str(tmp_path / "nope.db"), create=False)
