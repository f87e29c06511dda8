"""The GUI's start on a named database: the window shows first, the database is opened in the pool
(ui/startup.open_after_show), then the window is attached. A database that cannot be opened still
gets its sentence and the program ends with exit code 1; a program password is still asked first."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from gridoffice.services import access
from gridoffice.store import Database
from gridoffice.ui import startup
from gridoffice.ui.main_window import MainWindow
from gridoffice.ui.safety.password_dialog import PasswordDialog


@pytest.fixture
def told(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda *a: shown.append(a[2]) or 0))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: shown.append(a[2]) or 0))
    return shown


@pytest.fixture
def exits(monkeypatch):
    codes: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(lambda code=0: codes.append(code)))
    return codes


def start(qtbot, path) -> tuple[MainWindow, list]:  # type: ignore[no-untyped-def]
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    attached: list = []
    startup.open_after_show(window, str(path), "测试员", then=attached.append)
    return window, attached


def test_the_window_shows_before_the_database_then_attaches(qtbot, village_path, told, exits):
    window, attached = start(qtbot, village_path)
    assert not window.attached and window.centralWidget().objectName() == "openingDatabase"
    assert window._db_label.text() == f"数据库：{village_path.name}"
    qtbot.waitUntil(lambda: bool(attached), timeout=60_000)
    assert window.attached and window.tree_pane.model.rowCount() == 1
    assert window.tree_pane.model.index(0, 0).data(), "the tree read in the pool is shown"
    assert told == [] and exits == []
    window.close()
    window.context.close()


@pytest.mark.parametrize("spoil, sentence", [
    ("newer", "更新"),
    ("damaged", "不是网格办公的数据库"),
])
def test_a_database_that_cannot_open_is_told_and_the_program_ends(qtbot, village_path, told, exits, spoil, sentence):
    if spoil == "newer":
        with sqlite3.connect(village_path) as conn:
            conn.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    else:
        village_path.write_bytes(b"this is not a database" * 100)
    window, attached = start(qtbot, village_path)
    qtbot.waitUntil(lambda: bool(exits), timeout=60_000)
    assert exits == [1] and attached == [] and not window.attached
    assert len(told) == 1 and sentence in told[0], told


def test_a_locked_database_is_told(qtbot, village_path, told, exits, monkeypatch):
    from gridoffice.store.errors import DatabaseLocked

    def locked(*_a, **_k):  # type: ignore[no-untyped-def]
        raise DatabaseLocked("数据库正被另一个程序（或另一台电脑）使用，请稍后再试，或关闭另一个网格办公窗口。")

    monkeypatch.setattr(Database, "open", classmethod(lambda cls, *a, **k: locked()))
    _window, attached = start(qtbot, village_path)
    qtbot.waitUntil(lambda: bool(exits), timeout=60_000)
    assert exits == [1] and attached == [] and "正被另一个程序" in told[0]


def test_the_program_password_is_asked_before_the_panes(qtbot, village_path, told, exits, monkeypatch):
    db = Database.open(str(village_path), operator="测试员")
    access.set_password(db, "网格2026")
    db.close()
    monkeypatch.setattr(PasswordDialog, "exec", lambda self: self.reject() or self.result())  # 取消
    window, attached = start(qtbot, village_path)
    qtbot.waitUntil(lambda: bool(exits), timeout=60_000)
    assert exits == [1] and attached == [] and not window.attached
