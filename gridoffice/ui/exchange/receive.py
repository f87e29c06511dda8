"""数据交换 → 接收: choose a package, read its dry-run report (per table: added, updated,
unchanged, conflicts, deleted; the refused rows with their reasons), then 导入 — one undo step.
An unknown sender is shown with its key's fingerprint and registered when the clerk confirms;
a package held out of sequence (or signed with a key the street replaced) shows the sentence
and offers 强制导入; a package signed with another key than the registered one offers 更换密钥…
(the village's PC died and it made a new key); a receipt is imported here too. The sentences
shown are the services' own with their GUI hint (never a command-line flag)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridoffice.services.exchange import gates, importing, receipts
from gridoffice.ui.context import AppContext
from gridoffice.ui.errors import sentence, show_error
from gridoffice.ui.exchange import rekey as rekey_dialog
from gridoffice.ui.exchange.dialog import fill_table, fit_columns, table_name
from gridoffice.ui.ops import Op
from gridoffice.ui.widgets.rows_model import RowsModel, text_width

KINDS = ("added", "updated", "unchanged", "conflicts", "deleted")


class ReceiveTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.path: Path | None = None
        self.forced = False
        self.last: importing.Imported | None = None
        self._ops: list[Op] = []
        choose = QPushButton(self.tr("选择数据包…"), self)
        choose.setObjectName("receiveChoose")
        choose.clicked.connect(lambda: self.choose())
        self.file = QLabel(self.tr("还没有选择数据包（.gopkg）。"), self)
        self.file.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        receipt = QPushButton(self.tr("导入回执…"), self)
        receipt.setObjectName("receiveReceipt")
        receipt.clicked.connect(lambda: self.import_receipt())
        top = QHBoxLayout()
        top.addWidget(choose)
        top.addWidget(self.file, 1)
        top.addWidget(receipt)
        self.notice = QLabel("", self)
        self.notice.setObjectName("receiveNotice")
        self.notice.setWordWrap(True)
        self.model = RowsModel([self.tr("表"), self.tr("新增"), self.tr("更新"), self.tr("未变"), self.tr("冲突"),
                                self.tr("删除")], self, counts=True)
        self.view = QTableView(self)
        self.view.setObjectName("receiveReport")
        self.view.setModel(self.model)
        fill_table(self.view, stretch_last=False)
        self.refused = RowsModel([self.tr("表"), self.tr("记录"), self.tr("拒收或暂缓的原因")], self)
        self.refused_view = QTableView(self)
        self.refused_view.setObjectName("receiveRefused")
        self.refused_view.setModel(self.refused)
        fill_table(self.refused_view)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.view)
        split.addWidget(self.refused_view)
        self.force = QPushButton(self.tr("强制导入"), self)
        self.force.setObjectName("receiveForce")
        self.force.setToolTip(self.tr("序号不连续或用换下的旧密钥签发时，确认无误后再强制导入"))
        self._force_action: Callable[[], None] = self.force_it
        self.force.clicked.connect(lambda: self._force_action())
        self.force.setVisible(False)
        self.rekey = QPushButton(self.tr("更换密钥…"), self)
        self.rekey.setObjectName("receiveRekey")
        self.rekey.setToolTip(self.tr("对方换了电脑、生成了新密钥时：电话核对新指纹后为它更换登记的密钥"))
        self.rekey.clicked.connect(self.rekey_it)
        self.rekey.setVisible(False)
        self._rekey_for: tuple[str, Path, Callable[[], None]] | None = None
        self.apply = QPushButton(self.tr("导入"), self)
        self.apply.setObjectName("receiveApply")
        self.apply.setEnabled(False)
        self.apply.clicked.connect(self.import_package)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.rekey)
        bottom.addWidget(self.force)
        bottom.addWidget(self.apply)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)

    def busy(self) -> bool:
        return any(op.is_running() for op in self._ops)

    def reload(self) -> None:
        """Nothing to reload: the report is of the package chosen."""

    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None], *, failed: Callable[[BaseException], None]
             | None = None, context: AppContext | None = None, text: str | None = None) -> None:
        op = Op(self, fn, context=context, text=text, disable=[self.apply, self.force])
        op.success(done)
        if failed is not None:
            op.failure(failed)
        self._ops = [o for o in self._ops if o.is_running()] + [op]
        op.run()

    # ---- the package ---------------------------------------------------------------------------
    def choose(self, path: Path | str | None = None) -> None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, self.tr("选择数据包"), "", self.tr("数据包 (*.gopkg)"))
            if not chosen:
                return
            path = chosen
        self.path, self.forced, self.last = Path(path), False, None
        self.file.setText(self.path.name)
        self.apply.setEnabled(False)
        self.force.setVisible(False)
        self.rekey.setVisible(False)
        self.model.set_rows([])
        self.refused.set_rows([])
        self.dry_run()

    def dry_run(self) -> None:
        if self.path is None:
            return
        db, path, force = self.context.db, self.path, self.forced
        self.notice.setText(self.tr("正在试导入…"))
        self._run(lambda: importing.run(db, path, dry_run=True, force=force), self._report,
                  failed=lambda exc: self._refused(exc, self.dry_run, path))

    def _refused(self, exc: BaseException, retry: Callable[[], None], path: Path, *, package: bool = True) -> None:
        """A refusal the clerk can act on here (register the sender, force a held package,
        replace a village's new key), or its sentence (with what to do in the GUI)."""
        self.notice.setText(sentence(exc))
        if isinstance(exc, gates.UnknownSender):
            db = self.context.db
            self._run(lambda: gates.trust(db, path, confirm=False), lambda info: self._ask_trust(info, path, retry))
        elif isinstance(exc, gates.Held):
            self._force_action = self.force_it if package else lambda: self.import_receipt(path, force=True)
            self.force.setVisible(True)
            self.apply.setEnabled(False)
        elif isinstance(exc, gates.KeyChanged) and exc.office:
            self.rekey.setVisible(True)
            self._rekey_for = (exc.office, path, retry)
        else:
            show_error(self, exc, self.tr("没有导入"))

    def _ask_trust(self, info: dict[str, Any], path: Path, retry: Callable[[], None]) -> None:
        text = self.tr("{office} 尚未登记。\n\n请电话核对对方的密钥指纹：\n{fp}\n\n核对无误后登记这个单位？").format(
            office=info["office"], fp=info["fingerprint"])
        answer = QMessageBox.question(self, self.tr("登记新单位"), text)
        if answer != QMessageBox.StandardButton.Yes:
            return
        db = self.context.db
        self._run(lambda: gates.trust(db, path, confirm=True), lambda _info: retry())

    def rekey_it(self) -> None:
        if self._rekey_for is None:
            return
        office, path, retry = self._rekey_for

        def done() -> None:
            self.rekey.setVisible(False)
            self._rekey_for = None
            retry()

        rekey_dialog.ask(self, self.context, office, path, disable=[self.rekey], then=done)

    def force_it(self) -> None:
        self.forced = True
        self.force.setVisible(False)
        self.dry_run()

    def _report(self, done: importing.Imported) -> None:
        self.last = done
        self.show_totals(done.totals)
        if done.already:
            self.notice.setText(self.tr("{sender} 第 {seq} 号包已导入过，再导入不会有改动。").format(
                sender=done.sender, seq=done.seq))
        else:
            self.notice.setText(self.tr("试导入（未写入）：{sender} 第 {seq} 号包。核对下表后按“导入”。").format(
                sender=done.sender, seq=done.seq))
        self.apply.setEnabled(not done.already)

    def show_totals(self, totals: dict[str, Any]) -> None:
        tables = list(dict.fromkeys(t for kind in KINDS for t in totals.get(kind, {})))
        lines = [(table_name(t), *(int(totals[kind].get(t, 0)) for kind in KINDS)) for t in tables]
        self.model.set_rows([line for line in lines if any(line[1:])] or lines)  # tables with something
        self.refused.set_rows([(table_name(r["table"]), r.get("record") or r["uuid"][:8], r["reason"]) for r in totals.get("refused", [])])
        fit_columns(self.view)
        for column in (0, 1):  # the table and the record (张三 · 2026-10-15); the reason takes the rest
            texts = {self.refused.data(self.refused.index(row, column)) or "" for row in range(self.refused.rowCount())}
            widest = max(self.refused_view.viewport().width() // 3, 80)  # a long medicine name leaves room for why
            self.refused_view.setColumnWidth(column, min(text_width(self.refused_view, column, texts), widest))

    def import_package(self) -> None:
        if self.path is None or self.last is None:
            return
        db, path, force = self.context.db, self.path, self.forced
        self._run(lambda: importing.run(db, path, force=force), self._imported, context=self.context,
                  text=self.tr("正在导入数据包…"), failed=lambda exc: self._refused(exc, self.import_package, path))

    def _imported(self, done: importing.Imported) -> None:
        self.last = done
        self.show_totals(done.totals)
        self.apply.setEnabled(False)
        undo = self.tr("（可在“编辑 → 撤销”中撤销）") if done.change is not None and done.change.undoable else ""
        self.notice.setText(self.tr("已导入 {sender} 第 {seq} 号包{undo}。回执已写到 {receipt}，请交给对方导入。").format(
            sender=done.sender, seq=done.seq, undo=undo, receipt=done.receipt))

    # ---- a receipt -----------------------------------------------------------------------------
    def import_receipt(self, path: Path | str | None = None, *, force: bool = False) -> None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, self.tr("选择回执"), "", self.tr("回执 (*.gorcpt)"))
            if not chosen:
                return
            path = chosen
        db, receipt = self.context.db, Path(path)
        self.force.setVisible(False)

        def again() -> None:
            self.import_receipt(receipt)

        self._run(lambda: receipts.accept(db, receipt, force=force), self._acknowledged,
                  failed=lambda exc: self._refused(exc, again, receipt, package=False))

    def _acknowledged(self, done: dict[str, Any]) -> None:
        self.notice.setText(self.tr("{receiver} 已确认收到第 {seq} 号数据包，下次只发送此后的变化。").format(**done))
