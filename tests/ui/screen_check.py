"""Opens every pane and the main dialogs on one simulated screen and reports what is cut off
sideways. Run by tests/ui/test_screens.py in a subprocess, one per screen, because the screen
size (and QT_SCALE_FACTOR) is fixed when the QApplication starts:

    QT_QPA_PLATFORM=offscreen:configfile=screen.json [QT_SCALE_FACTOR=1.5] \\
        python tests/ui/screen_check.py RESULT.json [PNG_FOLDER]

A problem is a visible button, field, label or list narrower on screen than the widget (clipped
by a scroll area or the window), a table column that is not free text beyond its view's right
edge or too narrow for its sampled text ("…"), or a window larger than the screen."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPoint, QRect, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QTableView,
    QTreeView,
    QWidget,
)

TITLE_BAR = 32  # the screen's available area (the taskbar left out by the caller) less the title bar
SAMPLE_ROWS = 40


def spin(ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_idle(widget: QWidget, limit_ms: int = 20_000) -> None:
    waited = 0
    while waited < limit_ms:
        busy = [w for w in [widget, *widget.findChildren(QWidget)] if callable(getattr(w, "busy", None))]
        if not any(w.busy() for w in busy):  # type: ignore[attr-defined]
            break
        spin(50)
        waited += 50
    spin(120)


def _inside_item_view(w: QWidget, root: QWidget) -> bool:
    p = w.parentWidget()
    while p is not None and p is not root:
        if isinstance(p, QAbstractItemView):
            return True
        p = p.parentWidget()
    return False


def _clipped_sideways(w: QWidget, root: QWidget) -> int:
    """How many pixels of ``w`` are cut off left or right by an ancestor up to ``root``."""
    cut = 0
    a = w.parentWidget()
    while a is not None:
        left = w.mapTo(a, QPoint(0, 0)).x()
        cut = max(cut, -left, left + w.width() - a.width())
        if a is root:
            break
        a = a.parentWidget()
    return cut


def _describe(w: QWidget) -> str:
    text = ""
    for attr in ("text", "placeholderText", "currentText"):
        getter = getattr(w, attr, None)
        if callable(getter):
            text = str(getter() or "")
            if text:
                break
    return f"{type(w).__name__}({w.objectName() or text[:24]!r})"


def _cell_text(view: QAbstractItemView, row: int, col: int, parent=None) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    model = view.model()
    index = model.index(row, col) if parent is None else model.index(row, col, parent)
    text = index.data(Qt.ItemDataRole.DisplayRole)
    extra = 0
    if index.data(Qt.ItemDataRole.CheckStateRole) is not None:
        extra += 22
    if index.data(Qt.ItemDataRole.DecorationRole) is not None:
        extra += 22
    text = "" if text is None else str(text)
    longest = max(text.split("\n"), key=len) if text else ""
    return longest, extra


def _table_problems(view: QAbstractItemView, where: str) -> list[str]:
    problems: list[str] = []
    header: QHeaderView = view.horizontalHeader() if isinstance(view, QTableView) else view.header()  # type: ignore[attr-defined]
    model = view.model()
    if model is None or (header.isHidden() and isinstance(view, QTableView) and model.columnCount() == 1):
        return problems
    free = set(view.property("freeTextColumns") or [])
    scroll_from = view.property("scrollColumnsFrom")
    view.horizontalScrollBar().setValue(0)
    fm = view.fontMetrics()
    style = view.style()
    margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    header_margin = 2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    width = view.viewport().width()
    name = view.objectName() or type(view).__name__
    for visual in range(header.count()):
        col = header.logicalIndex(visual)
        if header.isSectionHidden(col) or col in free:
            continue
        if scroll_from is not None and visual >= int(scroll_from):
            continue
        title = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
        x = header.sectionViewportPosition(col)
        size = header.sectionSize(col)
        if x + size > width + 1:
            problems.append(f"{where}: {name} 列“{title}”超出可见区域（{x}+{size} > {width}）")
            continue
        longest = max(title.split("\n"), key=len) if title else ""
        if not header.isHidden() and header.fontMetrics().horizontalAdvance(longest) + header_margin > size + 1:
            problems.append(f"{where}: {name} 列标题“{title}”被截断（{size} px）")
        rows = min(model.rowCount(), SAMPLE_ROWS)
        for row in range(rows):
            index = model.index(row, col)
            text, extra = _cell_text(view, row, col)
            if not text:
                continue
            cell = view.visualRect(index).width() if view.visualRect(index).isValid() else size
            if fm.horizontalAdvance(text) + margin + extra > cell + 3:
                problems.append(f"{where}: {name} 列“{title}”的“{text[:20]}”被截断（{cell} px）")
                break
    return problems


def problems_in(root: QWidget, where: str) -> list[str]:
    found: list[str] = []
    for w in root.findChildren(QWidget):
        if not w.isVisible() or w.width() <= 0 or _inside_item_view(w, root):
            continue
        if isinstance(w, QAbstractButton | QComboBox | QLineEdit | QAbstractSpinBox | QAbstractItemView):
            if w.parentWidget() is not None and type(w.parentWidget()).__name__ in ("QTabBar", "QDockWidget"):
                continue
            cut = _clipped_sideways(w, root)
            if cut > 1:
                found.append(f"{where}: {_describe(w)} 横向被裁掉 {cut} px")
        if isinstance(w, QLabel) and w.text() and not w.wordWrap() and w.pixmap().isNull():
            cut = max(_clipped_sideways(w, root), w.sizeHint().width() - w.width())
            if cut > 1:
                found.append(f"{where}: 标签“{w.text()[:30]}”显示不全（差 {cut} px）")
        if isinstance(w, QTableView | QTreeView) and not isinstance(w, QListView):
            found.extend(_table_problems(w, where))
    return found


def fits_screen(window: QWidget, where: str) -> list[str]:
    area = window.screen().availableGeometry()
    if window.width() > area.width() or window.height() > area.height() - TITLE_BAR:
        return [f"{where}: 窗口 {window.width()}×{window.height()} 大于屏幕可用区域 "
                f"{area.width()}×{area.height()}（减去标题栏）"]
    return []


class Screens:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.problems: list[str] = []
        self.shots: list[str] = []

    def look(self, widget: QWidget, name: str, whole: QWidget | None = None) -> None:
        wait_idle(widget)
        self.problems += problems_in(widget, name)
        if self.folder is not None:
            path = self.folder / f"{len(self.shots) + 1:02d}-{name}.png"
            (whole or widget).grab().save(str(path))
            self.shots.append(path.name)


def seed(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The demo village plus a hand-out campaign with a few hand-outs and one backup."""
    from sqlalchemy import select

    from gridoffice.services import backup
    from gridoffice.services.campaigns import core as campaigns
    from gridoffice.services.campaigns import handouts as campaign_handouts
    from gridoffice.services.campaigns import lists as campaign_lists
    from gridoffice.services.demo import core as demo
    from gridoffice.store.models import Grid, Household, Person

    demo.build(db, "village")
    spec = campaigns.CampaignSpec("健康爱心包", campaigns.Criteria(dt.date(2023, 1, 7), min_age=60))
    cid, _change = campaigns.create(db, spec)
    with db.reading() as s:
        micro = s.scalar(select(Grid.id).where(Grid.name == "第3微网格"))
        household = s.scalar(select(Household.id).where(Household.grid_id == micro))
        person = s.scalar(select(Person.id).where(Person.household_id == household))
    ids = campaign_lists.list_ids(db, cid, micro)
    team = campaign_lists.staff_options(db, micro)
    campaign_handouts.record(db, cid, ids[:5], campaign_handouts.Handout(dt.date(2023, 1, 9), team[0].id))
    from gridoffice.services.medicine import (
        core as medicine,  # a box of today beside the demo's (expired by now)
    )

    today = dt.date.today()
    for name, spec, days, qty in (("对乙酰氨基酚片", "0.5g×12片", 12, 20), ("连花清瘟胶囊", "0.35g×24粒", 300, 24)):
        medicine.receive(db, medicine.Batch(name, spec, "盒", "2412", today + dt.timedelta(days=days)), qty,
                         today, giver="爱心药店", by="李梅")
    backup.backup_now(db)
    return {"campaign": cid, "micro": micro, "household": household, "person": person}


