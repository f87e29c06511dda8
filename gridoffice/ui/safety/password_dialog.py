"""A small dialog asking for a password (once, or twice for a new one; with the old one when
changing)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget


class PasswordDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, prompt: str, *, confirm: bool = False,
                 old: bool = False, min_length: int = 0) -> None:
        super().__init__(parent)
        self.min_length = min_length
        self.setObjectName("passwordDialog")
        self.setWindowTitle(title)
        form = QFormLayout(self)
        form.addRow(QLabel(prompt, self))
        self.old = self._field(self.tr("原密码：")) if old else None
        if self.old is not None:
            form.addRow(self.tr("原密码："), self.old)
        self.password = self._field(self.tr("密码："))
        form.addRow(self.tr("新密码：") if confirm else self.tr("密码："), self.password)
        self.again = self._field(self.tr("再输入一次：")) if confirm else None
        if self.again is not None:
            form.addRow(self.tr("再输入一次："), self.again)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #b00020")
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(360)

    def _field(self, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setAccessibleName(name)
        return edit

    def accept(self) -> None:
        if not self.password.text():
            self.message.setText(self.tr("请输入密码。"))
            return
        if len(self.password.text()) < self.min_length:
            self.message.setText(self.tr("密码太短：至少要 {n} 个字符。").format(n=self.min_length))
            return
        if self.again is not None and self.again.text() != self.password.text():
            self.message.setText(self.tr("两次输入的密码不一样。"))
            return
        super().accept()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
