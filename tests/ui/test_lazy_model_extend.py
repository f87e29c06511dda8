"""``LazyTableModel.extend_ids``: the whole list appended under its first screen (issue 17)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QTableView

from gridoffice.ui.widgets.lazy_model import ColumnSpec, LazyTableModel


def model_of(qtbot):  # type: ignore[no-untyped-def]
    model = LazyTableModel([ColumnSpec("n", lambda r: r)], lambda _k, _d: [], lambda ids: {i: i * 10 for i in ids})
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    return model, view


def test_the_rest_is_appended_and_the_selection_stays(qtbot):
    model, view = model_of(qtbot)
    model.set_ids([5, 6, 7])
    view.selectionModel().select(model.index(1, 0), QItemSelectionModel.SelectionFlag.Select)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.extend_ids([5, 6, 7, 8, 9])
    assert model.ids() == [5, 6, 7, 8, 9] and resets == []
    assert [i.row() for i in view.selectionModel().selectedIndexes()] == [1]
    assert model.data(model.index(4, 0)) == "90"


def test_a_list_that_changed_meanwhile_replaces_the_first_screen(qtbot):
    model, _view = model_of(qtbot)
    model.set_ids([5, 6, 7])
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.extend_ids([5, 7, 8])
    assert model.ids() == [5, 7, 8] and resets == [1]
