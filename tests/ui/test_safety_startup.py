import pytest
from PySide6.QtWidgets import QMessageBox

from gridoffice import paths
from gridoffice.services import access
from gridoffice.store.errors import DiskFull
from gridoffice.ui.safety import startup as safety_startup
from gridoffice.ui.safety.password_dialog import PasswordDialog
from tests.held import delivered


@pytest.fixture
def warnings(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: shown.append(a[2]) or 0))
    return shown


def answer(monkeypatch, *passwords):
    queue = list(passwords)
    calls = []

    def exec_(self):
        calls.append(1)
        if not queue:
            self.reject()
            return self.result()
        self.password.setText(queue.pop(0))
        self.accept()
        return self.result()

    monkeypatch.setattr(PasswordDialog, "exec", exec_)
    return calls


def test_no_password_opens_and_makes_the_days_backup(qapp, village, warnings):
    assert safety_startup.after_open(village)
    assert len(list(paths.backup_dir().glob("village.daily-*.db"))) == 1
    assert safety_startup.after_open(village)
    assert len(list(paths.backup_dir().glob("village.daily-*.db"))) == 1, "once a day"
    assert warnings == []


def test_password_right_on_the_second_try(qapp, village, monkeypatch, warnings):
    access.set_password(village, "网格2026")
    calls = answer(monkeypatch, "错", "网格2026")
    assert safety_startup.after_open(village)
    assert len(calls) == 2


def test_three_wrong_passwords_or_cancel_do_not_open(qapp, village, monkeypatch, warnings):
    access.set_password(village, "网格2026")
    answer(monkeypatch, "a", "b", "c")
    assert not safety_startup.after_open(village)
    assert "3 次" in warnings[-1]
    assert not list(paths.backup_dir().glob("*.daily-*")), "no backup for a refused start"
    answer(monkeypatch)  # cancel
    assert not safety_startup.unlock(village)


def test_a_failed_daily_backup_is_told_but_does_not_stop_the_work(qapp, village, monkeypatch, warnings):
    def full(*_a, **_k):
        raise DiskFull("磁盘已满，数据没有写入。请清理磁盘空间后再试。")

    monkeypatch.setattr(safety_startup.backup, "daily_backup", full)
    assert safety_startup.after_open(village)
    assert "磁盘已满" in warnings[-1]


def test_file_open_asks_for_the_other_databases_password(qtbot, village, db_path, monkeypatch, warnings):
    from gridoffice.store import Database
    from gridoffice.ui.main_window import MainWindow

    other = Database.open(str(db_path))
    access.set_password(other, "另一个库")
    other.close()
    window = MainWindow(village)
    qtbot.addWidget(window)
    monkeypatch.setattr("gridoffice.ui.main_window.QFileDialog.getOpenFileName", lambda *a, **k: (str(db_path), ""))
    answer(monkeypatch, "x", "y", "z")
    window.open_database()
    assert window.context.db is village, "wrong password: the open database stays"
    answer(monkeypatch, "另一个库")
    window.open_database()
    assert window.context.db.url.endswith("test.db")


def test_with_a_window_the_days_backup_runs_in_the_pool(qtbot, village, slow_spy, warnings):
    import threading

    from PySide6.QtWidgets import QWidget

    threads = slow_spy(safety_startup.backup, "daily_backup", held=False).threads
    window = QWidget()
    qtbot.addWidget(window)
    assert safety_startup.after_open(village, window)
    qtbot.waitUntil(lambda: len(list(paths.backup_dir().glob("village.daily-*.db"))) == 1)
    assert threads and threads[0] is not threading.main_thread()
    delivered(qtbot)  # the job's end reaches the window before the test takes the window away
    assert warnings == []


def test_a_failed_background_backup_is_told(qtbot, village, monkeypatch, warnings):
    from PySide6.QtWidgets import QWidget

    def full(*_a, **_k):
        raise DiskFull("磁盘已满，数据没有写入。请清理磁盘空间后再试。")

    monkeypatch.setattr(safety_startup.backup, "daily_backup", full)
    window = QWidget()
    qtbot.addWidget(window)
    safety_startup.daily_backup_in_background(village, window)
    qtbot.waitUntil(lambda: bool(warnings))
    assert "磁盘已满" in warnings[-1]
