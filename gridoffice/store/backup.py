"""Consistent copies of a SQLite database (the online backup API: safe while the app runs)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

from gridoffice.i18n import tr
from gridoffice.store.errors import translate
from gridoffice.store.uris import readonly_uri


def copy_sqlite(src: Path, dest: Path) -> Path:
    """Copy ``src`` to ``dest`` with SQLite's backup API; returns ``dest``."""
    tmp = dest.with_name(dest.name + ".part")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        # create the file ourselves first: a read-only or missing folder then fails with the
        # OS's reason (no permission, disk full) instead of SQLite's "unable to open"
        with open(tmp, "wb"):
            pass
        with closing(sqlite3.connect(readonly_uri(src), uri=True)) as source:
            target = sqlite3.connect(tmp)
            try:
                source.backup(target)
                # a backup is one self-contained file: no -wal beside it on a USB stick
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
        tmp.replace(dest)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        known = translate(exc, str(dest))
        if known is not None:
            raise known from exc
        raise
    return dest


def aside_name(path: Path, reason: str) -> Path:
    """``village.db`` → ``village.before-upgrade-20230107-101500.db`` beside it."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.{reason}-{stamp}{path.suffix}")


def describe(path: Path) -> str:
    return tr("备份文件：{path}").format(path=path)
