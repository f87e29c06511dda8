"""Schema versions (Alembic). A new database is created at head; an older one is copied
aside, then upgraded (the copy is put back if the upgrade fails); a newer one is refused.

Opening a current database does not import Alembic (0.35 s of start-up): the stored revision is
read with one query and compared with the head found in the migration files' ``revision`` /
``down_revision`` lines; Alembic is loaded only to create, upgrade or walk the history."""

from __future__ import annotations

import logging
import re
import shutil
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

from gridoffice.i18n import tr
from gridoffice.store.backup import aside_name, copy_sqlite
from gridoffice.store.engine import sqlite_path
from gridoffice.store.errors import NotADatabase, SchemaTooNew, UpgradeFailed

log = logging.getLogger(__name__)


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    location = resources.files("gridoffice.store") / "migrations"
    cfg.set_main_option("script_location", str(location))
    return cfg


def script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


_REVISION = re.compile(r"^revision\b[^=]*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\b[^=]*=\s*(.+)$", re.MULTILINE)


@lru_cache(maxsize=1)
def head() -> str:
    """The newest revision, read from the migration files (Alembic's answer when they are
    unusual: a merge, a branch, a revision written another way)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    folder = resources.files("gridoffice.store") / "migrations" / "versions"
    for entry in folder.iterdir():
        if not entry.name.endswith(".py") or entry.name.startswith("__"):
            continue
        source = entry.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev is None or down is None:
            return _alembic_head()
        revisions.add(rev.group(1))
        parents.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else _alembic_head()


def _alembic_head() -> str:
    rev = script().get_current_head()
    assert rev is not None
    return rev


def known_revisions() -> list[str]:
    """Oldest first."""
    return [rev.revision for rev in reversed(list(script().walk_revisions()))]


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) > 1:  # branches: Alembic knows what that means
        from alembic.runtime.migration import MigrationContext

        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    return rows[0] if rows else None


_alembic = threading.RLock()  # Alembic's context is process-global: one migration at a time


def upgrade(engine: Engine, target: str = "head") -> None:
    from alembic import command

    cfg = _config()
    with _alembic, engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)


def ensure_schema(engine: Engine, *, allow_upgrade: bool = True) -> str | None:
    """Bring the database to head. Returns the path of the copy made before an upgrade."""
    rev = current(engine)
    if rev is None:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
        if tables - {"alembic_version"}:
            raise NotADatabase(tr("这个数据库里已有别的表，不是网格办公的数据库，程序没有改动它。"))
        upgrade(engine)
        return None
    if rev == head():
        return None
    if rev not in known_revisions():
        raise SchemaTooNew(
            tr("这个数据库由更新版本的网格办公创建（结构版本 {rev}），本程序无法打开。请升级网格办公。").format(rev=rev)
        )
    if not allow_upgrade:
        raise UpgradeFailed(tr("数据库结构版本较旧（{rev}），需要先升级。").format(rev=rev),
                            hint_cli=tr("升级：gridoffice db upgrade"),
                            hint_gui=tr("请重新打开这个数据库：网格办公会先备份，再自动升级。"))
    return _upgrade_with_copy(engine, rev)


def _upgrade_with_copy(engine: Engine, rev: str) -> str | None:
    path = sqlite_path(str(engine.url))
    aside: Path | None = None
    if path is not None:
        aside = copy_sqlite(path, aside_name(path, f"before-upgrade-{rev}"))
        log.info("copied %s aside to %s before upgrading", path, aside)
    try:
        upgrade(engine)
    except Exception as exc:
        log.exception("schema upgrade failed")
        if aside is not None and path is not None:
            engine.dispose()
            for suffix in ("-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            shutil.copyfile(aside, path)
        raise UpgradeFailed(
            tr("数据库升级失败，已恢复为升级前的文件，没有数据丢失。详情见日志。"), str(exc)
        ) from exc
    return str(aside) if aside else None

