"""The data-safety pane (数据安全): backups (now, sealed for a USB stick, where, how many),
restore, the program password, the masked display and who the operator is."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridoffice import paths
from gridoffice.domain.errors import Refusal
from gridoffice.services import access, backup
from gridoffice.store import sealed
from gridoffice.ui import settings
from gridoffice.ui.context import AppContext
from gridoffice.ui.errors import show_error
from gridoffice.ui.ops import Op, run_in_background
from gridoffice.ui.safety.password_dialog import PasswordDialog
from gridoffice.ui.safety.settings import backup_settings, save_backup_settings, set_operator
from gridoffice.ui.widgets import empty_hint, masking

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class BackupListModel(QStandardItemModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels([self.tr("备份时间"), self.tr("类型"), self.tr("大小"), self.tr("加密")])

    def load(self, files: list[backup.BackupFile]) -> None:
        self.removeRows(0, self.rowCount())
        kinds = {"daily": self.tr("每日自动"), "manual": self.tr("手动"), "before-import": self.tr("导入前"),
                 "before-restore": self.tr("恢复前"), "before-upgrade": self.tr("升级前")}
        for f in files:
            when = QStandardItem(f.made_at.strftime("%Y-%m-%d %H:%M:%S"))
            when.setData(str(f.path), PATH_ROLE)
            kind = QStandardItem(kinds.get(f.reason, kinds.get(f.reason.split("-0")[0], f.reason)))
            size = QStandardItem(f"{f.size / 1_048_576:.1f} MB")
            size.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            lock = QStandardItem(self.tr("是") if f.sealed else "")
            for item in (when, kind, size, lock):
                item.setEditable(False)
            self.appendRow([when, kind, size, lock])


class SafetyPane(QWidget):
    restored = Signal()  # the open database now holds a backup's data

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("safetyPane")
        self.context = context
        self._task: Op | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self._backup_box(), 1)
        row = QHBoxLayout()
        row.addWidget(self._password_box())
        row.addWidget(self._display_box())
        layout.addLayout(row)
        context.database_changed.connect(self.refresh)
        self.refresh()

    # ---- building ---------------------------------------------------------------------
    def _backup_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("备份与恢复"), self)
        grid = QGridLayout(box)
        self.folder_label = QLabel(box)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = choose = QPushButton(self.tr("选择备份文件夹…"), box)
        choose.clicked.connect(self.choose_folder)
        self.default_button = default = QPushButton(self.tr("用默认位置"), box)
        default.clicked.connect(self.use_default_folder)
        grid.addWidget(QLabel(self.tr("备份位置："), box), 0, 0)
        self.folder_label.setWordWrap(True)
        grid.addWidget(self.folder_label, 0, 1, 1, 3)
        grid.addWidget(choose, 0, 4)
        grid.addWidget(default, 0, 5)
        keep = QHBoxLayout()
        policy = backup_settings()
        self.keep_daily = self._spin(policy.keep_daily, 60)
        self.keep_weekly = self._spin(policy.keep_weekly, 52)
        self.keep_monthly = self._spin(policy.keep_monthly, 120)
        for label, spin in ((self.tr("保留每天的"), self.keep_daily), (self.tr("份，每周的"), self.keep_weekly),
                            (self.tr("份，每月的"), self.keep_monthly)):
            keep.addWidget(QLabel(label, box))
            keep.addWidget(spin)
        keep.addWidget(QLabel(self.tr("份"), box))
        keep.addStretch(1)
        grid.addWidget(QLabel(self.tr("自动备份："), box), 1, 0)
        grid.addLayout(keep, 1, 1, 1, 5)
        when = QLabel(self.tr("每天第一次打开程序时自动备份一次；导入、恢复、升级之前也会先备份。"), box)
        when.setWordWrap(True)
        grid.addWidget(when, 2, 1, 1, 5)
        self.backup_button = QPushButton(self.tr("立即备份"), box)
        self.backup_button.clicked.connect(self.back_up_now)
        self.sealed_button = QPushButton(self.tr("加密备份到U盘…"), box)
        self.sealed_button.clicked.connect(self.back_up_sealed)
        self.restore_selected = QPushButton(self.tr("用所选备份恢复…"), box)
        self.restore_selected.clicked.connect(self.restore_from_selection)
        self.restore_file = QPushButton(self.tr("从文件恢复…"), box)
        self.restore_file.clicked.connect(self.restore_from_file)
        buttons = QHBoxLayout()
        for b in (self.backup_button, self.sealed_button, self.restore_selected, self.restore_file):
            buttons.addWidget(b)
        buttons.addStretch(1)
        grid.addLayout(buttons, 3, 0, 1, 6)
        self.server_note = QLabel(self.tr("这是服务器上的数据库（PostgreSQL）：请由管理员在服务器上用 pg_dump 备份。"), box)
        self.server_note.setWordWrap(True)
        grid.addWidget(self.server_note, 4, 0, 1, 6)
        self.backups = BackupListModel(self)
        self.backup_view = QTableView(box)
        self.backup_view.setObjectName("backupList")
        self.backup_view.setModel(self.backups)
        self.backup_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.backup_view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.backup_view.verticalHeader().setVisible(False)
        self.backup_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.backup_view.horizontalHeader().setStretchLastSection(True)
        self.backup_hint = empty_hint.install(self.backup_view, self.tr("这个备份文件夹里还没有备份：点“立即备份”做第一份；"
                                                     "以后每天第一次打开程序时会自动备份。"))
        grid.addWidget(self.backup_view, 5, 0, 1, 6)
        grid.setColumnStretch(3, 1)
        return box

    def _spin(self, value: int, maximum: int) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(0, maximum)
        spin.setValue(value)
        spin.valueChanged.connect(self._save_policy)
        return spin

    def _password_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("程序密码"), self)
        v = QVBoxLayout(box)
        self.password_state = QLabel(box)
        v.addWidget(self.password_state)
        note = QLabel(self.tr("设了密码，打开这个数据库（图形界面和命令行）都要输入密码。它防的是别人随手打开"
                              "这台电脑上的程序；数据库文件本身没有加密，拷走文件的人仍能读出内容。"
                              "要带出办公室的数据，请用“加密备份”。"), box)
        note.setWordWrap(True)
        v.addWidget(note)
        row = QHBoxLayout()
        self.set_password_button = QPushButton(self.tr("设置密码…"), box)
        self.set_password_button.clicked.connect(self.set_password)
        self.clear_password_button = QPushButton(self.tr("取消密码…"), box)
        self.clear_password_button.clicked.connect(self.clear_password)
        row.addWidget(self.set_password_button)
        row.addWidget(self.clear_password_button)
        row.addStretch(1)
        v.addLayout(row)
        return box

    def _display_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("显示与操作员"), self)
        v = QVBoxLayout(box)
        self.masked = QCheckBox(self.tr("隐藏身份证号和电话（屏幕给来访者看时）"), box)
        self.masked.setChecked(masking.masked())
        self.masked.toggled.connect(masking.switch().set)
        v.addWidget(self.masked)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("操作员："), box))
        self.operator = QLineEdit(self.context.db.operator or settings.operator(), box)
        self.operator.setMaxLength(50)
        row.addWidget(self.operator, 1)
        save = QPushButton(self.tr("换操作员"), box)
        save.clicked.connect(self.change_operator)
        row.addWidget(save)
        v.addLayout(row)
        hint = QLabel(self.tr("操作日志记下的修改人。"), box)
        hint.setWordWrap(True)
        v.addWidget(hint)
        v.addStretch(1)
        return box

    # ---- state ------------------------------------------------------------------------
    def _is_file(self) -> bool:
        return self.context.db.file_path is not None

    def _backup_buttons(self) -> tuple[QPushButton, ...]:
        return (self.backup_button, self.sealed_button, self.restore_selected, self.restore_file,
                self.choose_button, self.default_button)

    def refresh(self) -> None:
        on_file = self._is_file()
        for b in self._backup_buttons()[:4]:
            b.setEnabled(on_file and not self.busy())
        self.server_note.setVisible(not on_file)
        if not on_file:
            self.backup_hint.label.setText(self.tr("服务器上的数据库不在这里备份，见上面的说明。"))
        folder = backup_settings().target()
        self.folder_label.setText(str(folder))
        source = self.context.db.file_path
        self.backups.load(backup.backups_of(self.context.db, folder) if source else [])
        self.backup_hint.update()
        has = access.password_set(self.context.db)
        self.password_state.setText(self.tr("已设置程序密码。") if has else self.tr("没有设置程序密码。"))
        self.set_password_button.setText(self.tr("修改密码…") if has else self.tr("设置密码…"))
        self.clear_password_button.setEnabled(has)

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        super().showEvent(event)

    def _save_policy(self) -> None:
        current = backup_settings()
        save_backup_settings(backup.BackupSettings(
            folder=current.folder, keep_daily=self.keep_daily.value(), keep_weekly=self.keep_weekly.value(),
            keep_monthly=self.keep_monthly.value()))

    def _set_folder(self, folder: Path | None) -> None:
        current = backup_settings()
        save_backup_settings(backup.BackupSettings(folder=folder, keep_daily=current.keep_daily,
                                                   keep_weekly=current.keep_weekly, keep_monthly=current.keep_monthly))
        self.refresh()

    # ---- actions ----------------------------------------------------------------------
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择备份文件夹"), str(backup_settings().target()))
        if folder:
            self._set_folder(Path(folder))

    def use_default_folder(self) -> None:
        self._set_folder(None)

    # Backing up, checking and restoring a street database takes seconds: they run in a pool
    # thread (ui/ops.py); the backup buttons are disabled meanwhile.
    def busy(self) -> bool:
        return self._task is not None and self._task.is_running()

    def _run(self, fn, on_done, text: str, action: str, on_failed=None) -> bool:  # type: ignore[no-untyped-def]
        if self.busy():
            return False
        self._task = run_in_background(self, fn, on_done, text=text, action=action, on_failed=on_failed,
                                       disable=self._backup_buttons())
        return True

    def back_up_now(self) -> None:
        db, folder = self.context.db, backup_settings().target()
        self._run(lambda: backup.backup_now(db, folder), self._backed_up,
                  self.tr("正在备份数据库，请稍候…"), self.tr("备份没有做成。"))

    def _backed_up(self, path: Path) -> None:
        self.refresh()
        QMessageBox.information(self, self.tr("已备份"), self.tr("已备份到：\n{path}").format(path=path))

    def back_up_sealed(self) -> None:
        if self.busy():
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择U盘或文件夹"), str(paths.data_dir()))
        if not folder:
            return
        dialog = PasswordDialog(self, self.tr("加密备份"), self.tr("给这份备份设一个密码（恢复时要用，忘了就打不开）："),
                                confirm=True, min_length=sealed.MIN_PASSWORD)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        db, password = self.context.db, dialog.password.text()
        self._run(lambda: backup.backup_now(db, Path(folder), password=password), self._sealed_done,
                  self.tr("正在加密备份，请稍候…"), self.tr("备份没有做成。"))

    def _sealed_done(self, path: Path) -> None:
        QMessageBox.information(self, self.tr("已加密备份"), self.tr("已加密备份到：\n{path}").format(path=path))

    def restore_from_selection(self) -> None:
        rows = self.backup_view.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(self, self.tr("恢复"), self.tr("请先在列表里选一份备份。"))
            return
        self.restore(Path(rows[0].data(PATH_ROLE)))

    def restore_from_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择备份文件"), str(backup_settings().target()),
                                              self.tr("网格办公备份 (*.db *.gobak);;所有文件 (*)"))
        if path:
            self.restore(Path(path))

    def restore(self, path: Path) -> bool:
        """Check the backup (in the pool), ask, then restore (in the pool). Returns whether the
        check was started; ``restored`` is emitted when the data has been replaced."""
        if self.busy():
            return False
        password = None
        if sealed.is_sealed(path):
            dialog = PasswordDialog(self, self.tr("加密备份"), self.tr("这份备份加了密码，请输入："))
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            password = dialog.password.text()
        return self._run(lambda: backup.inspect(path, password), lambda info: self._confirm_restore(path, password, info),
                         self.tr("正在检查备份，请稍候…"), self.tr("这份备份不能恢复。"))

    def _confirm_restore(self, path: Path, password: str | None, info) -> None:  # type: ignore[no-untyped-def]
        made = info.made_at.strftime("%Y年%m月%d日 %H:%M") if info.made_at else self.tr("不明")
        question = self.tr(
            "用 {made} 的备份替换现在的数据吗？\n\n备份里：{office}，{households} 户，{persons} 人。\n"
            "这之后做的修改会被替换掉；现在的数据会先另存一份，需要时还能找回。"
        ).format(made=made, office=info.office or "—", households=f"{info.counts.get('households', 0):,}",
                 persons=f"{info.counts.get('persons', 0):,}")
        answer = QMessageBox.question(self, self.tr("从备份恢复"), question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        db = self.context.db
        self._run(lambda: backup.restore(db, path, password), lambda result: self._restored(made, *result),
                  self.tr("正在从备份恢复，请稍候…"), self.tr("没有恢复，现在的数据没有改动。"))

    def _restored(self, made: str, change, safety: Path) -> None:  # type: ignore[no-untyped-def]
        self.context.undo_stack.clear()  # the undo history belongs to the data just replaced
        self.context.apply(change)
        self.context.notify(None)
        self.refresh()
        self.restored.emit()
        QMessageBox.information(self, self.tr("已恢复"), self.tr("已恢复为 {made} 的备份。\n恢复前的数据另存在：\n{path}")
                                .format(made=made, path=safety))

    def set_password(self) -> None:
        has = access.password_set(self.context.db)
        dialog = PasswordDialog(self, self.tr("程序密码"), self.tr("打开这个数据库时要输入的密码："), confirm=True, old=has)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            change = access.set_password(self.context.db, dialog.password.text(),
                                         dialog.old.text() if dialog.old is not None else "")
        except Refusal as exc:
            show_error(self, exc)
            return
        self.context.apply(change)
        self.refresh()

    def clear_password(self) -> None:
        dialog = PasswordDialog(self, self.tr("取消程序密码"), self.tr("输入现在的密码以取消："))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            change = access.clear_password(self.context.db, dialog.password.text())
        except Refusal as exc:
            show_error(self, exc)
            return
        self.context.apply(change)
        self.refresh()

    def change_operator(self) -> None:
        name = self.operator.text().strip()
        if not name:
            QMessageBox.information(self, self.tr("操作员"), self.tr("请填写操作员姓名。"))
            return
        set_operator(name)
        self.context.db.operator = name
        self.context.database_changed.emit()  # the status bar shows the operator
