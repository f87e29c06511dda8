"""Running a service write from a pane: refusals and known store errors become a message box,
a successful change goes to ``context.apply`` (undo stack + refresh). Also: bringing a pane to
the front of its tab widget, and a combo box of grids."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QMessageBox, QTabWidget, QWidget

from gridoffice.services import grids
from gridoffice.services.changes import Change
from gridoffice.services.refused import Refused
from gridoffice.store import Database
from gridoffice.ui.context import AppContext
from gridoffice.ui.errors import show_error
from gridoffice.ui.navigator import PaneNavigator


def _t(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate: _t is tr (empty context)


def try_apply(parent: QWidget, context: AppContext, make: Callable[[], Change]) -> Change | None:
    """Call the service; on success record the change, else show why. Returns the change."""
    try:
        change = make()
    except Refused as exc:
        QMessageBox.warning(parent, _t("无法完成"), str(exc))
        return None
    except Exception as exc:  # store errors get their sentence, bugs the log path
        show_error(parent, exc)
        return None
    return context.apply(change)


def raise_pane(widget: QWidget) -> None:
    """Make the tab holding ``widget`` the current one."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QTabWidget | PaneNavigator):
            for index in range(parent.count()):
                tab = parent.widget(index)
                if tab is widget or tab.isAncestorOf(widget):
                    parent.setCurrentIndex(index)
                    return
        parent = parent.parentWidget()


def grid_label(node: grids.GridNode, label: str | None = None) -> str:
    """``第7微网格（YMC-01-07，106户）``; ``label`` (``grids.labels``) in place of the name where
    the name repeats: ``大弯社区 · 第1网格 · 第3微网格（…）``."""
    return _t("{name}（{code}，{n}户）").format(name=label or node.name, code=node.code, n=node.households)


class GridCombo(QComboBox):
    """Grids of some levels, indented by depth, with their codes; the item data is the grid id."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumContentsLength(12)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

    def load(self, db: Database, levels: Iterable[str], exclude: Iterable[int] = (),
             select: int | None = None, none_text: str | None = None) -> None:
        wanted, skip = set(levels), set(exclude)
        self.blockSignals(True)
        self.clear()
        if none_text is not None:
            self.addItem(none_text, None)

        labels = grids.labels(db)  # the closed combo shows one line: say which 第1网格

        def add(node: grids.GridNode, depth: int) -> None:
            if node.level in wanted and node.id not in skip:
                self.addItem("　" * depth + grid_label(node, labels.get(node.id)), node.id)
            for child in node.children:
                add(child, depth + 1)

        for root in grids.tree(db):
            add(root, 0)
        if select is not None:
            index = self.findData(select)
            if index >= 0:
                self.setCurrentIndex(index)
        self.blockSignals(False)

    def grid_id(self) -> int | None:
        value = self.currentData()
        return value if isinstance(value, int) else None


class RefreshWhenShown:
    """Mixin for a pane in a tab: a refresh asked for while its tab is not the current one waits
    until the tab is shown (on a street database a pane refresh costs 0.1–0.5 s)."""

    _deferred: dict[Callable[[], None], None] | None = None

    def refresh_or_defer(self, refresh: Callable[[], None]) -> None:
        # hidden in its own right or inside a page that is not shown (not: the window is not shown yet)
        if not self.isVisibleTo(self.window()):  # type: ignore[attr-defined]
            if self._deferred is None:
                self._deferred = {}
            self._deferred[refresh] = None
        else:
            refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)  # type: ignore[misc]
        pending, self._deferred = self._deferred, None
        for refresh in pending or ():
            refresh()
