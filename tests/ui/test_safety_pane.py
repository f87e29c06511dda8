import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from gridoffice.services import access, backup
from gridoffice.store.errors import DiskFull
from gridoffice.ui.context import AppContext
from gridoffice.ui.safety.pane import SafetyPane
from gridoffice.ui.safety.password_dialog import PasswordDialog
from gridoffice.ui.widgets import masking


@pytest.fixture(autouse=True)
def fresh_switch():
    masking.switch().forget()
    yield
    masking.switch().set(False)
    masking.switch().forget()


@pytest.fixture
def boxes(monkeypatch):
    shown = []
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a, _n=name: shown.append((_n, a[2])) or 0))
    answers = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a: shown.append(("question", a[2])) or answers.pop(0)))
    return shown, answers


def typed(monkeypatch, *passwords, old=None):
    """Each PasswordDialog.exec() types the next password (and old one) and presses OK."""
    queue = list(passwords)

    def exec_(self):
        value = queue.pop(0)
        self.password.setText(value)
        if self.again is not None:
            self.again.setText(value)
        if self.old is not None:
            self.old.setText(old or "")
        self.accept()
        return self.result()

    monkeypatch.setattr(PasswordDialog, "exec", exec_)


def _names(path):
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM person WHERE name = '改错了'").fetchone()[0]


def test_back_up_now_lists_the_copy_and_the_model_is_sound(qtbot, qtmodeltester, village, boxes):
    shown, _ = boxes
    pane = SafetyPane(AppContext(village))
    qtbot.addWidget(pane)
    assert pane.backups.rowCount() == 0
    qtbot.mouseClick(pane.backup_button, qtbot_left())
    qtbot.waitUntil(lambda: not pane.busy())
    assert shown[-1][0] == "information" and "已备份到" in shown[-1][1]
    assert pane.backups.rowCount() == 1 and pane.backups.index(0, 1).data() == "手动"
    qtmodeltester.check(pane.backups)


