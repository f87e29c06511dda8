"""The tier score dialog (分级评分规则): points per factor and level, where 黄 and 红 start,
and the days between phone calls per tier. Saving records one undoable change; the visit
rhythm per tier is in the visit rules dialog."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gridoffice.domain import health_tiers as ht
from gridoffice.i18n import tr
from gridoffice.services.changes import Change
from gridoffice.services.health import rules as health_rules
from gridoffice.store import StoreError
from gridoffice.ui.context import AppContext
from gridoffice.ui.errors import sentence


class HealthRulesDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("healthRulesDialog")
        self.setWindowTitle(self.tr("健康分级评分规则"))
        self.context = context
        self.change: Change | None = None
        self.spins: dict[tuple[str, str], QSpinBox] = {}
        self._loaded: dict[tuple[str, str], int] = {}
        grid = QGridLayout()
        last_factor = ""
        for row, rule in enumerate(health_rules.load(context.db).rows()):
            if rule.factor != last_factor:
                grid.addWidget(QLabel(f"<b>{tr(health_rules.FACTOR_LABELS[rule.factor])}</b>", self), row, 0)
                last_factor = rule.factor
            grid.addWidget(QLabel(tr(health_rules.LEVEL_LABELS[rule.level]), self), row, 1)
            spin = QSpinBox(self)
            spin.setRange(0, health_rules.MAX_CALL_DAYS if rule.factor == ht.CALL else ht.MAX_POINTS)
            spin.setSuffix(self.tr(" 天") if rule.factor == ht.CALL else self.tr(" 分"))
            if rule.factor == ht.CALL:
                spin.setSpecialValueText(self.tr("不打"))
            spin.setValue(rule.points)
            spin.setObjectName(f"health_{rule.factor}_{rule.level}")
            if not rule.is_default:
                spin.setStyleSheet("font-weight: bold")
            self.spins[(rule.factor, rule.level)] = spin
            self._loaded[(rule.factor, rule.level)] = rule.points
            grid.addWidget(spin, row, 2)
        note = QLabel(self.tr("65 岁以上居民按 年龄 + 慢性病 + 疫苗接种 的总分分级：总分达到黄色起点为黄，达到红色起点为红，"
                              "其余为绿。默认：65–79岁 1 分、80岁以上 2 分；慢病稳定 1、不稳定 2；疫苗未全程 1、未接种 2；"
                              "2–3 分黄，4 分以上红。粗体为本单位改过的。"), self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def save(self) -> None:
        values = {key: spin.value() for key, spin in self.spins.items() if spin.value() != self._loaded[key]}
        if values:
            try:
                change = health_rules.set_many(self.context.db, values, self.tr("修改分级评分规则"))  # type: ignore[arg-type]
            except (health_rules.HealthRuleError, StoreError) as exc:
                QMessageBox.warning(self, self.tr("不能保存"), sentence(exc))
                return
            self.change = self.context.apply(change)
        self.accept()
