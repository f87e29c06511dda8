"""One guard for every file the program writes (exports, posters, charts, rejected rows,
backups): never onto the open database (or its -wal/-shm/-journal), never onto an input of the
same command, never onto a database or a backup; written beside the target under a temporary
name, made private (0600 on POSIX) and renamed into place, so a failure or a kill leaves either
the old file or the new one — and the temporary files of a killed run are swept the next time.

Callers wrap their writer::

    with outputs.atomic_output(target, db=db, inputs=[roster]) as tmp:
        write_something(tmp)
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from gridoffice.i18n import tr
from gridoffice.store.errors import StoreError, translate

PRIVATE = 0o600
COMPANIONS = ("-wal", "-shm", "-journal")
SQLITE_MAGIC = b"SQLite format 3\x00"
SEALED_MAGIC = b"GRIDOFFICE-SEALED-"  # store/sealed.py, any version
WAL_MAGIC = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
TEMP_SUFFIX = ".part"
STALE_AFTER_S = 12 * 3600  # a temp file this old is a leftover whoever made it
# ours, and the one a writer (exports/xlsx.py) makes beside ours: both carry our pid
_TEMP = re.compile(r"^(\.~)?\.~go-(?P<pid>\d+)-[0-9a-f]{8}\..*\.(part|tmp)(-journal|-wal|-shm)?$")

PathLike = str | os.PathLike[str]


class OutputRefused(StoreError):
    """The chosen output file must not be written (it is the database, an input or a backup)."""


def _key(path: Path) -> str:
    """A path's identity when the file may not exist: absolute, symlinks resolved, case folded
    where the file system folds it."""
    return os.path.normcase(os.path.realpath(path))


def same_file(a: PathLike, b: PathLike) -> bool:
    a, b = Path(a), Path(b)
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return _key(a) == _key(b)


def database_files(db: object) -> list[Path]:
    """The files of an open SQLite database (``Database`` or its URL or its path)."""
    url = getattr(db, "url", db)
    if "://" in str(url):
        # SQLAlchemy's URL parser: loaded only when a URL is given
        from gridoffice.store.engine import sqlite_path

        path = sqlite_path(str(url))
    else:
        path = Path(str(url))
    if path is None:
        return []
    return [path] + [Path(str(path) + suffix) for suffix in COMPANIONS]


def _head(path: Path, n: int = 32) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(n)
    except OSError:
        return b""


def is_database_or_backup(path: Path) -> bool:
    """A SQLite database, one of its -wal/-shm/-journal files, or a sealed backup."""
    head = _head(path)
    if head.startswith((SQLITE_MAGIC, SEALED_MAGIC)) or head[:4] in WAL_MAGIC:
        return True
    return is_companion(path)


def is_companion(path: Path) -> bool:
    """``x.db-wal`` / ``-shm`` / ``-journal`` beside a SQLite database ``x.db`` (existing or not:
    SQLite makes them when it needs them)."""
    for suffix in COMPANIONS:
        if path.name.endswith(suffix):
            main = path.with_name(path.name[: -len(suffix)])
            if _head(main).startswith(SQLITE_MAGIC):
                return True
    return False


def check_target(target: PathLike, *, db: object = None, inputs: Iterable[PathLike] = ()) -> Path:
    """Refuse (OutputRefused, one sentence) to write ``target`` when it is the open database or
    one of its files, an input of the same command, a folder, or any database or backup."""
    path = Path(target)
    if path.is_dir():
        raise OutputRefused(tr("不能写入 {path}：这是一个文件夹，请给出文件名。").format(path=path))
    if db is not None and any(same_file(path, f) for f in database_files(db)):
        raise OutputRefused(tr("不能写入 {path}：这是正在使用的数据库文件，写入会毁掉全部数据。请换一个文件名。").format(path=path))
    for source in inputs:
        if source and same_file(path, source):
            raise OutputRefused(tr("不能写入 {path}：这是本次读取的文件，写入会覆盖原件。请换一个文件名。").format(path=path))
    # a -journal or -wal written beside a database would be taken for its own and "recovered"
    if (path.exists() and is_database_or_backup(path)) or is_companion(path):
        raise OutputRefused(tr("不能写入 {path}：这是一个数据库或备份文件，不能被覆盖。请换一个文件名。").format(path=path))
    return path


def ensure_folder(folder: PathLike) -> Path:
    """``folder`` exists as a folder (made when missing); a file in its place, or a folder
    that cannot be made, is a sentence."""
    path = Path(folder)
    if path.exists() and not path.is_dir():
        raise OutputRefused(tr("不能写入 {path}：这是一个文件，不是文件夹。请给出文件夹。").format(path=path))
    if not path.exists() and is_companion(path):
        raise OutputRefused(tr("不能写入 {path}：这是一个数据库或备份文件，不能被覆盖。请换一个文件名。").format(path=path))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        known = translate(exc, str(path))
        if known is not None:
            raise known from exc
        raise OutputRefused(tr("无法建立文件夹 {path}：{reason}").format(path=path, reason=exc.strerror or exc)) from exc
    return path


def temp_beside(target: Path) -> Path:
    """A fresh temporary name in the target's folder (same file system, so the rename is
    atomic); named so that ``sweep`` can tell a killed run's leftover from a live one."""
    name = target.name
    while len(name.encode("utf-8", "surrogateescape")) > 100:  # the whole name stays far below 255 bytes
        name = name[:-1]
    return target.with_name(f".~go-{os.getpid()}-{secrets.token_hex(4)}.{name}{TEMP_SUFFIX}")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # no safe probe (os.kill terminates on Windows): age decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def sweep(folder: PathLike) -> list[Path]:
    """Remove the temporary files a killed run left in ``folder``; returns what was removed."""
    removed: list[Path] = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        m = _TEMP.match(entry.name)
        if not m:
            continue
        try:
            old = now - entry.stat().st_mtime > STALE_AFTER_S
            if old or not _alive(int(m["pid"])):
                entry.unlink()
                removed.append(entry)
        except OSError:
            continue
    return removed


