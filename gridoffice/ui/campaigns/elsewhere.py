"""登记发放, when the street's hand-out list was loaded: before saving, the persons about to be
handed a kit are checked against it (``services.exchange.handed_check``, in the pool); anyone
already handed a kit of this campaign in another village is shown in the form (red) and in a
dialog that lets the clerk stop, or still hand it out with a reason (kept as the hand-out's
note)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from gridoffice.services.campaigns import handouts
from gridoffice.services.exchange import handed_check
from gridoffice.ui.ops import Op

if TYPE_CHECKING:
    from gridoffice.ui.campaigns.pane import CampaignsPane


def _t(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate: _t is tr (empty context)


class HandedElsewhereDialog(QDialog):
    """Who was handed a kit elsewhere; 仍然发放 needs a reason."""

    def __init__(self, found: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handedElsewhere")
        self.setWindowTitle(_t("已在别村领过"))
        intro = QLabel(_t("街道下发的名单显示，下面 {n} 人已在别的村（社区）领过这次活动的物资：").format(n=len(found)), self)
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.addItems([f"{name}　{sentence}" for name, sentence in found])
        self.reason = QLineEdit(self)
        self.reason.setObjectName("elsewhereReason")
        self.reason.setPlaceholderText(_t("仍要发放的原因（必填），例如：户籍迁入本村，原村已收回"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.go = self.buttons.addButton(_t("仍然发放"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.go.setObjectName("elsewhereProceed")
        self.go.setEnabled(False)
        self.reason.textChanged.connect(lambda text: self.go.setEnabled(bool(text.strip())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(QLabel(_t("确需发放时写明原因（记入发放备注）："), self))
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.resize(620, 320)


def note_for(reason: str) -> str:
    return _t("别村已领，仍发放：{reason}").format(reason=reason.strip())


def check_then(pane: CampaignsPane, cid: int, ids: list[int], handout: handouts.Handout,
               write: Callable[[handouts.Handout], bool]) -> None:
    """Check ``ids`` against the street's list off the GUI thread, then ``write`` — at once when
    nobody was handed a kit elsewhere, after the clerk's reason otherwise."""
    db = pane.context.db

    def checked(found: list[tuple[str, str]]) -> None:
        pane.form.show_elsewhere(found)
        if not found:
            write(handout)
            return
        dialog = HandedElsewhereDialog(found, pane)
        pane.form.elsewhere_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.reason.text().strip():
            note = "；".join(n for n in (handout.note, note_for(dialog.reason.text())) if n)
            write(replace(handout, note=note))
        pane.form.elsewhere_dialog = None

    Op(pane, lambda: handed_check.warnings(db, cid, ids), disable=[pane.form.record_button]).success(checked).run()


def needs_check(pane: CampaignsPane) -> bool:
    return handed_check.has_list(pane.context.db)
