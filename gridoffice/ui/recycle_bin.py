"""The recycle bin: removed households and persons, restore, or delete for good after a
second confirmation."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridoffice.services.roster import households as roster_households
from gridoffice.services.roster import lists as roster_lists
from gridoffice.services.roster import persons as roster_persons
from gridoffice.services.roster.lists import BinItem
from gridoffice.ui import ops
from gridoffice.ui.context import AppContext
from gridoffice.ui.widgets import empty_hint
from gridoffice.ui.widgets.lazy_reload import ReloadWhenShown


class RecycleBinPane(ReloadWhenShown):
    load_when_first_shown = True

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recycleBin")
        self.context = context
        self.items: list[BinItem] = []
        self.table = QTableWidget(0, 6, self)
        self.table.setObjectName("binItems")
        self.table.setHorizontalHeaderLabels([self.tr("类别"), self.tr("名称"), self.tr("说明"), self.tr("删除时间"),
                                              self.tr("迁出日期"), self.tr("迁往")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.restore_button = QPushButton(self.tr("恢复"), self)
        self.restore_button.clicked.connect(self.restore)
        self.purge_button = QPushButton(self.tr("彻底删除…"), self)
        self.purge_button.clicked.connect(self.purge)
        self.note = QLabel(self.tr("删除的住户和人员先放在这里，可以恢复；彻底删除需要再次确认，且不能撤销。"), self)
        self.note.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.note, 1)
        bar.addWidget(self.restore_button)
        bar.addWidget(self.purge_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.empty_hint = empty_hint.install(self.table, self.tr("回收站是空的：删除的住户和人员会放在这里，可以恢复，直到在这里“彻底删除”。"))
        context.data_changed.connect(lambda tables: self.request_reload() if tables is None or
                                     {"person", "household"} & set(tables) else None)
        context.database_changed.connect(self.request_reload)
        self._update_buttons()

    def reload(self) -> None:
        self.items = roster_lists.recycle_bin(self.context.db)
        self.table.setRowCount(len(self.items))
        kinds = {"household": self.tr("住户"), "person": self.tr("人员")}
        for row, item in enumerate(self.items):
            for col, value in enumerate((kinds[item.kind], item.title, item.detail,
                                         item.deleted_at.strftime("%Y-%m-%d %H:%M"),
                                         item.moved_on.isoformat() if item.moved_on else "", item.moved_to)):
                self.table.setItem(row, col, QTableWidgetItem(value))
        for col in (0, 1, 3, 4, 5):
            self.table.resizeColumnToContents(col)
        self.empty_hint.update()
        self._update_buttons()

    def selected(self) -> BinItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        picked = self.selected() is not None
        self.restore_button.setEnabled(picked)
        self.purge_button.setEnabled(picked)

    def restore(self) -> None:
        item = self.selected()
        if item is None:
            return
        if item.kind == "household" and item.moved_on is not None and not self._restore_moved(item):
            return
        db = self.context.db
        if item.kind == "household":
            self._run(lambda: roster_households.restore_household(db, item.id))
        else:
            self._run(lambda: roster_persons.restore_person(db, item.id))

    def _restore_moved(self, item: BinItem) -> bool:
        """A household sent away with a move package: say what restoring it does, and ask."""
        answer = QMessageBox.question(self, self.tr("恢复迁出的住户"), self.tr(
            "{title} 已于 {on} 迁往 {to}。恢复后该户不再算迁出（迁出日期、迁往清空，可撤销）；成员仍是“迁出”，"
            "需要时在住户编辑里逐人“恢复在册”。恢复这一户吗？").format(
            title=item.title, on=item.moved_on.isoformat() if item.moved_on else "", to=item.moved_to or "—"))
        return answer == QMessageBox.StandardButton.Yes

    def purge(self) -> None:
        item = self.selected()
        if item is None:
            return
        first = QMessageBox.question(self, self.tr("彻底删除"),
                                     self.tr("彻底删除“{name}”？删除后不能恢复，也不能撤销。").format(name=item.title))
        if first != QMessageBox.StandardButton.Yes:
            return
        second = QMessageBox.warning(self, self.tr("再次确认"), self.tr("确定要彻底删除“{name}”吗？").format(name=item.title),
                                     QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                     QMessageBox.StandardButton.No)
        if second != QMessageBox.StandardButton.Yes:
            return
        db = self.context.db
        if item.kind == "household":
            done = self._run(lambda: roster_households.purge_household(db, item.id))
        else:
            done = self._run(lambda: roster_persons.purge_person(db, item.id))
        if done:  # earlier steps may refer to the purged rows: they can no longer be undone
            self.context.undo_stack.clear()

    def _run(self, make) -> bool:  # type: ignore[no-untyped-def]
        return ops.apply(self, self.context, make) is not None
