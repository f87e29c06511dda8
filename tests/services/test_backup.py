import datetime as dt
import sqlite3
import threading

import pytest
from sqlmodel import select

from gridoffice.services import backup, settings
from gridoffice.store import sealed
from gridoffice.store.errors import NotADatabase, SchemaTooNew
from gridoffice.store.models import AuditEvent, Person

pytestmark = pytest.mark.sqlite  # backups of a server database are pg_dump's job


def _persons(path):
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM person").fetchone()[0]


def test_backup_now_is_a_checked_single_file_with_its_date(village, tmp_path):
    path = backup.backup_now(village, tmp_path / "usb")
    assert path.parent == tmp_path / "usb" and path.name.startswith("village.manual-")
    assert not path.with_name(path.name + "-wal").exists()
    info = backup.inspect(path)
    assert info.counts["households"] == 1600 and info.office == "禹庙村"
    assert abs((dt.datetime.now() - info.made_at).total_seconds()) < 120
    assert _persons(path) == _persons(village.url.removeprefix("sqlite:///"))


def test_backup_while_another_connection_writes_is_consistent(village, tmp_path):
    stop = threading.Event()

    def writer():
        i = 0
        while not stop.is_set() and i < 200:
            settings.put(village, f"k{i}", "v")
            i += 1

    t = threading.Thread(target=writer)
    t.start()
    try:
        paths = [backup.backup_now(village, tmp_path / f"b{n}") for n in range(3)]
    finally:
        stop.set()
        t.join()
    for p in paths:
        assert backup.inspect(p).counts["persons"] > 0


def test_daily_backup_once_a_day_then_rotation(db, tmp_path):
    folder = tmp_path / "backups"
    policy = backup.BackupSettings(folder=folder, keep_daily=3, keep_weekly=2, keep_monthly=2, keep_latest=1)
    first = backup.daily_backup(db, policy)
    assert first is not None and first.exists()
    assert backup.daily_backup(db, policy) is None, "second start of the same day makes no copy"
    # 60 days of old daily copies
    start = dt.datetime(2026, 1, 1, 9, 0, 0)
    ident = backup.identity_of(db)
    assert first.name.endswith(f".{ident}.db")
    for n in range(60):
        when = start + dt.timedelta(days=n)
        (folder / f"test.daily-{when:%Y%m%d-%H%M%S-%f}.{ident}.db").write_bytes(first.read_bytes())
    backup.rotate(folder, "test", policy, ident)
    kept = backup.list_backups(folder, "test")
    # today's copy + 3 newest days (today counts as one) + week/month heads
    days = sorted({b.made_at.date() for b in kept})
    assert len(kept) <= 1 + 3 + 2 + 2
    assert dt.date(2026, 3, 1) in days, "newest old day kept"
    assert dt.date(2026, 1, 5) not in days, "an ordinary old day is rotated away"
    assert any(b.made_at.month == 2 for b in kept), "the monthly head of February is kept"


def test_rotation_keeps_week_and_month_heads():
    base = dt.datetime(2026, 1, 1, 8)
    files = [backup.BackupFile(backup.Path(f"/x/d{n}.db"), "daily", base + dt.timedelta(days=n), False)
             for n in range(120)]
    keep = backup.to_keep(files, backup.BackupSettings(keep_latest=0))
    made = sorted(f.made_at for f in files if f.path in keep)
    assert len([m for m in made if m >= base + dt.timedelta(days=113)]) == 7
    months = {(m.year, m.month) for m in made}
    assert len(months) == 4  # Jan–Apr all have their newest copy (fewer than 12 months exist)
    assert len(made) <= 7 + 4 + 12


def test_sealed_backup_round_trip_and_wrong_password(village, tmp_path):
    path = backup.backup_now(village, tmp_path / "new" / "folder", password="U盘密码2026")
    assert path.suffix == ".gobak" and sealed.is_sealed(path)
    assert b"SQLite format 3" not in path.read_bytes()[:4096]
    assert backup.inspect(path, "U盘密码2026").counts["households"] == 1600
    with pytest.raises(sealed.WrongPassword):
        backup.inspect(path, "wrong")
    blob = bytearray(path.read_bytes())
    blob[-100] ^= 1
    path.write_bytes(bytes(blob))
    with pytest.raises(sealed.WrongPassword):
        backup.inspect(path, "U盘密码2026")


def test_restore_checks_backs_up_then_swaps(village, village_path, tmp_path):
    copy = backup.backup_now(village, tmp_path / "usb")
    with village.session() as s:
        s.add_all([Person(name=f"新人{n}") for n in range(10)])
    assert _persons(village_path) == _persons(copy) + 10
    change, safety = backup.restore(village, copy)
    assert "从备份恢复" in change.description and "person" in change.tables
    assert _persons(village_path) == _persons(copy)
    assert _persons(safety) == _persons(copy) + 10, "the state before restoring is kept"
    with village.reading() as s:  # the same Database object works on, and the restore is audited
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "restore")).all()
    assert len(events) == 1 and events[0].operator == "测试员"
    with sqlite3.connect(village_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_restore_refuses_bad_files_and_changes_nothing(village, village_path, tmp_path):
    before = _persons(village_path)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database" * 500)
    with pytest.raises(NotADatabase):
        backup.restore(village, garbage)
    newer = backup.backup_now(village, tmp_path / "n")
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    conn.close()
    with pytest.raises(SchemaTooNew):
        backup.restore(village, newer)
    damaged = backup.backup_now(village, tmp_path / "d")
    data = bytearray(damaged.read_bytes())
    for off in range(4096 * 20, 4096 * 40, 97):  # scribble over pages in the middle
        data[off] ^= 0xFF
    damaged.write_bytes(bytes(data))
    with pytest.raises(NotADatabase):
        backup.restore(village, damaged)
    assert _persons(village_path) == before
    assert not list(tmp_path.glob("**/*before-restore*")), "no safety copy for a refused restore"


def test_server_database_is_told_to_use_pg_dump(monkeypatch, db):
    monkeypatch.setattr(backup, "sqlite_path", lambda url: None)
    assert backup.backup_before(db, "import") is None
    assert backup.daily_backup(db) is None
    with pytest.raises(backup.ServerDatabase) as err:
        backup.backup_now(db)
    assert "pg_dump" in str(err.value)


def test_restore_while_a_second_program_has_the_file_open(village, village_path, tmp_path):
    """Another copy of the program (its own engine and connections) keeps working and sees the
    restored data; the file stays sound."""
    from gridoffice.store import Database

    copy = backup.backup_now(village, tmp_path / "b")
    other = Database.open(str(village_path), operator="第二个窗口")
    try:
        with other.reading() as s:  # the other program has read the old state
            assert s.exec(select(Person).where(Person.id == 1)).one()
        with village.session() as s:
            s.add_all([Person(name=f"恢复后应消失{n}") for n in range(5)])
        backup.restore(village, copy)
        with other.reading() as s:
            gone = s.exec(select(Person).where(Person.name.startswith("恢复后应消失"))).all()
        assert gone == []
        settings.put(other, "after_restore", "ok")  # and can still write
        assert settings.get(village, "after_restore") == "ok"
    finally:
        other.close()
    with sqlite3.connect(village_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
