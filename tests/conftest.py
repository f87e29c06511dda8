"""Test set-up: offscreen Qt, data and settings in tmp_path, fresh SQLite files per test
(copied from templates built once per session)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("GRIDOFFICE_DB", None)

from gridoffice.store import Database


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("GRIDOFFICE_HOME", str(home))
    monkeypatch.delenv("GRIDOFFICE_DB", raising=False)
    return home


def _copy_db(src: Path, dest: Path) -> Path:
    shutil.copyfile(src, dest)
    return dest


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("templates") / "empty.db"
    Database.open(str(path)).close()
    return path


@pytest.fixture(scope="session")
def village_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from gridoffice.services import demo

    path = tmp_path_factory.mktemp("templates") / "village.db"
    db = Database.open(str(path))
    demo.build(db, "village")
    with db.engine.connect() as conn:  # fold the WAL into the file so a plain copy is complete
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def db_path(tmp_path: Path, empty_template: Path) -> Path:
    return _copy_db(empty_template, tmp_path / "test.db")


@pytest.fixture
def db(db_path: Path):  # type: ignore[no-untyped-def]
    database = Database.open(str(db_path), operator="测试员")
    yield database
    database.close()


@pytest.fixture
def village_path(tmp_path: Path, village_template: Path) -> Path:
    return _copy_db(village_template, tmp_path / "village.db")


@pytest.fixture
def village(village_path: Path):  # type: ignore[no-untyped-def]
    database = Database.open(str(village_path), operator="测试员")
    yield database
    database.close()


@pytest.fixture(autouse=True, scope="session")
def _pyside_refcount_guard() -> None:
    """PySide6 6.12 on Python 3.11 leaks references to None / True (gridoffice/ui/refcount_guard.py);
    without the guard a long GUI test session aborts at exit with "none_dealloc"."""
    from gridoffice.ui import refcount_guard

    refcount_guard.install()
