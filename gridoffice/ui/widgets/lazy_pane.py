"""A pane built the first time it is shown. The main window lists every feature, but the clerk
opens a few of them a day; building all thirteen at start read the grid tree eight times and
imported what each pane needs (reportlab, openpyxl, pinyin…). The placeholder stands in the
navigator and makes the real pane when it is first selected (or when code asks for it)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

if TYPE_CHECKING:
    from gridoffice.ui.context import AppContext


class LazyPane(QWidget):
    """``navigate``: the ``context.navigate`` kind the pane answers (e.g. "staff"); such a request
    builds it and hands the request on (the pane's own handler was not connected yet).

    ``module``: the module the factory imports. Shown for the first time, the placeholder imports
    it in the pool and builds the pane when it is there (a pane's module and what it needs took
    up to 0.3 s on the GUI thread: reportlab for 公示牌, cryptography for 物资发放); code that
    asks for the pane (``ensure``) still gets it at once."""

    def __init__(self, factory: Callable[[], QWidget], parent: QWidget | None = None,
                 context: AppContext | None = None, navigate: str = "", module: str = "") -> None:
        super().__init__(parent)
        self._factory: Callable[[], QWidget] | None = factory
        self._module = module
        self._importing = False
        self.pane: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._kind = navigate
        self._context = context
        if context is not None and navigate:
            context.navigate.connect(self._on_navigate)

    def _on_navigate(self, kind: str, target: object) -> None:
        if kind != self._kind or self.pane is not None:
            return
        pane = self.ensure()
        handler = getattr(pane, "_navigate", None)
        if handler is not None:
            handler(kind, target)

    def ensure(self) -> QWidget:
        """The real pane, built now if it was not yet."""
        if self.pane is None:
            assert self._factory is not None
            factory, self._factory = self._factory, None
            self.pane = factory()
            self.layout().addWidget(self.pane)  # type: ignore[union-attr]
            self.pane.show()  # shown with the placeholder (now, or when it is shown)
            if self._context is not None and self._kind:
                self._context.navigate.disconnect(self._on_navigate)
        return self.pane

    def showEvent(self, event: QShowEvent) -> None:
        if self.pane is None and self._module and self._module not in sys.modules:
            if not self._importing:
                from gridoffice.ui import ops

                self._importing = True
                module = self._module
                ops.run_in_background(self, lambda: importlib.import_module(module), self._imported,
                                      on_failed=self._import_failed)
        else:
            self.ensure()
        super().showEvent(event)

    def busy(self) -> bool:
        """The pane's module is being imported (the pane is built when it is there)."""
        return self._importing

    def _imported(self, _module: object) -> None:
        self._importing = False
        if self.isVisible():
            self.ensure()

    def _import_failed(self, _exc: BaseException) -> None:
        self._importing = False
        self.ensure()  # imported again here: its error goes where a failed build's always went


def real(widget: QWidget | None) -> QWidget | None:
    """The pane behind a navigator entry (built if it is a placeholder)."""
    return widget.ensure() if isinstance(widget, LazyPane) else widget


def find_pane(root: QWidget, name: str) -> QWidget | None:
    """The pane with this object name under ``root``, building placeholders until it is found."""
    found = root.findChild(QWidget, name)
    for placeholder in root.findChildren(LazyPane):
        if found is not None:
            break
        placeholder.ensure()
        found = root.findChild(QWidget, name)
    return found
