"""The office's wording on the notice boards (title, service list, referral path, hotline,
QR code), edited in a dialog and saved through services.posters (undoable)."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from gridoffice.services import posters
from gridoffice.ui.widgets import screen_fit


class PosterTextsDialog(QDialog):
    def __init__(self, current: posters.PosterSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("posterTextsDialog")
        self.setWindowTitle(self.tr("公示牌文字"))
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        form = QFormLayout(self)
        labels = {
            "title": self.tr("标题"),
            "services_title": self.tr("服务清单标题"),
            "services": self.tr("服务清单（每行一项）"),
            "referral_title": self.tr("转诊路径标题"),
            "referral": self.tr("转诊路径（每行一级）"),
            "hotline_label": self.tr("监督电话说明"),
            "hotline": self.tr("监督电话"),
            "qr_url": self.tr("二维码网址（留空：拨打微网格长电话）"),
            "qr_caption": self.tr("二维码说明"),
        }
        for name, label in labels.items():
            value = getattr(current, name)
            editor: QLineEdit | QPlainTextEdit
            if name in ("services", "referral", "qr_caption"):
                editor = QPlainTextEdit(value, self)
                editor.setMaximumHeight(110 if name != "qr_caption" else 56)
            else:
                editor = QLineEdit(value, self)
            editor.setObjectName(f"edit_{name}")
            self.fields[name] = editor
            form.addRow(label, editor)
        form.addRow(QLabel(self.tr("这些文字保存在数据库里，所有公示牌共用。"), self))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._current = current
        screen_fit.fit(self, 560, 560)

    def value(self) -> posters.PosterSettings:
        values = {}
        for name, editor in self.fields.items():
            text = editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()
            values[name] = text.strip()
        defaults = posters.PosterSettings()
        for name in ("title", "hotline_label"):  # never an empty headline
            values[name] = values[name] or getattr(defaults, name)
        return dataclasses.replace(self._current, **values)
