"""Checking a backup file before it is restored, and putting it in place.

A restore never copies files over a live database: it writes the backup *into* the open
database with SQLite's backup API (one transaction, under SQLite's own locks), so a WAL file or
another reader beside it stays consistent, and a failure part-way leaves the old content.

A backup is checked as an upgrade would check it (store/schema_check.py): a sound file, one
known revision, exactly the program's tables, columns and indexes, no foreign trigger or view.
A sealed backup is opened in memory only (``from_image``): its plaintext never touches disk.
"""

from __future__ import annotations

import datetime as dt
import mmap
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from gridoffice.i18n import tr
from gridoffice.store import migrate, schema_check
from gridoffice.store.backup import connect_readonly
from gridoffice.store.engine import BUSY_TIMEOUT_MS
from gridoffice.store.errors import DatabaseLocked, NotADatabase, SchemaTooNew, translate

MADE_AT_KEY = "backup.made_at"  # written into every copy: when it was made


@dataclass(frozen=True)
class SnapshotInfo:
    path: Path
    revision: str
    made_at: dt.datetime | None
    office: str
    counts: dict[str, int] = field(default_factory=dict)  # households, persons


def copy_to_memory(src: Path) -> sqlite3.Connection:
    """A consistent copy of the database file ``src`` in memory (SQLite's backup API)."""
    memory = sqlite3.connect(":memory:")
    with closing(connect_readonly(src)) as source:
        source.backup(memory)
    return memory


def sealed_copy(src: Path, dest: Path, password: str, stamp: dt.datetime) -> Path:
    """``src`` copied into memory, stamped and sealed into ``dest``, in a child process (spawn,
    as the roster reader's): ``sqlite3``'s ``serialize`` makes the image in one call holding
    the interpreter lock — 1.3 s for a street's database, the window frozen meanwhile — and
    the child's lock is its own. The plaintext stays in the child's memory; the password goes
    through the pipe to it, never onto disk."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from gridoffice.store.errors import StoreError

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        try:
            return pool.submit(_sealed_copy_here, src, dest, password, stamp).result()
        except (BrokenProcessPool, MemoryError) as exc:
            raise StoreError(tr("加密备份时出错（内存不足或程序被中断），备份没有做成。"),
                             f"{type(exc).__name__}: {exc}") from exc


def _sealed_copy_here(src: Path, dest: Path, password: str, stamp: dt.datetime) -> Path:
    from gridoffice.store import sealed

    with closing(copy_to_memory(src)) as memory:
        stamp_connection(memory, stamp)
        image = memory.serialize()
    return sealed.seal_bytes(image, dest, password)


def from_image(data: bytes | bytearray | mmap.mmap, path: Path) -> sqlite3.Connection:
    """The database image ``data`` (an unsealed backup) opened in memory."""
    if data[:16] == b"SQLite format 3\x00" and data[18:20] == b"\x02\x02":
        # a WAL-mode image: read it as a plain one (no -wal exists); in place where it can be
        # (a street's image copied whole held the interpreter lock for a tenth of a second)
        data = bytearray(data) if isinstance(data, bytes) else data
        data[18:20] = b"\x01\x01"
    memory = sqlite3.connect(":memory:")
    try:
        memory.deserialize(data)
    except sqlite3.Error as exc:
        memory.close()
        raise NotADatabase(tr("这个文件不是网格办公的数据库，或者已经损坏：{path}").format(path=path), str(exc)) from exc
    return memory


def check(path: Path) -> SnapshotInfo:
    """Open ``path`` read-only and check it (see ``check_connection``)."""
    if not path.is_file():
        raise NotADatabase(tr("备份文件不存在：{path}").format(path=path))
    try:
        conn = connect_readonly(path)
    except sqlite3.Error as exc:
        raise NotADatabase(tr("打不开备份文件：{path}").format(path=path), str(exc)) from exc
    with closing(conn):
        return check_connection(conn, path)


def check_connection(conn: sqlite3.Connection, path: Path) -> SnapshotInfo:
    """It must be a sound GridOffice database of a schema this program knows (not newer), with
    exactly that schema. Raises NotADatabase / SchemaTooNew with a sentence."""
    not_ours = NotADatabase(tr("这个文件不是网格办公的数据库：{path}").format(path=path))
    try:
        result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.Error as exc:
        raise NotADatabase(tr("这个文件不是网格办公的数据库，或者已经损坏：{path}").format(path=path), str(exc)) from exc
    if result != ["ok"]:
        raise NotADatabase(tr("备份文件已损坏（完整性检查未通过），不能恢复：{path}").format(path=path),
                           "; ".join(result[:5]))
    if "alembic_version" not in tables or "person" not in tables:
        raise not_ours
    try:
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error as exc:
        raise NotADatabase(str(not_ours), str(exc)) from exc
    if len(rows) != 1:
        raise NotADatabase(tr("备份文件的结构版本记录不对（应有 1 条，实有 {n} 条），不能恢复：{path}").format(
            n=len(rows), path=path))
    revision = str(rows[0][0] or "")
    if revision not in migrate.known_revisions():
        raise SchemaTooNew(tr("这个备份由更新版本的网格办公制作（结构版本 {rev}），本程序不能恢复它。").format(rev=revision))
    wrong = schema_check.problems(conn, revision)
    if wrong:
        raise NotADatabase(tr("备份文件的结构与网格办公（结构版本 {rev}）不符，不能恢复：{what}").format(
            rev=revision, what="；".join(wrong)))
    try:
        settings = dict(conn.execute("SELECT key, value FROM setting").fetchall())
        counts = {
            "households": conn.execute("SELECT count(*) FROM household WHERE deleted_at IS NULL").fetchone()[0],
            "persons": conn.execute("SELECT count(*) FROM person WHERE deleted_at IS NULL").fetchone()[0],
        }
    except sqlite3.Error as exc:
        raise NotADatabase(str(not_ours), str(exc)) from exc
    made = settings.get(MADE_AT_KEY)
    try:
        made_at = dt.datetime.fromisoformat(made) if made else None
    except ValueError:
        made_at = None
    if made_at is None:
        made_at = dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
    return SnapshotInfo(path, revision, made_at, str(settings.get("office_name", "")), counts)


def stamp_connection(conn: sqlite3.Connection, when: dt.datetime) -> None:
    """Record in a fresh copy when it was made (the restore dialog shows it)."""
    with conn:
        conn.execute("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (MADE_AT_KEY, when.isoformat()))


def restore_into(source: sqlite3.Connection, live: Path) -> None:
    """Write the checked backup (open as ``source``) into the live database file ``live``.
    Page sizes may differ: the live file then leaves WAL mode for the copy (which needs it to
    be the only connection) and returns to it."""
    try:
        dest = sqlite3.connect(live, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            dest.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            resize = source.execute("PRAGMA page_size").fetchone()[0] != dest.execute("PRAGMA page_size").fetchone()[0]
            if resize and dest.execute("PRAGMA journal_mode = DELETE").fetchone()[0].lower() != "delete":
                raise DatabaseLocked(tr("数据库正被另一个程序（或另一台电脑）使用，请稍后再试，或关闭另一个网格办公窗口。"))
            source.backup(dest)
            if resize:
                dest.execute("PRAGMA journal_mode = WAL")
            dest.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            dest.close()
    except (OSError, sqlite3.Error) as exc:
        known = translate(exc, str(live))
        if known is not None:
            raise known from exc
        raise
