"""The 视图 menu: show or hide the grid tree and every dock, remembered in window.ini.

The defaults fit the commonest office screen (1366×768): the grid tree shows, the checks dock
does not (its count is a badge on the status bar) unless the screen is wide enough for it."""

from __future__ import annotations

from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

from gridoffice.ui import settings

WIDE_SCREEN = 1600  # logical pixels from which the checks dock shows by default


def _key(widget: QWidget) -> str:
    return f"view/{widget.objectName()}"


def _default_shown(widget: QWidget) -> bool:
    if isinstance(widget, QDockWidget):
        screen = widget.screen() or QGuiApplication.primaryScreen()
        return screen is not None and screen.availableGeometry().width() >= WIDE_SCREEN
    return True


def shown(widget: QWidget) -> bool:
    raw = settings.window_state().value(_key(widget))
    if raw is None:
        return _default_shown(widget)
    return str(raw).lower() in ("true", "1")


def remember(window: QMainWindow) -> None:
    """Called when the window closes (a dock closed by its own button counts too)."""
    store = settings.window_state()
    for widget in getattr(window, "_view_widgets", []):
        store.setValue(_key(widget), "true" if widget.isVisibleTo(window) else "false")
    store.sync()


def install(window: QMainWindow, tree: QWidget) -> QMenu:
    """Adds 视图(&V) before 帮助 and applies the remembered visibility."""
    if not tree.objectName():
        tree.setObjectName("gridTreePane")
    docks = [d for d in window.findChildren(QDockWidget) if d.parent() is window]
    widgets: list[QWidget] = [tree, *docks]
    window._view_widgets = widgets  # type: ignore[attr-defined]
    menu = QMenu(window.tr("视图(&V)"), window)
    menu.setObjectName("viewMenu")
    tree_action = QAction(window.tr("网格树"), window)
    tree_action.setObjectName("viewTree")
    tree_action.setCheckable(True)
    tree_action.setShortcut(QKeySequence("Ctrl+Shift+T"))
    tree_action.toggled.connect(tree.setVisible)
    menu.addAction(tree_action)
    actions: dict[QWidget, QAction] = {tree: tree_action}
    for dock in docks:
        action = dock.toggleViewAction()
        action.setObjectName(f"view_{dock.objectName()}")
        menu.addAction(action)
        actions[dock] = action
    menu.addSeparator()
    reset = menu.addAction(window.tr("恢复默认布局"))
    reset.setObjectName("viewReset")

    def apply_defaults() -> None:
        for widget in widgets:
            store = settings.window_state()
            store.remove(_key(widget))
            store.sync()
            show_widget(widget, _default_shown(widget))

    def show_widget(widget: QWidget, on: bool) -> None:
        if widget is tree:
            tree_action.setChecked(on)
            tree.setVisible(on)
        else:
            widget.setVisible(on)

    reset.triggered.connect(apply_defaults)
    for widget in widgets:
        show_widget(widget, shown(widget))
    help_menu = getattr(window, "help_menu", None)
    bar = window.menuBar()
    if help_menu is not None:
        bar.insertMenu(help_menu.menuAction(), menu)
    else:
        bar.addMenu(menu)
    window._view_actions = actions  # type: ignore[attr-defined]
    return menu
