"""Issue 14: backups started together never share a temporary file, and rotation groups copies by
the database's identity (a UUID kept in it), never by its file name."""

import datetime as dt
import shutil
import subprocess
import sys
import threading

import pytest

from gridoffice.services import backup
from gridoffice.store import Database
from gridoffice.store.identity import database_uuid, short

pytestmark = pytest.mark.sqlite


def test_identity_is_made_once_and_kept(db):
    first = database_uuid(db)
    assert len(first) == 32 and database_uuid(db) == first


def test_two_backups_started_together_both_succeed(village, tmp_path):
    folder = tmp_path / "b"
    results, errors = [], []
    start = threading.Barrier(4)

    def one():
        start.wait()
        try:
            results.append(backup.backup_now(village, folder))
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(set(results)) == 4
    for path in results:
        assert backup.inspect(path).counts["households"] == 1600
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in results)


def test_two_backup_processes_started_together_both_succeed(village_path, tmp_path):
    folder = tmp_path / "b"
    cmd = [sys.executable, "-m", "gridoffice", "backup", "--db", str(village_path), "--to", str(folder)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [o[1] for o in outs]
    made = sorted(folder.glob("village.manual-*.db"))
    assert len(made) == 3
    assert not [p for p in folder.iterdir() if p.name.endswith(".part")]


def test_two_databases_with_the_same_name_keep_their_backups(tmp_path, village_template, empty_template):
    folder = tmp_path / "shared"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copyfile(village_template, tmp_path / "a" / "gridoffice.db")
    shutil.copyfile(empty_template, tmp_path / "b" / "gridoffice.db")
    policy = backup.BackupSettings(folder=folder, keep_daily=2, keep_weekly=1, keep_monthly=1, keep_latest=1)
    a = Database.open(str(tmp_path / "a" / "gridoffice.db"))
    b = Database.open(str(tmp_path / "b" / "gridoffice.db"))
    try:
        assert database_uuid(a) != database_uuid(b)
        mine = backup.daily_backup(b, policy)
        assert mine is not None and f".{short(database_uuid(b))}." in mine.name
        # B's copy is old by its name: under the old rules A's rotation deleted it
        old = mine.with_name(mine.name.replace(mine.name.split(".")[1], "daily-20200101-090000-000000"))
        mine.rename(old)
        for days in range(10):
            when = dt.datetime(2026, 1, 1, 9) + dt.timedelta(days=days)
            name = f"gridoffice.daily-{when:%Y%m%d-%H%M%S-%f}.{short(database_uuid(a))}.db"
            (folder / name).write_bytes(b"")
        assert backup.daily_backup(a, policy) is not None
        assert old.exists(), "A's rotation removed B's backup"
        assert len(backup.backups_of(a, folder)) <= 1 + 2 + 1 + 1
        assert [x.path for x in backup.backups_of(b, folder)] == [old]
        # B first gets a daily copy today (its only one is from 2020), then rotates its own
        assert backup.daily_backup(b, policy) is not None
        assert len(backup.backups_of(b, folder)) == 2
    finally:
        a.close()
        b.close()


def test_copies_from_before_identities_are_listed_and_never_rotated(db, tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    for n in range(8):
        (folder / f"test.daily-202001{n + 1:02d}-090000.db").write_bytes(b"")
    assert len(backup.backups_of(db, folder)) == 8
    backup.daily_backup(db, backup.BackupSettings(folder=folder, keep_daily=1, keep_weekly=0, keep_monthly=0,
                                                  keep_latest=0))
    assert len(list(folder.glob("test.daily-202001*.db"))) == 8


def test_restoring_a_copy_older_than_identities_keeps_the_databases_identity(village, village_path, tmp_path):
    import sqlite3

    ident = database_uuid(village)
    old = tmp_path / "old.db"
    shutil.copyfile(village_path, old)
    with sqlite3.connect(old) as conn:
        conn.execute("DELETE FROM setting WHERE key = 'database.uuid'")
    conn.close()
    backup.restore(village, old)
    assert database_uuid(village) == ident