def a_pdf(path: Path) -> Path:
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    painter.drawText(QRect(200, 200, 8000, 2000), "网格信息公示牌 监督电话")
    painter.end()
    return path


def _a_batch(db):  # type: ignore[no-untyped-def]
    from gridoffice.services.medicine import stock as medicine_stock

    return next(r for r in medicine_stock.stock(db) if r.state != medicine_stock.EXPIRED)


def dialogs(window, ids: dict[str, int], pdf: Path) -> list[tuple[str, Callable[[], QWidget]]]:  # type: ignore[no-untyped-def]
    from gridoffice.services.campaigns import lists as campaign_lists
    from gridoffice.ui.about import AboutDialog
    from gridoffice.ui.briefing_dialog import BriefingDialog
    from gridoffice.ui.campaigns.dialog import CampaignDialog
    from gridoffice.ui.campaigns.form import AddPersonDialog, PackingDialog
    from gridoffice.ui.export_dialog import ExportDialog
    from gridoffice.ui.first_run import FirstRunWizard
    from gridoffice.ui.health.rules_dialog import HealthRulesDialog
    from gridoffice.ui.health.service_dialog import ServiceDialog
    from gridoffice.ui.help import HelpDialog
    from gridoffice.ui.importing.wizard import ImportWizard
    from gridoffice.ui.matters.dialogs import MatterDialog
    from gridoffice.ui.medicine.dialogs import GiveDialog, ReceiveDialog
    from gridoffice.ui.roster.household_editor import HouseholdEditor
    from gridoffice.ui.roster.person_form import PersonForm
    from gridoffice.ui.settings_dialog import SettingsDialog
    from gridoffice.ui.staff.dialogs import StaffDialog
    from gridoffice.ui.visits.dialog import RecordVisitDialog
    from gridoffice.ui.visits.rules_dialog import VisitRulesDialog
    from gridoffice.ui.widgets.pdf_preview import PdfPreview

    c, db = window.context, window.context.db
    return [
        ("导出台账", lambda: ExportDialog(c, window)),
        ("工作简报", lambda: BriefingDialog(c, window)),
        ("新建发放活动", lambda: CampaignDialog(db, window)),
        ("装包清单", lambda: PackingDialog(campaign_lists.packing(db, ids["campaign"]), "健康爱心包", window)),
        ("手工加入", lambda: AddPersonDialog(db, dt.date.today(), window)),
        ("住户编辑", lambda: HouseholdEditor(c, ids["household"], parent=window)),
        ("新建住户", lambda: HouseholdEditor(c, None, ids["micro"], parent=window)),
        ("人员信息", lambda: PersonForm(c, ids["person"], parent=window)),
        ("登记走访", lambda: RecordVisitDialog(c, ids["micro"], None, window)),
        ("走访规则", lambda: VisitRulesDialog(c, window)),
        ("分级评分规则", lambda: HealthRulesDialog(c, window)),
        ("登记五到家服务", lambda: ServiceDialog(c, ids["household"], parent=window)),
        ("登记事项", lambda: MatterDialog(c, ids["micro"], parent=window)),
        ("药品入库", lambda: ReceiveDialog(c, parent=window)),
        ("药品发放", lambda: GiveDialog(c, _a_batch(db), parent=window)),
        ("网格员", lambda: StaffDialog(parent=window)),
        ("设置", lambda: SettingsDialog(c, window)),
        ("使用说明", lambda: HelpDialog(window)),
        ("关于", lambda: AboutDialog(window)),
        ("导入花名册", lambda: ImportWizard(c, window)),
        ("首次使用", lambda: FirstRunWizard()),
        ("打印预览", lambda: PdfPreview(pdf, "公示牌", window)),
    ]


