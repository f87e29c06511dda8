"""What to do next on an empty database: the first screen after the first-run wizard says it,
step by step, with a button for each step, and goes away once the office is set up.

1. 建立村（社区）和一般网格 — the grid pane's "新建村（社区）…";
2. 导入花名册 — the import wizard (it can make the micro-grids named in the roster);
3. 添加网格员 — the staff pane's "新增…"."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QMainWindow, QPushButton, QWidget

from gridoffice.services import setup_state
from gridoffice.ui import ops


class GettingStarted(QFrame):
    def __init__(self, window: QMainWindow, parent: QWidget | None = None, first: Any = None) -> None:
        """``first``: the state already read (at start, in the pool with the database's opening)."""
        super().__init__(parent)
        self.setObjectName("gettingStarted")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#gettingStarted { background: #fff8e1; }")
        self.window_ = window
        self.context = window.context  # type: ignore[attr-defined]
        title = QLabel(self.tr("<b>开始使用：这个数据库还是空的。</b>按下面三步建起本村（社区）的台账。"), self)
        title.setWordWrap(True)
        steps: list[tuple[str, str, Callable[[], None]]] = [
            (self.tr("1. 建立网格：新建村（社区）和它的一般网格"), self.tr("新建村（社区）…"), self.build_grids),
            (self.tr("2. 导入花名册：住户和人口；花名册里写的微网格可以一并新建"), self.tr("导入花名册…"),
             self.import_roster),
            (self.tr("3. 添加网格员：网格长、网格员、家庭医生，再到“网格与服务团队”任命"), self.tr("添加网格员…"),
             self.add_staff),
        ]
        layout = QGridLayout(self)
        layout.addWidget(title, 0, 0, 1, 3)
        self.done_labels: list[QLabel] = []
        self.buttons: list[QPushButton] = []
        for row, (text, button_text, slot) in enumerate(steps, start=1):
            label = QLabel(text, self)
            label.setWordWrap(True)
            done = QLabel(self)
            button = QPushButton(button_text, self)
            button.setObjectName(f"gettingStarted{row}")
            button.clicked.connect(slot)
            layout.addWidget(label, row, 0)
            layout.addWidget(done, row, 1)
            layout.addWidget(button, row, 2)
            self.done_labels.append(done)
            self.buttons.append(button)
        layout.setColumnStretch(0, 1)
        self.loader = ops.Loader(self, self._show)
        self.context.database_changed.connect(self.refresh)
        self.context.data_changed.connect(self._on_data_changed)
        self.refresh(first)

    def _on_data_changed(self, tables: Collection[str] | None) -> None:
        """Counted in the pool (three counts over the street's tables: ~50–80 ms that ran on the
        GUI thread after every household save)."""
        if tables is None or {"grid", "household", "staff"} & set(tables):
            db = self.context.db
            self.loader.request(lambda: setup_state.state(db))

    def refresh(self, first: setup_state.SetupState | None = None) -> None:
        self._show(setup_state.state(self.context.db) if first is None else first)

    def _show(self, state: setup_state.SetupState) -> None:
        counts = (state.grids, state.households, state.staff)
        texts = (self.tr("已有 {n} 个网格"), self.tr("已有 {n} 户"), self.tr("已有 {n} 名网格员"))
        for done, n, text in zip(self.done_labels, counts, texts, strict=True):
            done.setText("✓ " + text.format(n=f"{n:,}") if n else self.tr("未做"))
            done.setStyleSheet("color: #070;" if n else "color: #b00;")
        self.setVisible(not state.complete)

    def _show_pane(self, name: str) -> QWidget | None:
        from gridoffice.ui.widgets.lazy_pane import find_pane

        tabs = self.window_.tabs  # type: ignore[attr-defined]
        pane = find_pane(self.window_, name)  # a pane made on first show is made now
        index = tabs.indexOf(pane) if pane is not None else -1
        if index < 0:
            return None
        tabs.setCurrentIndex(index)
        return pane

    def build_grids(self) -> None:
        pane = self._show_pane("gridPane")
        structure = getattr(pane, "structure", None)
        if structure is not None:
            structure.add_top()

    def import_roster(self) -> None:
        self.window_.import_action.trigger()  # type: ignore[attr-defined]

    def add_staff(self) -> None:
        pane = self._show_pane("staffPane")
        if pane is not None:
            pane.add()  # type: ignore[attr-defined]


def install(window: QMainWindow, first: Any = None) -> GettingStarted | None:
    """At the top of the overview pane (the first screen)."""
    overview = getattr(window, "overview", None)
    layout = overview.layout() if overview is not None else None
    if layout is None:
        return None
    guide = GettingStarted(window, overview, first)
    layout.insertWidget(0, guide)
    return guide
