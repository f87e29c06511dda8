"""The visit rules dialog: days between visits for each key-population category (rows) and risk
level (columns); 0 means no scheduled visits. Saving records one undoable change."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gridoffice.services.changes import Change
from gridoffice.services.visits import rules as visit_rules
from gridoffice.store import StoreError
from gridoffice.ui.context import AppContext
from gridoffice.ui.errors import sentence


class VisitRulesDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitRulesDialog")
        self.setWindowTitle(self.tr("走访规则"))
        self.context = context
        self.change: Change | None = None
        self.spins: dict[tuple[str, str], QSpinBox] = {}
        self._loaded: dict[tuple[str, str], int] = {}
        grid = QGridLayout()
        risks = visit_rules.RISK_LEVELS
        grid.addWidget(QLabel(self.tr("重点人群 \\ 风险等级"), self), 0, 0)
        for col, risk in enumerate(risks, start=1):
            grid.addWidget(QLabel(visit_rules.risk_label(risk), self), 0, col)
        rows: dict[str, int] = {}
        for rule in visit_rules.load(context.db).all():
            row = rows.setdefault(rule.category, len(rows) + 1)
            grid.addWidget(QLabel(rule.label, self), row, 0)
            spin = QSpinBox(self)
            spin.setRange(0, visit_rules.MAX_INTERVAL)
            spin.setSuffix(self.tr(" 天"))
            spin.setSpecialValueText(self.tr("不定期"))
            spin.setValue(rule.interval_days)
            spin.setObjectName(f"rule_{rule.category}_{rule.risk_level or 'none'}")
            if not rule.is_default:
                spin.setStyleSheet("font-weight: bold")
            self.spins[(rule.category, rule.risk_level)] = spin
            self._loaded[(rule.category, rule.risk_level)] = rule.interval_days
            grid.addWidget(spin, row, 1 + risks.index(rule.risk_level))
        note = QLabel(self.tr("一人同属几类时按最短间隔走访。默认：风险高每 7 天，中每 14 天，低或未评定每 30 天；"
                              "80 岁以上和独居老人每 7 天；65 岁以上按健康分级：红、黄每 7 天，绿每 30 天。粗体为本单位改过的。"), self)
        note.setWordWrap(True)
        self.health_button = QPushButton(self.tr("健康分级评分规则…"), self)
        self.health_button.setObjectName("healthRules")
        self.health_button.clicked.connect(self.edit_health_rules)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(note)
        layout.addWidget(self.health_button)
        layout.addWidget(buttons)

    def save(self) -> None:
        wanted: dict[tuple[str, str], int | None] = {
            key: spin.value() for key, spin in self.spins.items() if spin.value() != self._loaded[key]}
        if wanted:
            try:
                change = visit_rules.set_intervals(self.context.db, wanted, self.tr("修改走访规则"))
            except (visit_rules.RuleError, StoreError) as exc:
                QMessageBox.warning(self, self.tr("不能保存"), sentence(exc))
                return
            self.change = self.context.apply(change)
        self.accept()

    def edit_health_rules(self) -> None:
        """The score that gives the tiers (their rhythm is set here, in the 健康分级 rows)."""
        from gridoffice.ui.health.rules_dialog import HealthRulesDialog

        HealthRulesDialog(self.context, self).exec()