def test_restore_asks_with_the_date_then_restores(qtbot, village, village_path, boxes):
    shown, answers = boxes
    context = AppContext(village)
    pane = SafetyPane(context)
    qtbot.addWidget(pane)
    pane.back_up_now()
    qtbot.waitUntil(lambda: not pane.busy())
    with sqlite3.connect(village_path) as conn:
        conn.execute("UPDATE person SET name = '改错了' WHERE id <= 3")
    conn.close()
    pane.backup_view.selectRow(0)
    answers.append(QMessageBox.StandardButton.No)
    pane.restore_from_selection()
    qtbot.waitUntil(lambda: not pane.busy())
    assert "备份替换现在的数据" in shown[-1][1] and "年" in shown[-1][1] and "1,600 户" in shown[-1][1]
    assert _names(village_path) == 3, "answered No: nothing restored"
    answers.append(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(pane.restored, timeout=10000):
        pane.restore_from_selection()
    assert _names(village_path) == 0
    assert "恢复前的数据另存在" in shown[-1][1]
    assert pane.backups.rowCount() == 2  # the manual copy and the one made before restoring


def test_sealed_backup_then_restore_with_its_password(qtbot, village, tmp_path, boxes, monkeypatch):
    shown, answers = boxes
    pane = SafetyPane(AppContext(village))
    qtbot.addWidget(pane)
    stick = tmp_path / "usb"
    stick.mkdir()
    monkeypatch.setattr("gridoffice.ui.safety.pane.QFileDialog.getExistingDirectory", lambda *a: str(stick))
    typed(monkeypatch, "U盘密码-2023")
    pane.back_up_sealed()
    qtbot.waitUntil(lambda: not pane.busy())
    sealed_file = next(stick.glob("*.gobak"))
    typed(monkeypatch, "错的")
    pane.restore(sealed_file)
    qtbot.waitUntil(lambda: not pane.busy())
    assert shown[-1][0] == "warning" and "密码不对" in shown[-1][1]
    typed(monkeypatch, "U盘密码-2023")
    answers.append(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(pane.restored, timeout=10000):
        pane.restore(sealed_file)


def test_backup_runs_off_the_gui_thread_and_a_second_click_starts_nothing(qtbot, village, boxes, slow_spy):
    shown, _ = boxes
    spy = slow_spy(backup, "backup_now", result=Path("made.db"))
    release, calls = spy.release, spy.threads
    pane = SafetyPane(AppContext(village))
    qtbot.addWidget(pane)
    qtbot.mouseClick(pane.backup_button, qtbot_left())
    qtbot.waitUntil(lambda: len(calls) == 1)
    assert calls[0] is not threading.main_thread()
    assert pane.busy() and not pane.backup_button.isEnabled() and not pane.restore_selected.isEnabled()
    pane.back_up_now()  # e.g. a keyboard shortcut while the first runs: nothing new starts
    assert not pane.restore(Path("any-backup.db"))
    release.set()
    qtbot.waitUntil(lambda: not pane.busy())
    assert len(calls) == 1 and pane.backup_button.isEnabled()
    assert shown[-1][0] == "information" and "made.db" in shown[-1][1]


def test_a_failed_backup_arrives_as_a_sentence(qtbot, village, boxes, monkeypatch):
    shown, _ = boxes

    def full_disk(db, folder, password=None):
        raise DiskFull("磁盘已满，请清理空间后再试。")

    monkeypatch.setattr(backup, "backup_now", full_disk)
    pane = SafetyPane(AppContext(village))
    qtbot.addWidget(pane)
    pane.back_up_now()
    qtbot.waitUntil(lambda: not pane.busy())
    assert shown[-1][0] == "warning" and "备份没有做成" in shown[-1][1] and "磁盘已满" in shown[-1][1]
    assert pane.backup_button.isEnabled()


def test_password_set_change_and_clear_from_the_pane(qtbot, village, boxes, monkeypatch):
    shown, _ = boxes
    pane = SafetyPane(AppContext(village))
    qtbot.addWidget(pane)
    assert not pane.clear_password_button.isEnabled()
    typed(monkeypatch, "网格2026")
    pane.set_password()
    assert access.check(village, "网格2026") and access.password_set(village)
    assert pane.password_state.text() == "已设置程序密码。" and pane.clear_password_button.isEnabled()
    typed(monkeypatch, "新密码1", old="不对")
    pane.set_password()
    assert "原密码不对" in shown[-1][1] and access.check(village, "网格2026")
    typed(monkeypatch, "网格2026")
    pane.clear_password()
    assert not access.password_set(village)


def test_masked_display_and_operator(qtbot, village, boxes):
    context = AppContext(village)
    pane = SafetyPane(context)
    qtbot.addWidget(pane)
    pane.masked.setChecked(True)
    assert masking.masked()
    pane.operator.setText("张会计")
    with qtbot.waitSignal(context.database_changed):
        pane.change_operator()
    assert village.operator == "张会计"
    from gridoffice.ui import settings

    assert settings.operator() == "张会计"


def test_a_server_database_offers_no_file_backup(qtbot, village, monkeypatch, boxes):
    monkeypatch.setattr(type(village), "file_path", property(lambda self: None))  # as on PostgreSQL
    pane = SafetyPane(AppContext(village))
    qtbot.addWidget(pane)
    assert not pane.backup_button.isEnabled() and not pane.server_note.isHidden()


def test_password_dialog_checks_the_repeat(qtbot):
    dialog = PasswordDialog(None, "t", "p", confirm=True)
    qtbot.addWidget(dialog)
    dialog.password.setText("abcd")
    dialog.again.setText("abce")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and "不一样" in dialog.message.text()


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_backup_password_dialog_asks_for_eight_characters(qtbot):
    from gridoffice.store import sealed
    from gridoffice.ui.safety.password_dialog import PasswordDialog

    dialog = PasswordDialog(None, "t", "p", confirm=True, min_length=sealed.MIN_PASSWORD)
    qtbot.addWidget(dialog)
    dialog.password.setText("1234567")
    dialog.again.setText("1234567")
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted and "8" in dialog.message.text()
