import sys

from PySide6.QtWidgets import QLabel

from gridoffice.ui.widgets import refcount_guard


def test_guard_leaves_headroom_for_the_pyside_leak(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    if refcount_guard.affected():
        assert sys.getrefcount(None) > 1 << 39  # applied by the session fixture
    before = sys.getrefcount(None)
    for _ in range(100):
        label.setText("x")
    leaked = before - sys.getrefcount(None)
    assert leaked in (0, 100)  # 100 on the buggy PySide6 6.12, 0 once fixed
    assert refcount_guard.install() is False  # only once