def street(screens: Screens, area: QRect, home: Path) -> None:
    """The panes that name grids, on a small street whose grid names repeat in every community:
    a grid column showing "…" is a problem like any other (the community must show)."""
    import street_sample

    from gridoffice.store import Database
    from gridoffice.ui.main_window import MainWindow

    db = Database.open(str(home / "street.db"), operator="测试员")
    ids = street_sample.build(db)
    window = MainWindow(db)
    window.resize(area.width(), area.height() - TITLE_BAR)
    window.show()
    wait_idle(window)
    window.context.grid_selected.emit(ids["micro"])
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        screens.look(window, "街道-" + window.tabs.tabText(i))
    window.close()
    spin(50)
    db.close()


def charts(window: QWidget, screens: Screens, micro: int) -> None:
    """概览 with its charts, for the whole village (the clerk's 显示图表), then hidden again."""
    overview = next(w for w in window.findChildren(QWidget) if type(w).__name__ == "OverviewPane")
    window.tabs.setCurrentIndex(0)  # type: ignore[attr-defined]
    window.context.grid_selected.emit(None)  # type: ignore[attr-defined]
    overview.show_charts.setChecked(True)  # type: ignore[attr-defined]
    wait_idle(window)
    screens.look(window, "概览-图表")
    overview.show_charts.setChecked(False)  # type: ignore[attr-defined]
    window.context.grid_selected.emit(micro)  # type: ignore[attr-defined]
    wait_idle(window)


