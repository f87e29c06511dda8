"""The main window: composes the panes, the menu and the status bar. Nothing more."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
)

from gridoffice import __version__
from gridoffice.store import Database, StoreError
from gridoffice.ui import settings
from gridoffice.ui.context import AppContext
from gridoffice.ui.grid_tree import GridTreePane
from gridoffice.ui.overview import OverviewPane
from gridoffice.ui.posters_pane import PostersPane


class MainWindow(QMainWindow):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.context = AppContext(db, self)
        self.setWindowTitle(self.tr("网格办公"))
        self.tree_pane = GridTreePane(self.context, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("paneTabs")
        self.overview = OverviewPane(self.context, self)
        self.tabs.addTab(self.overview, self.tr("概览"))
        self.add_pane(PostersPane(self.context, self), self.tr("公示牌与打印"))
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(self.tree_pane)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 900])
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self._build_menu()
        self._db_label = QLabel(self)
        self._operator_label = QLabel(self)
        self.statusBar().addWidget(self._db_label, 1)
        self.statusBar().addPermanentWidget(self._operator_label)
        self.context.database_changed.connect(self._update_status)
        self._update_status()
        self._restore_geometry()

    def add_pane(self, widget, title: str) -> None:  # type: ignore[no-untyped-def]
        """Later features add their panes here."""
        self.tabs.addTab(widget, title)

    # ---- menu ---------------------------------------------------------------------------
    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        open_action = QAction(self.tr("打开数据库…"), self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self.open_database)
        file_menu.addAction(open_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("退出"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        about = QAction(self.tr("关于网格办公"), self)
        about.triggered.connect(self.show_about)
        self.help_menu.addAction(about)

    def open_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("打开数据库"), "", self.tr("网格办公数据库 (*.db *.sqlite);;所有文件 (*)")
        )
        if not path:
            return
        try:
            db = Database.open(path, operator=settings.operator(), create=False)
        except StoreError as exc:
            QMessageBox.warning(self, self.tr("打不开数据库"), str(exc))
            return
        self.context.replace_database(db)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("关于网格办公"),
            self.tr("网格办公 {version}\n村（社区）微网实格工作台：住户台账、网格与网格员、"
                    "健康爱心包发放、走访与事项、台账导出、公示牌打印。").format(version=__version__),
        )

    # ---- status and geometry ------------------------------------------------------------
    def _update_status(self) -> None:
        self._db_label.setText(self.tr("数据库：{name}").format(name=self.context.db.name))
        self._operator_label.setText(self.tr("操作员：{name}").format(name=self.context.db.operator or "—"))

    def _restore_geometry(self) -> None:
        store = settings.user_settings()
        geometry = store.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        split = store.value("window/splitter")
        if split is not None:
            self.splitter.restoreState(split)

    def closeEvent(self, event: QCloseEvent) -> None:
        store = settings.user_settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/splitter", self.splitter.saveState())
        store.sync()
        super().closeEvent(event)
