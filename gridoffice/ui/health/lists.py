"""The 健康服务 pane's 名单 page: the residents behind a count (a tier of a grid line), the
mobile-vaccination list (行动不便, not fully vaccinated; a dose given there is recorded from
here) and the family-doctor contracts expiring within 30 days. Lists are cut from what the pane
has loaded (no read of their own); after a reload the list shown is cut again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridoffice.domain import health_tiers as ht
from gridoffice.i18n import tr
from gridoffice.services.health import summary as health_summary
from gridoffice.ui.context import AppContext
from gridoffice.ui.widgets import masking, rows_model
from gridoffice.ui.widgets.rows_model import RowsModel


class ListView(QWidget):
    def __init__(self, context: AppContext, pane: Any) -> None:
        super().__init__(pane)
        self.setObjectName("healthList")
        self.context = context
        self.pane = pane
        self.title = QLabel(self.tr("点“分级与签约”表里的人数，这里列出是哪些人。"), self)
        self.title.setObjectName("healthListTitle")
        self.title.setWordWrap(True)
        self.dose_button = QPushButton(self.tr("登记接种一剂"), self)
        self.dose_button.setObjectName("healthDose")
        self.dose_button.setToolTip(self.tr("选中的居民今天（所选日期）在流动接种点接种了一剂"))
        self.dose_button.hide()
        self.model = RowsModel([], self)
        self.view = QTableView(self)
        self.view.setObjectName("healthListView")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setModel(self.model)
        rows_model.compact(self.view)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.dose_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.view, 1)
        self.dose_button.clicked.connect(self._dose)
        self._again: Callable[[health_summary.Summary], None] | None = None

    def refresh(self, data: health_summary.Summary) -> None:
        """The pane reloaded: the list shown is cut again from the new figures."""
        if self._again is not None:
            self._again(data)

    def _set(self, headers: list[str], rows: list[tuple[Any, ...]], ids: list[int], title: str) -> None:
        if self.model.columnCount() != len(headers) or [self.model.headerData(i, Qt.Orientation.Horizontal) for i in range(len(headers))] != headers:
            self.model = RowsModel(headers, self)
            self.view.setModel(self.model)
        self.model.set_rows(rows, ids)
        self.title.setText(title)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def _line_name(self, data: health_summary.Summary, line: int | None) -> str:
        if line is None:
            return data.scope or self.tr("全部网格")
        return next((x.label for x in data.lines if x.grid_id == line), "")

    def show_persons(self, data: health_summary.Summary, line: int | None, tier: str | None) -> None:
        persons = data.persons_of(line, tier)
        self._persons(data, persons, self.tr("{grid}：{tier} {n} 人").format(
            grid=self._line_name(data, line), tier=tr(tier) if tier else self.tr("65岁以上"), n=len(persons)))
        self.dose_button.hide()
        self._again = lambda d: self.show_persons(d, line, tier)

    def show_mobile(self, data: health_summary.Summary) -> None:
        persons = sorted((p for p in data.persons if p.mobility_limited and p.vaccine != ht.VACCINE_FULL),
                         key=lambda p: (p.grid_id, p.household_number, p.person_id))
        self._persons(data, persons, self.tr("流动接种名单（{on}）：行动不便、未全程接种的65岁以上居民 {n} 人").format(
            on=data.on.isoformat(), n=len(persons)))
        self.dose_button.show()
        self._again = self.show_mobile

    def _persons(self, data: health_summary.Summary, persons: list, title: str) -> None:
        rows = [(tr(p.tier), data.labels.get(p.grid_id, ""), p.name, p.household_number, p.address,
                 masking.display_phone(p.phone), tr(p.chronic), tr(p.vaccine),
                 self.tr("是") if p.mobility_limited else "", p.reason) for p in persons]
        self._set([self.tr("分级"), self.tr("网格"), self.tr("姓名"), self.tr("户号"), self.tr("住址"), self.tr("电话"),
                   self.tr("慢病"), self.tr("疫苗"), self.tr("行动不便"), self.tr("人工分级原因")],
                  rows, [p.person_id for p in persons], title)

    def show_expiring(self, data: health_summary.Summary, line: int | None) -> None:
        found = [e for e in data.expiring if line is None or data.line_of.get(e.grid_id) == line]
        rows = [(e.expires_on.isoformat(), data.labels.get(e.grid_id, ""), e.name, e.household_number, e.doctor,
                 e.signed_on.isoformat()) for e in found]
        self._set([self.tr("到期日期"), self.tr("网格"), self.tr("姓名"), self.tr("户号"), self.tr("家庭医生"),
                   self.tr("签约日期")], rows, [e.person_id for e in found],
                  self.tr("{grid}：{days} 天内到期的家庭医生签约 {n} 人（请续签）").format(
                      grid=self._line_name(data, line), days=health_summary.EXPIRING_DAYS, n=len(found)))
        self.dose_button.hide()
        self._again = lambda d: self.show_expiring(d, line)

    def _dose(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.pane.record_dose(self.model.row_id(index.row()))