def office_font(app) -> None:  # type: ignore[no-untyped-def]
    """The machine running the test may have no Chinese font (every glyph a box of some width):
    measure and draw with the bundled Noto Sans CJK at 9 pt, what Windows' Chinese UI font
    (Microsoft YaHei UI 9 pt) looks like, so "…" in a screenshot is what the clerk would see."""
    from importlib import resources

    from PySide6.QtGui import QFont, QFontDatabase

    path = resources.files("gridoffice.resources") / "fonts" / "GridOfficeSans-Regular.ttf"
    families = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(path)))
    if families:
        app.setFont(QFont(families[0], 9))


def main(result: Path, folder: Path | None) -> int:
    from screen_features import (  # the 健康服务 and 数据交换 screens, in a module of their own
        exchange,
        handed_elsewhere,
        health,
    )

    home = Path(tempfile.mkdtemp(prefix="gridoffice-screens-"))
    os.environ["GRIDOFFICE_HOME"] = str(home)
    from gridoffice.app import make_application

    app = make_application()
    office_font(app)
    from gridoffice.store import Database
    from gridoffice.ui.main_window import MainWindow

    db = Database.open(str(home / "village.db"), operator="测试员")
    ids = seed(db)
    screens = Screens(folder)
    window = MainWindow(db)
    area = app.primaryScreen().availableGeometry()
    window.resize(area.width(), area.height() - TITLE_BAR)  # maximised on Windows
    window.show()
    screens.problems += fits_screen(window, "主窗口")
    wait_idle(window)
    window.context.grid_selected.emit(ids["micro"])
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        screens.look(window, window.tabs.tabText(i))
    charts(window, screens, ids["micro"])
    health(window, screens)
    pdf = a_pdf(home / "preview.pdf")
    for name, make in dialogs(window, ids, pdf):
        dialog = make()
        dialog.show()
        screens.problems += fits_screen(dialog, name)
        screens.look(dialog, name)
        dialog.close()
        dialog.deleteLater()
    exchange(screens, window, home)
    handed_elsewhere(screens, window, home, ids["campaign"])
    window.close()
    spin(50)
    db.close()
    street(screens, area, home)
    empty = Database.open(str(home / "empty.db"), operator="测试员")  # the first screen of a new office
    first = MainWindow(empty)
    first.resize(area.width(), area.height() - TITLE_BAR)
    first.show()
    screens.look(first, "空数据库")
    first.close()
    spin(50)
    empty.close()
    result.write_text(json.dumps({"problems": screens.problems, "shots": screens.shots,
                                  "screen": [area.width(), area.height()]}, ensure_ascii=False, indent=1),
                      encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None))
