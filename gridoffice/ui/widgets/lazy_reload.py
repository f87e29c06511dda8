"""Panes that reload only when seen (issue 16, "refresh by what changed, when shown").

A change announced while a pane is hidden (behind another tab, in a page that is not shown)
only marks the pane stale; what it would have reloaded runs when the pane is next shown, once
however many changes came meanwhile. A shown pane reloads at once (through its ``Loader`` when
the read is long). At street scale a pane reload reads coverage and a 28,796-person list, or
150,000 ids: doing it for hidden panes froze the window 0.5–1.2 s on every save.

    class RosterPane(ReloadWhenShown):
        def _on_data_changed(self, changed):
            if touches(changed, WATCHED):
                self.request_reload()            # self.reload(), now or when shown
                # or: self.refresh_or_defer(self.reload_coverage)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget


def touches(changed: object, tables: Iterable[str]) -> bool:
    """Does a ``data_changed`` payload (table names, or None: everything) touch these tables?"""
    return changed is None or not set(tables).isdisjoint(changed)  # type: ignore[arg-type]


class ReloadWhenShown(QWidget):
    """``load_when_first_shown``: the pane's first ``reload`` runs when it is first shown (a
    list pane built and never shown reads nothing)."""

    load_when_first_shown = False
    _deferred: dict[Callable[[], None], None] | None = None
    _shown_once = False

    def reload(self) -> None:  # pragma: no cover - overridden by panes that use request_reload
        raise NotImplementedError

    def shown_now(self) -> bool:
        """Shown, or (before the window is shown) on the page that will be shown."""
        return self.isVisibleTo(self.window())

    @property
    def stale(self) -> bool:
        """Something changed while hidden (or it was never shown): it reloads when shown."""
        return bool(self._deferred) or (self.load_when_first_shown and not self._shown_once)

    def refresh_or_defer(self, refresh: Callable[[], None]) -> None:
        if self.shown_now() and (self._shown_once or not self.load_when_first_shown):
            refresh()
            return
        if self._deferred is None:
            self._deferred = {}
        self._deferred[refresh] = None  # each refresh once, in the order first asked

    def request_reload(self) -> None:
        self.refresh_or_defer(self.reload)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            if self.load_when_first_shown:
                self.refresh_or_defer(self.reload)
        pending, self._deferred = self._deferred, None
        for refresh in pending or ():
            refresh()
