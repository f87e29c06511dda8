"""数据交换 → 发送 → 密钥…: the office's signing key (its fingerprint; 导出… sealed with a
password for another PC, 导入… on the new PC, 生成新密钥… when the old PC died with it, 写公钥文件…
for the street to re-register it) and the street's pseudonymisation key (the street 生成 it, a
village 设置 the one handed down). What the refusals' GUI hints point to; every call through ops."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridoffice.services.exchange import keys, rows, streetkey
from gridoffice.ui.context import AppContext
from gridoffice.ui.ops import Loader, Op


def state(db: Any) -> dict[str, Any]:
    return {"fingerprint": keys.fingerprint_here(db), "street_key": streetkey.street_key(db), "role": rows.role(db)}


class KeysDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keysDialog")
        self.setWindowTitle(self.tr("密钥"))
        self.context = context
        self.office = QLabel("", self)
        self.office.setObjectName("officeKey")
        self.office.setWordWrap(True)
        self.office.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton(self.tr("导出…"), self)
        self.import_button = QPushButton(self.tr("导入…"), self)
        self.new_button = QPushButton(self.tr("生成新密钥…"), self)
        self.new_button.setObjectName("newOfficeKey")
        self.public_button = QPushButton(self.tr("写公钥文件…"), self)
        self.export_button.setToolTip(self.tr("换电脑时：用密码加密导出，到新电脑上导入"))
        self.new_button.setToolTip(self.tr("原电脑已坏、密钥找不回时才用：之后请街道为本单位更换密钥"))
        self.public_button.setToolTip(self.tr("只含公钥：交给街道登记或更换密钥"))
        self.export_button.clicked.connect(lambda: self.export_key())
        self.import_button.clicked.connect(lambda: self.import_key())
        self.new_button.clicked.connect(lambda: self.new_key())
        self.public_button.clicked.connect(lambda: self.write_public())
        own = QGroupBox(self.tr("本单位签名密钥（不在备份里）"), self)
        own_buttons = QHBoxLayout()
        for b in (self.export_button, self.import_button, self.new_button, self.public_button):
            own_buttons.addWidget(b)
        own_buttons.addStretch(1)
        box = QVBoxLayout(own)
        box.addWidget(self.office)
        box.addLayout(own_buttons)
        self.street = QLabel("", self)
        self.street.setObjectName("streetKey")
        self.street.setWordWrap(True)
        self.street_value = QLineEdit(self)
        self.street_value.setObjectName("streetKeyValue")
        self.street_value.setPlaceholderText(self.tr("街道下发的 64 位密钥"))
        self.set_button = QPushButton(self.tr("设置"), self)
        self.set_button.setObjectName("setStreetKey")
        self.make_button = QPushButton(self.tr("生成"), self)
        self.make_button.setObjectName("makeStreetKey")
        self.set_button.clicked.connect(lambda: self.set_street_key())
        self.make_button.clicked.connect(lambda: self.make_street_key())
        pseud = QGroupBox(self.tr("化名密钥（街道生成，当面或电话下发各村，不随数据包发送）"), self)
        street_row = QHBoxLayout()
        street_row.addWidget(self.street_value, 1)
        street_row.addWidget(self.set_button)
        street_row.addWidget(self.make_button)
        box2 = QVBoxLayout(pseud)
        box2.addWidget(self.street)
        box2.addLayout(street_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(own)
        layout.addWidget(pseud)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(640, 360)
        self.loader = Loader(self, self._show)
        self.reload()

    def busy(self) -> bool:
        return self.loader.busy()

    def reload(self) -> None:
        db = self.context.db
        self.loader.request(lambda: state(db))

    def _show(self, found: dict[str, Any]) -> None:
        fp = found["fingerprint"]
        self.office.setText(self.tr("本机的密钥指纹：{fp}").format(fp=fp) if fp else
                            self.tr("本机还没有本单位的签名密钥。第一次导出数据包时会自动生成；"
                                    "换了电脑时请导入原电脑导出的密钥文件。"))
        for b in (self.export_button, self.public_button):
            b.setEnabled(bool(fp))
        self.import_button.setEnabled(not fp)
        self.new_button.setEnabled(not fp)
        key = found["street_key"]
        self.street.setText(self.tr("已设置（{head}…）").format(head=key[:8]) if key else self.tr("还没有设置。"))
        street = found["role"] == "street"
        self.make_button.setVisible(street)
        self.make_button.setEnabled(not key)

    def _password(self, confirm: bool) -> str | None:
        text, ok = QInputDialog.getText(self, self.tr("密码"), self.tr("密钥文件的密码（至少 8 位）："),
                                        QLineEdit.EchoMode.Password)
        if not ok:
            return None
        if confirm:
            again, ok = QInputDialog.getText(self, self.tr("密码"), self.tr("再输入一次密码："), QLineEdit.EchoMode.Password)
            if not ok:
                return None
            if again != text:
                QMessageBox.warning(self, self.tr("密码"), self.tr("两次输入的密码不一致。"))
                return None
        return text

    def _run(self, fn: Any, done: str, *, button: QPushButton) -> None:
        def shown(result: Any) -> None:
            QMessageBox.information(self, self.tr("密钥"), done.format(result=result))
            self.reload()

        Op(self, fn, disable=[button]).success(shown).run()

    def export_key(self, target: Path | None = None, password: str | None = None) -> None:
        if target is None:
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("密钥导出到"), "", self.tr("单位密钥 (*.gokey)"))
            if not chosen:
                return
            target = Path(chosen)
        password = password or self._password(confirm=True)
        if password is None:
            return
        db = self.context.db
        self._run(lambda: keys.export_key(db, target, password), self.tr(
            "密钥已加密写到 {result}。请把文件和密码分开保管，到新电脑上按“导入…”。"), button=self.export_button)

    def import_key(self, source: Path | None = None, password: str | None = None) -> None:
        if source is None:
            chosen, _ = QFileDialog.getOpenFileName(self, self.tr("选择密钥文件"), "", self.tr("单位密钥 (*.gokey)"))
            if not chosen:
                return
            source = Path(chosen)
        password = password or self._password(confirm=False)
        if password is None:
            return
        db = self.context.db
        self._run(lambda: keys.import_key(db, source, password), self.tr(
            "已导入本单位密钥（指纹 {result}），可以继续签发数据包和回执。"), button=self.import_button)

    def new_key(self) -> None:
        answer = QMessageBox.question(self, self.tr("生成新密钥"), self.tr(
            "只有原电脑已坏、密钥找不回时才生成新密钥。\n生成后，其他单位会拒收本单位的数据包，"
            "直到它们电话核对新指纹并为本单位更换密钥。\n\n确实要生成新密钥吗？"),
            defaultButton=QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        db = self.context.db
        self._run(lambda: keys.new_key(db), self.tr(
            "已生成新密钥，指纹 {result}。\n请把新的数据包或公钥文件交给街道，电话核对这个指纹后由街道更换密钥。"),
            button=self.new_button)

    def write_public(self, target: Path | None = None) -> None:
        if target is None:
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("公钥写到"), "", self.tr("单位公钥 (*.gopub)"))
            if not chosen:
                return
            target = Path(chosen)
        db = self.context.db
        self._run(lambda: keys.write_public(db, target), self.tr("本单位公钥已写到 {result}。"),
                  button=self.public_button)

    def set_street_key(self) -> None:
        db, value = self.context.db, self.street_value.text()
        self._run(lambda: streetkey.street_key(db, value=value)[:8], self.tr("化名密钥已设置（{result}…）。"),
                  button=self.set_button)
        self.street_value.clear()

    def make_street_key(self) -> None:
        db = self.context.db
        self._run(lambda: streetkey.street_key(db, new=True), self.tr(
            "已生成化名密钥：\n{result}\n请当面或电话下发给各村，不要随数据包发送。"), button=self.make_button)
