"""The main window: composes the panes, the menu and the status bar. Nothing more.

At start the window is shown before the database is open (``MainWindow()``: title, status bar and
a "正在打开数据库…" line; ui/startup.py opens the database in the pool, importing SQLAlchemy there)
and ``attach`` then builds the panes and the menu. ``MainWindow(db)`` does both at once. This
module imports only Qt and light ui modules: the panes' modules come in ``attach`` (issue 17)."""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QWidget,
)

from gridoffice.ui import settings
from gridoffice.ui.errors import sentence
from gridoffice.ui.widgets import screen_fit

if TYPE_CHECKING:
    from gridoffice.store import Database
    from gridoffice.ui.context import AppContext
    from gridoffice.ui.widgets.lazy_pane import LazyPane

# What ``attach`` imports: the database opener imports them in the pool first (ui/startup.py), so
# the GUI thread only builds widgets once the database is open.
ATTACH_MODULES = (
    "gridoffice.ui.context", "gridoffice.ui.ops", "gridoffice.ui.getting_started", "gridoffice.ui.view_menu",
    "gridoffice.ui.checks.badge", "gridoffice.ui.checks.panel", "gridoffice.ui.grids.tree",
    "gridoffice.ui.navigator", "gridoffice.ui.overview", "gridoffice.ui.safety.startup",
    "gridoffice.ui.widgets.lazy_pane", "gridoffice.ui.health.weekly",
)


class FirstRead(NamedTuple):
    """What the first screen reads from the database, read in the pool as it opens."""

    tree: Any  # the grid tree's rows (ui.grids.tree.GridTreeModel.rows)
    setup: Any  # how far the office is set up (services.setup_state.state)


