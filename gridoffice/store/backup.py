"""Consistent copies of a SQLite database (the online backup API: safe while the app runs)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
from collections.abc import Callable
from contextlib import closing, suppress
from pathlib import Path

from gridoffice.i18n import tr
from gridoffice.store import outputs
from gridoffice.store.errors import translate
from gridoffice.store.uris import readonly_uri

_stamps = threading.Lock()
_last_stamp: dt.datetime | None = None


def connect_readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(readonly_uri(path), uri=True)


def copy_sqlite(src: Path, dest: Path, finish: Callable[[sqlite3.Connection], None] | None = None) -> Path:
    """Copy ``src`` to ``dest`` with SQLite's backup API; returns ``dest``. ``dest`` is new:
    never the source, another database or a backup (store/outputs.py); the copy is private
    (0600) and appears only complete (a unique temporary name beside it, then a rename), after
    ``finish`` (e.g. recording when it was made) ran on it."""
    tmp = outputs.temp_beside(dest)
    try:
        outputs.ensure_folder(dest.parent)
        outputs.check_target(dest, db=src)
        outputs.sweep(dest.parent)
        # create the file ourselves first: a read-only or missing folder then fails with the
        # OS's reason (no permission, disk full) instead of SQLite's "unable to open"
        outputs.create_private(tmp)
        with closing(connect_readonly(src)) as source:
            target = sqlite3.connect(tmp)
            try:
                source.backup(target)
                # a backup is one self-contained file: no -wal beside it on a USB stick
                target.execute("PRAGMA journal_mode = DELETE")
                if finish is not None:
                    finish(target)
            finally:
                target.close()
        outputs.make_private(tmp)
        os.replace(tmp, dest)
    except (OSError, sqlite3.Error) as exc:
        known = translate(exc, str(dest))
        if known is not None:
            raise known from exc
        raise
    finally:
        for leftover in (tmp, Path(str(tmp) + "-journal")):
            with suppress(OSError):
                leftover.unlink(missing_ok=True)
    return dest


def unique_stamp(now: dt.datetime | None = None) -> dt.datetime:
    """The time for a new copy's name, to the microsecond and never twice in this process."""
    global _last_stamp
    with _stamps:
        stamp = now or dt.datetime.now()
        if _last_stamp is not None and stamp <= _last_stamp:
            stamp = _last_stamp + dt.timedelta(microseconds=1)
        _last_stamp = stamp
        return stamp


def aside_name(path: Path, reason: str, ident: str = "", when: dt.datetime | None = None) -> Path:
    """``village.db`` → ``village.before-upgrade-20230107-101500-123456.1a2b3c4d5e6f.db``
    beside it: microseconds keep two copies started together apart; ``ident`` (the database's
    identity, store/identity.py) tells whose copy it is whatever the file is called."""
    stamp = unique_stamp(when).strftime("%Y%m%d-%H%M%S-%f")
    tag = f".{ident}" if ident else ""
    return path.with_name(f"{path.stem}.{reason}-{stamp}{tag}{path.suffix}")


def describe(path: Path) -> str:
    return tr("备份文件：{path}").format(path=path)
