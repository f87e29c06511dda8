"""Issue 14: restore checks a backup as an upgrade would (tables and columns, one revision row,
no foreign trigger or view, integrity) and refuses anything else with a sentence before the
swap; the page size does not matter."""

import shutil
import sqlite3

import pytest

from gridoffice.cli import main
from gridoffice.services import backup
from gridoffice.store import migrate
from gridoffice.store.errors import NotADatabase

pytestmark = pytest.mark.sqlite


def _count(path, sql="SELECT count(*) FROM person"):
    with sqlite3.connect(path) as conn:
        n = conn.execute(sql).fetchone()[0]
    conn.close()
    return n


def _crafted(tmp_path, village_path, name, *sql):
    path = tmp_path / name
    shutil.copyfile(village_path, path)
    conn = sqlite3.connect(path, isolation_level=None)  # autocommit: VACUUM may run
    conn.execute("PRAGMA journal_mode = DELETE")
    for statement in sql:
        conn.execute(statement)
    conn.close()
    return path


def _skeleton(tmp_path, village_path):
    """Every table of the program, by name, with one useless column each."""
    path = tmp_path / "skeleton.db"
    with sqlite3.connect(village_path) as src:
        tables = [r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    src.close()
    with sqlite3.connect(path) as conn:
        for t in tables:
            conn.execute(f'CREATE TABLE "{t}" (x)')
        conn.execute("ALTER TABLE setting ADD COLUMN key")
        conn.execute("ALTER TABLE setting ADD COLUMN value")
        conn.execute("ALTER TABLE household ADD COLUMN deleted_at")
        conn.execute("ALTER TABLE person ADD COLUMN deleted_at")
        conn.execute("ALTER TABLE alembic_version ADD COLUMN version_num")
        conn.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (migrate.head(),))
    conn.close()
    return path


def _refused(village, village_path, path, words):
    before = _count(village_path)
    with pytest.raises(NotADatabase) as err:
        backup.restore(village, path)
    assert any(w in str(err.value) for w in words), str(err.value)
    assert _count(village_path) == before
    return err


def test_skeleton_with_the_right_table_names_is_refused(village, village_path, tmp_path):
    _refused(village, village_path, _skeleton(tmp_path, village_path), ["缺少列"])


def test_two_alembic_rows_are_refused(village, village_path, tmp_path):
    path = _crafted(tmp_path, village_path, "two.db", f"INSERT INTO alembic_version VALUES ('{migrate.head()}x')")
    _refused(village, village_path, path, ["结构版本记录"])


def test_a_trigger_is_refused(village, village_path, tmp_path):
    path = _crafted(tmp_path, village_path, "trig.db",
                    "CREATE TRIGGER evil AFTER INSERT ON matter BEGIN DELETE FROM person; END")
    _refused(village, village_path, path, ["evil"])


def test_a_view_an_extra_table_or_column_is_refused(village, village_path, tmp_path):
    for name, sql, word in (("view.db", "CREATE VIEW v AS SELECT * FROM person", "v"),
                            ("table.db", "CREATE TABLE extra (x)", "extra"),
                            ("column.db", "ALTER TABLE person ADD COLUMN secret TEXT", "secret"),
                            ("index.db", "DROP INDEX ix_grid_level", "ix_grid_level")):
        path = _crafted(tmp_path, village_path, name, sql)
        _refused(village, village_path, path, [word])


def test_a_valid_backup_with_page_size_8192_is_restored(village, village_path, tmp_path):
    path = _crafted(tmp_path, village_path, "big-pages.db", "UPDATE person SET name = '八千' WHERE id = 1",
                    "PRAGMA page_size = 8192", "VACUUM")
    assert _count(path, "PRAGMA page_size") == 8192
    backup.restore(village, path)
    assert _count(village_path, "SELECT count(*) FROM person WHERE name = '八千'") == 1
    with sqlite3.connect(village_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_cli_restore_of_a_crafted_file_is_one_sentence_and_changes_nothing(capsys, village_path, tmp_path):
    path = _crafted(tmp_path, village_path, "trig.db",
                    "CREATE TRIGGER evil AFTER INSERT ON matter BEGIN DELETE FROM person; END")
    before = _count(village_path)
    code = main(["restore", str(path), "--db", str(village_path), "--yes"])
    _out, err = capsys.readouterr()
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1 and "不能恢复" in err
    assert _count(village_path) == before
    assert not list(tmp_path.glob("home/**/*before-restore*")), "no safety copy for a refused restore"
