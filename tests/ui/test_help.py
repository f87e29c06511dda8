"""Help → 使用说明 (F1): the user guide in a text browser, in the interface's language."""

from __future__ import annotations

import re

from PySide6.QtCore import QTranslator, QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog

from gridoffice.ui.help import HelpDialog, guide_html
from gridoffice.ui.main_window import MainWindow


def test_f1_opens_the_chinese_guide_from_the_help_menu(qtbot, village, monkeypatch):  # type: ignore[no-untyped-def]
    window = MainWindow(village)
    qtbot.addWidget(window)
    assert window.help_action.text() == "使用说明"
    assert window.help_action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    shown: list[HelpDialog] = []
    monkeypatch.setattr(HelpDialog, "exec", lambda self: shown.append(self) or QDialog.DialogCode.Accepted)
    window.help_action.trigger()
    (dialog,) = shown
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    for heading in ("导入花名册", "物资发放（健康爱心包）", "打印网格信息公示牌", "导出 Excel 台账", "备份与恢复", "检查的含义"):
        assert heading in text
    # the steps name the real menu entries and buttons
    for label in ("文件 → 导入花名册…", "开始导入", "新建并生成名单", "登记发放", "刷新名单（补发）",
                  "生成公示牌并预览", "打印…", "立即备份", "用所选备份恢复…", "网格检查"):
        assert label in text, label


def test_table_of_contents_links_jump_inside_the_guide(qtbot):  # type: ignore[no-untyped-def]
    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    bar = dialog.browser.verticalScrollBar()
    assert bar.value() == 0
    dialog.browser.anchorClicked.emit(QUrl("#backup"))
    assert bar.value() > 0


def test_both_guides_have_the_same_sections() -> None:
    anchors = {name: re.findall(r'<h2 id="(\w+)"', guide_html(name)) for name in ("guide_zh.html", "guide_en.html")}
    assert anchors["guide_zh.html"] == anchors["guide_en.html"]
    assert len(anchors["guide_zh.html"]) >= 6
    for name in anchors:
        for target in re.findall(r'href="#(\w+)"', guide_html(name)):
            assert target in anchors[name]


def test_english_interface_shows_the_english_guide(qtbot, qapp):  # type: ignore[no-untyped-def]
    from gridoffice.app import install_translators

    before = set(qapp.findChildren(QTranslator))
    install_translators(qapp, "en")
    try:
        dialog = HelpDialog()
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "User guide"
        text = dialog.browser.toPlainText()
        assert "Import a roster" in text and "What the checks mean" in text
        assert "Start import" in text and "Record handout" in text
    finally:
        from gridoffice import i18n

        for translator in qapp.findChildren(QTranslator):
            if translator not in before:
                qapp.removeTranslator(translator)
                translator.setParent(None)
        i18n.install(None)