LEGACY_PLAINTEXT = ("gridoffice-seal-", "gridoffice-restore-", "gridoffice-check-")


def private_files() -> None:
    """From here on every file and folder this process creates is its owner's only (POSIX
    umask 077): databases and their -wal/-shm, logs, exports. Called by the entry points."""
    if os.name == "posix":
        os.umask(0o077)


def sweep_at_start() -> list[Path]:
    """At each start: remove the plaintext copies older versions left in the temp folder when
    they were killed during a sealed backup or restore, and the temporary files of killed runs
    in the backup folder. Returns what was removed."""
    import shutil
    import tempfile

    from gridoffice import paths

    removed: list[Path] = []
    with contextlib.suppress(OSError):
        for entry in Path(tempfile.gettempdir()).iterdir():
            if entry.name.startswith(LEGACY_PLAINTEXT) and entry.is_dir() and not entry.is_symlink():
                if os.name == "posix" and entry.stat().st_uid != os.getuid():
                    continue  # another user's: not ours to touch
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
    backups = paths.data_dir() / "backups"
    if backups.is_dir():
        removed += sweep(backups)
    return removed


def make_private(path: PathLike) -> None:
    """Owner read/write only (POSIX); a no-op where modes do not apply."""
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.chmod(path, PRIVATE)


def create_private(path: PathLike) -> None:
    """Create (or empty) ``path`` as a private file, so its content is never readable by others,
    not even for the moment before a chmod."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), PRIVATE)
    os.close(fd)
    make_private(path)


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_output(target: PathLike, *, db: object = None, inputs: Iterable[PathLike] = ()) -> Iterator[Path]:
    """Check ``target`` (see ``check_target``), yield a private temporary path beside it for the
    writer, then put it in place with one rename. Any failure removes the temporary file and
    leaves an existing ``target`` as it was."""
    inputs = list(inputs)
    path = check_target(target, db=db, inputs=inputs)
    sweep(path.parent)
    legacy = path.with_name(path.name + TEMP_SUFFIX)  # what older versions left when killed
    if legacy.is_file() and not is_database_or_backup(legacy):
        with contextlib.suppress(OSError):
            legacy.unlink()
    tmp = temp_beside(path)
    try:
        try:
            create_private(tmp)
        except OSError as exc:  # no such folder, no right to write there: said of the file asked for
            known = translate(exc, str(path))
            if known is not None:
                raise known from exc
            raise
        yield tmp
        make_private(tmp)  # a writer may have replaced the file
        _fsync(tmp)
        check_target(path, db=db, inputs=inputs)  # still not the database (a slow write)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
