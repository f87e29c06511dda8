"""A full disk and a read-only folder: a clear sentence, no damage."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from gridoffice.services import backup, settings
from gridoffice.store import Database
from gridoffice.store import backup as store_backup
from gridoffice.store.errors import DiskFull, ReadOnly
from gridoffice.store.models import Person


def _persons(db: Database) -> int:
    with db.reading() as s:
        return s.exec(select(func.count()).select_from(Person)).one()[0]


def test_database_full_midway_gives_a_sentence_and_keeps_what_was_there(village, village_path):
    settings.put(village, "before", "kept")
    before = _persons(village)
    with sqlite3.connect(village_path) as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    village.engine.dispose()

    def cap(dbapi_connection, _record):  # the file may not grow by more than 4 pages
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 4}")

    event.listen(village.engine, "connect", cap)
    with pytest.raises(DiskFull) as err, village.session() as s:
        s.add_all([Person(name=f"新居民{i}", note="x" * 400) for i in range(3000)])
    assert "磁盘已满" in str(err.value)
    event.remove(village.engine, "connect", cap)
    village.engine.dispose()
    assert _persons(village) == before, "nothing of the failed transaction is visible"
    assert settings.get(village, "before") == "kept"
    with sqlite3.connect(village_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    settings.put(village, "after", "works")  # the database goes on working once there is room
    assert settings.get(village, "after") == "works"


class _FullStick:
    """sqlite3 as seen by copy_sqlite, with a USB stick that fills up after 3 pages."""

    Error = sqlite3.Error

    @staticmethod
    def connect(target, *args, **kwargs):  # type: ignore[no-untyped-def]
        conn = sqlite3.connect(target, *args, **kwargs)
        if not str(target).startswith("file:"):
            conn.execute("PRAGMA max_page_count = 3")
        return conn


def test_backup_to_a_full_stick_says_so_and_leaves_no_half_file(village, tmp_path, monkeypatch):
    monkeypatch.setattr(store_backup, "sqlite3", _FullStick)
    stick = tmp_path / "usb"
    with pytest.raises(DiskFull) as err:
        backup.backup_now(village, stick)
    assert "磁盘已满" in str(err.value)
    assert list(stick.iterdir()) == [], "no partial backup left behind"
    assert _persons(village) > 0


_READONLY_CHILD = r"""
import json, sys
from gridoffice.services import backup, settings
from gridoffice.store import Database, StoreError
out = {}
try:
    db = Database.open(sys.argv[1], operator="访客")
except StoreError as exc:
    print(json.dumps({"open": type(exc).__name__ + ": " + str(exc)}, ensure_ascii=False))
    raise SystemExit(0)
out["open"] = "ok"
try:
    settings.put(db, "x", "y")
    out["write"] = "ok"
except StoreError as exc:
    out["write"] = type(exc).__name__ + ": " + str(exc)
try:
    backup.backup_now(db, backup.Path(sys.argv[2]))
    out["backup"] = "ok"
except StoreError as exc:
    out["backup"] = type(exc).__name__ + ": " + str(exc)
out["persons"] = len(db.engine.connect().exec_driver_sql("SELECT id FROM person").fetchall())
print(json.dumps(out, ensure_ascii=False))
"""


def _run_without_write_rights(work: Path, db_file: Path, backup_dir: Path) -> dict[str, str]:
    prefix: list[str] = []
    if os.geteuid() == 0:  # root without the capability to override file permissions
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: permissions cannot be tested")
        prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--"]
    home = work / "home"
    home.mkdir(exist_ok=True)
    env = dict(os.environ, GRIDOFFICE_HOME=str(home), PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.run([*prefix, sys.executable, "-c", _READONLY_CHILD, str(db_file), str(backup_dir)],
                          capture_output=True, text=True, timeout=120, env=env, cwd=str(work))
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture
def work():
    path = Path(tempfile.mkdtemp(prefix="gridoffice-ro-"))
    yield path
    for root, _dirs, _files in os.walk(path):
        os.chmod(root, 0o755)
    shutil.rmtree(path, ignore_errors=True)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_database_in_a_read_only_folder_is_refused_with_a_sentence(village_path, work):
    """A database in a folder nobody may write to (a CD, a locked share). Root ignores
    permissions, so the check runs in a child process that may not override them."""
    folder = work / "ro"
    folder.mkdir()
    target = folder / "village.db"
    target.write_bytes(village_path.read_bytes())
    os.chmod(target, 0o444)
    os.chmod(folder, 0o555)
    before = target.read_bytes()
    out = _run_without_write_rights(work, target, work / "backups")
    assert out["open"].startswith("ReadOnly") and "只读" in out["open"]
    assert target.read_bytes() == before, "the file is untouched"
    assert sorted(p.name for p in folder.iterdir()) == ["village.db"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_read_only_file_and_backup_folder_give_sentences_and_no_damage(village_path, work):
    folder = work / "data"
    folder.mkdir()
    target = folder / "village.db"
    target.write_bytes(village_path.read_bytes())
    os.chmod(target, 0o444)
    stick = work / "stick"
    stick.mkdir(mode=0o555)
    os.chmod(stick, 0o555)
    before = target.read_bytes()
    out = _run_without_write_rights(work, target, stick)
    if out["open"] != "ok":  # some SQLite builds refuse a read-only WAL file outright
        assert out["open"].startswith("ReadOnly")
    else:
        assert out["write"].startswith("ReadOnly") and "只读" in out["write"]
        assert out["backup"].startswith("ReadOnly") and "没有写入权限" in out["backup"]
        assert out["persons"] > 0, "reading still works"
    assert target.read_bytes() == before, "the file is untouched"
    assert list(stick.iterdir()) == []

def test_oserror_sentences():
    import errno

    from gridoffice.store.errors import translate

    assert isinstance(translate(OSError(errno.ENOSPC, "No space left on device")), DiskFull)
    assert isinstance(translate(OSError(errno.EROFS, "Read-only file system")), ReadOnly)
