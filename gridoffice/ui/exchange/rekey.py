"""更换密钥… (汇总台, or 接收 when a package's key does not match the registered one): the
street reads the village's new key from its new package, a receipt or its public-key file,
shows the registered office with the old and the new fingerprint to confirm on the phone, and
replaces it — one undo step (``services.exchange.rekey``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

from gridoffice.services.exchange import rekey
from gridoffice.ui.context import AppContext
from gridoffice.ui.ops import Op


def _t(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate: _t is tr (empty context)


def choose_file(parent: QWidget) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, _t("选择对方用新密钥签发的文件"), "",
                                            _t("数据包、回执或公钥 (*.gopkg *.gorcpt *.gopub)"))
    return Path(chosen) if chosen else None


def question(new: rekey.NewKey) -> str:
    return _t("为 {office} 更换密钥？\n\n登记的旧指纹：\n{old}\n\n文件 {file} 的新指纹：\n{new}\n\n"
              "请先打电话给对方，核对新指纹无误后再更换。更换后，对方下一个数据包重新起算序号；"
              "旧密钥签发的包不再当作有效。").format(office=new.office, old=new.old_fingerprint,
                                         new=new.new_fingerprint, file=Path(new.file).name)


def ask(parent: QWidget, context: AppContext, office: str, path: Path, *, disable: list[QPushButton] | None = None,
        then: Callable[[], None] | None = None) -> None:
    """Read the new key (off the GUI thread), ask, and replace it as one undo step; ``then``
    after the replacement (e.g. import the package again)."""
    db = context.db

    def confirm(new: rekey.NewKey) -> None:
        answer = QMessageBox.question(parent, _t("更换密钥"), question(new),
                                      defaultButton=QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        op = Op(parent, lambda: rekey.replace(db, office, path), context=context, disable=disable or [])
        if then is not None:
            op.success(lambda _change: then())
        op.run()

    Op(parent, lambda: rekey.read(db, office, path), disable=disable or [],
       action=_t("没有更换密钥")).success(confirm).run()
