"""文件 → 按上级表格填报…: the wizard walked with the statistics form on the demo village."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import openpyxl
from PySide6.QtCore import QDate, QThreadPool
from PySide6.QtWidgets import QWizard

from gridoffice.ui.context import AppContext
from gridoffice.ui.fill_wizard import FillWizard

DATA = Path(__file__).resolve().parents[1] / "data"


def shot(widget, name: str) -> None:
    folder = os.environ.get("GRIDOFFICE_SCREENSHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / f"fill_{name}.png"))


def test_walk_the_fill_wizard(qtbot, village, tmp_path):
    form = tmp_path / "统计表.xlsx"
    shutil.copyfile(DATA / "fill_grids.xlsx", form)
    wizard = FillWizard(AppContext(village))
    qtbot.addWidget(wizard)
    wizard.resize(1366, 740)
    wizard.show()
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()
    wizard.form_page.path.setText(str(form))
    wizard.form_page.on.setDate(QDate(2023, 1, 7))
    shot(wizard, "1_form")
    next_button.click()
    assert wizard.currentPage() is wizard.mapping_page
    page = wizard.mapping_page
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0 and page.table.item(0, 2) is not None)
    assert page.table.item(1, 2).text() == "第1微网格"
    assert page._combos[8].currentData() == "aged_60"
    assert page.table.item(7, 2).text() == "40"  # 第1微网格's 60岁以上 on the chosen day
    page._combos[3].setCurrentIndex(page._combos[3].findData(None))  # 网格长: left empty
    assert "网格长" in page.unknown.text()
    shot(wizard, "2_mapping")
    next_button.click()
    who = wizard.who_page
    assert who.who.currentData() == "grids"
    who.save_as.setText("月报")
    shot(wizard, "3_who")
    next_button.click()
    fill_page = wizard.fill_page
    out = tmp_path / "已填.xlsx"
    fill_page.out.setText(str(out))
    fill_page.fill_button.click()
    qtbot.waitUntil(lambda: fill_page.result is not None, timeout=20_000)
    shot(wizard, "4_fill")
    assert "已填写 32 行" in fill_page.status.text() and fill_page.open_button.isVisible()
    ws = openpyxl.load_workbook(out).active
    assert sum(ws.cell(r, 8).value for r in range(5, 37)) == 1008 and ws["C5"].value is None
    from gridoffice.services.fill import profiles as fill_profiles

    assert fill_profiles.names(village) == ["月报"]


def test_a_refused_fill_names_the_wizard_step_not_a_flag(qtbot, village, tmp_path):
    form = tmp_path / "统计表.xlsx"
    shutil.copyfile(DATA / "fill_grids.xlsx", form)
    wizard = FillWizard(AppContext(village))
    qtbot.addWidget(wizard)
    wizard.resize(1366, 740)
    wizard.show()
    wizard.form_page.path.setText(str(form))
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    next_button.click()
    page = wizard.mapping_page
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0 and page.table.item(0, 2) is not None)
    for combo in page._combos.values():  # every column left empty
        combo.setCurrentIndex(combo.findData(None))
    next_button.click()
    next_button.click()
    fill_page = wizard.fill_page
    fill_page.out.setText(str(tmp_path / "已填.xlsx"))
    fill_page.fill_button.click()
    qtbot.waitUntil(lambda: "没有认出" in fill_page.status.text(), timeout=20_000)
    shot(wizard, "5_refused")
    assert "核对每一列填什么" in fill_page.status.text() and "--" not in fill_page.status.text()
