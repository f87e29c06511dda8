"""Backups made by the program. Today: a copy before risky work (import, restore, upgrade).
Issue 9 grows this module (daily rotation, restore, encrypted copies) behind these names."""

from __future__ import annotations

import logging
from pathlib import Path

from gridoffice import paths
from gridoffice.store import Database
from gridoffice.store.backup import aside_name, copy_sqlite
from gridoffice.store.engine import sqlite_path

log = logging.getLogger(__name__)


def backup_before(db: Database, reason: str, folder: Path | None = None) -> Path | None:
    """Copy a SQLite database into the backup folder before ``reason`` (e.g. "import").
    Returns the copy's path; None for a server database (backed up by its own tools)."""
    source = sqlite_path(db.url)
    if source is None:
        return None
    target_dir = folder or paths.backup_dir()
    target = aside_name(target_dir / source.name, f"before-{reason}")
    copy_sqlite(source, target)
    log.info("backup before %s: %s", reason, target)
    return target
