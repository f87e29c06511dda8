"""Hand-out entry at the clerk's pace, keyboard only: type a name, initials or ID tail in the
find box, Enter goes to the first person found (↑/↓ to choose another), Enter records the
hand-out with the form's date and staff, and the find box is ready for the next sheet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QKeyEvent

if TYPE_CHECKING:
    from gridoffice.ui.campaigns.pane import CampaignsPane


class _EnterRecords(QObject):
    def __init__(self, pane: CampaignsPane) -> None:
        super().__init__(pane.view)
        self.pane = pane

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            record_and_next(self.pane)
            return True
        return super().eventFilter(watched, event)


def install(pane: CampaignsPane) -> None:
    pane.find_box.returnPressed.connect(lambda: to_list(pane))
    pane.view.installEventFilter(_EnterRecords(pane))


def to_list(pane: CampaignsPane) -> None:
    """Enter in the find box: the first person found is selected and the list has the focus."""
    if pane.model.rowCount() == 0:
        return
    index = pane.model.index(0, 0)
    pane.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
    pane.view.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)


def record_and_next(pane: CampaignsPane) -> None:
    """Enter in the list: record the hand-out; when it went through, back to an empty find box."""
    if not pane.view.selectionModel().selectedRows() and not pane.model.checked_ids():
        return
    def next_person() -> None:
        pane.find_box.clear()
        pane.find_box.setFocus(Qt.FocusReason.ShortcutFocusReason)

    if pane.record(after=next_person):
        next_person()