class MainWindow(QMainWindow):
    context: AppContext

    def __init__(self, db: Database | None = None, *, first: FirstRead | None = None) -> None:
        """``db`` None: the window's frame only, until ``attach``."""
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("网格办公"))
        self.attached = False
        self._db_label = QLabel(self)
        self.statusBar().addWidget(self._db_label, 1)
        self._restore_geometry()
        if db is None:
            waiting = QLabel(self.tr("正在打开数据库…"), self)
            waiting.setObjectName("openingDatabase")
            waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.setCentralWidget(waiting)
        else:
            self.attach(db, first)

    def opening(self, target: str | None) -> None:
        """Name the database being opened in the status bar (a file's name; not a server's URL,
        which may carry a password)."""
        if target and "://" not in target:
            self._db_label.setText(self.tr("数据库：{name}").format(name=os.path.basename(target)))

    def attach(self, db: Database, first: FirstRead | None = None) -> None:
        """Build the panes, the menu and the status bar on the open database. ``first``: what the
        first screen shows, already read (in the pool, with the database's opening)."""
        from gridoffice.ui import getting_started, view_menu
        from gridoffice.ui.checks.badge import ChecksBadge
        from gridoffice.ui.checks.panel import ChecksDock
        from gridoffice.ui.context import AppContext
        from gridoffice.ui.grids.tree import GridTreePane
        from gridoffice.ui.navigator import PaneNavigator
        from gridoffice.ui.overview import OverviewPane

        self.context = AppContext(db, self)
        self.tree_pane = GridTreePane(self.context, self, first.tree if first else None)
        self.tabs = PaneNavigator(self)
        self.tabs.setObjectName("paneTabs")
        self.overview = OverviewPane(self.context, self)
        self.tabs.add_section(self.tr("日常工作"))
        self.add_pane(self.overview, self.tr("概览"))
        self.add_pane(self._later("roster.pane", "RosterPane"), self.tr("住户"))
        self.add_pane(self._later("roster.population_lists", "PopulationListsPane", "population"), self.tr("人员名单"))
        self.add_pane(self._later("campaigns.pane", "CampaignsPane"), self.tr("物资发放"))
        self.add_pane(self._later("visits.pane", "VisitsPane", "visits"), self.tr("走访"))
        self.add_pane(self._later("health.pane", "HealthPane"), self.tr("健康服务"))
        self.add_pane(self._later("matters.pane", "MattersPane", "matters"), self.tr("事项"))
        self.add_pane(self._later("medicine.pane", "MedicinePane"), self.tr("药品互助"))
        self.tabs.add_section(self.tr("网格"))
        self.add_pane(self._later("grids.pane", "GridPane", "grid"), self.tr("网格与服务团队"),
                      self.tr("服务团队"))
        self.add_pane(self._later("staff.pane", "StaffPane", "staff"), self.tr("网格员"))
        self.add_pane(self._later("grids.assign_pane", "AssignPane", "households"), self.tr("住户划分"))
        self.add_pane(self._later("staff.roster_pane", "StaffRosterPane"), self.tr("网格员花名册"),
                      self.tr("花名册"))
        self.add_pane(self._later("posters.pane", "PostersPane", import_apart=True), self.tr("公示牌与打印"),
                      self.tr("公示打印"))
        self.tabs.add_section(self.tr("管理"))
        self.add_pane(self._later("recycle_bin", "RecycleBinPane"), self.tr("回收站"))
        self.add_pane(self._later("audit_pane", "AuditPane"), self.tr("操作日志"))
        self.add_pane(self._later("safety.pane", "SafetyPane"), self.tr("数据安全"))
        self.checks_dock = ChecksDock(self.context, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.checks_dock)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(self.tree_pane)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 1000])
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self._build_menu()
        self._operator_label = QLabel(self)
        self.statusBar().addPermanentWidget(ChecksBadge(self.checks_dock, self))
        self.statusBar().addPermanentWidget(self._operator_label)
        self.context.database_changed.connect(self._update_status)
        self._update_status()
        split = settings.window_state().value("window/splitter")
        if split is not None:
            self.splitter.restoreState(split)
        view_menu.install(self, self.tree_pane)
        getting_started.install(self, first.setup if first else None)  # an empty database: what to do next
        self.attached = True

    def add_pane(self, widget, title: str, short: str = "") -> None:  # type: ignore[no-untyped-def]
        """Later features add their panes here (``short``: the pane list's label for a long title)."""
        self.tabs.addTab(widget, title, short)

    def _later(self, module: str, name: str, navigate: str = "", import_apart: bool = False) -> LazyPane:
        """A pane made (and its module imported) when it is first shown or navigated to.
        ``import_apart``: its first show imports the module in the pool first — only where the
        import is heavy (公示牌与打印: reportlab, 333 → 74–82 ms longest GUI stall on the street);
        for the other panes it measured no better (the import holds the GIL either way)."""
        from gridoffice.ui.widgets.lazy_pane import LazyPane

        def make() -> QWidget:
            pane_class = getattr(importlib.import_module(f"gridoffice.ui.{module}"), name)
            return pane_class(self.context, self)

        return LazyPane(make, self, self.context, navigate, module=f"gridoffice.ui.{module}" if import_apart else "")

    def after_start(self, then: str) -> None:
        """What the first-run wizard asked for once the window shows (e.g. the import wizard)."""
        action = getattr(self, "import_action", None)
        if then == "import" and action is not None:
            action.trigger()

    # ---- menu ---------------------------------------------------------------------------
    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        open_action = QAction(self.tr("打开数据库…"), self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self.open_database)
        file_menu.addAction(open_action)
        self.import_action = QAction(self.tr("导入花名册…"), self)
        self.import_action.triggered.connect(self.show_import)
        file_menu.addAction(self.import_action)

        self.export_action = QAction(self.tr("导出台账…"), self)
        self.export_action.triggered.connect(self.show_export)
        file_menu.addAction(self.export_action)
        self.fill_action = QAction(self.tr("按上级表格填报…"), self)
        self.fill_action.triggered.connect(self.show_fill)
        file_menu.addAction(self.fill_action)
        self.briefing_action = QAction(self.tr("工作简报…"), self)
        self.briefing_action.triggered.connect(self.show_briefing)
        file_menu.addAction(self.briefing_action)
        self.exchange_action = QAction(self.tr("数据交换…"), self)
        self.exchange_action.triggered.connect(self.show_exchange)
        file_menu.addAction(self.exchange_action)
        settings_action = QAction(self.tr("设置…"), self)
        settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        settings_action.triggered.connect(self.show_settings)
        file_menu.addAction(settings_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("退出"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        edit_menu = self.menuBar().addMenu(self.tr("编辑(&E)"))
        self.undo_action = self.context.undo_stack.createUndoAction(self, self.tr("撤销"))
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = self.context.undo_stack.createRedoAction(self, self.tr("重做"))
        self.redo_action.setShortcut(QKeySequence("Ctrl+Y"))
        edit_menu.addActions([self.undo_action, self.redo_action])
        self.help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        self.help_action = self.help_menu.addAction(self.tr("使用说明"), QKeySequence.StandardKey.HelpContents, self.show_help)
        about = QAction(self.tr("关于网格办公"), self)
        about.triggered.connect(self.show_about)
        self.help_menu.addAction(about)

    def open_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("打开数据库"), "", self.tr("网格办公数据库 (*.db *.sqlite);;所有文件 (*)")
        )
        if not path:
            return
        from gridoffice.store import Database, StoreError
        from gridoffice.ui.safety.startup import after_open

        try:
            db = Database.open(path, operator=settings.operator(), create=False)
        except StoreError as exc:
            QMessageBox.warning(self, self.tr("打不开数据库"), sentence(exc))
            return
        if not after_open(db, self):  # its program password, then its first backup of the day
            db.close()
            return
        self.context.replace_database(db)
        from gridoffice.ui.health.weekly import snapshot_in_background

        snapshot_in_background(self.context, self)

    def show_import(self) -> None:
        # imported (with the roster readers) when used
        from gridoffice.ui.importing.wizard import ImportWizard

        ImportWizard(self.context, self).open()

    def show_export(self) -> None:
        # imported (with openpyxl and reportlab) when used
        from gridoffice.ui.export_dialog import ExportDialog

        ExportDialog(self.context, self).exec()

    def show_fill(self) -> None:
        # imported (with openpyxl) when used
        from gridoffice.ui.fill_wizard import FillWizard

        FillWizard(self.context, self).open()

    def show_briefing(self) -> None:
        # imported (with reportlab and QtPdf) when used
        from gridoffice.ui.briefing_dialog import BriefingDialog

        dialog = BriefingDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # its preview outlives it (ui/widgets/pdf_preview.py)
        dialog.open()

    def show_exchange(self) -> None:
        from gridoffice.ui.exchange.dialog import ExchangeDialog

        ExchangeDialog(self.context, self).open()

    def show_settings(self) -> None:
        from gridoffice.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.context, self)
        if dialog.exec():
            self.context.db.operator = settings.operator()
            self._update_status()

    def show_help(self) -> None:
        from gridoffice.ui.help import HelpDialog

        HelpDialog(self).exec()

    def show_about(self) -> None:
        from gridoffice.ui.about import AboutDialog

        AboutDialog(self).exec()

    # ---- status and geometry ------------------------------------------------------------
    def _update_status(self) -> None:
        self._db_label.setText(self.tr("数据库：{name}").format(name=self.context.db.name))
        self._operator_label.setText(self.tr("操作员：{name}").format(name=self.context.db.operator or "—"))

    def _restore_geometry(self) -> None:
        store = settings.window_state()
        geometry = store.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            screen_fit.fit(self, 1280, 800)  # 1366×768 less the taskbar: the whole screen

    def closeEvent(self, event: QCloseEvent) -> None:
        from gridoffice.ui import jobs

        store = settings.window_state()
        store.setValue("window/geometry", self.saveGeometry())
        if self.attached:
            from gridoffice.ui import view_menu

            store.setValue("window/splitter", self.splitter.saveState())
            view_menu.remember(self)
        store.sync()
        jobs.wait_all()  # jobs still running (a backup, a count) finish before the database closes
        super().closeEvent(event)
