"""The masked display switch (for screens a visitor can see) covers the people lists, search
hits and a household's members, and flipping it repaints what is shown."""

import re

from PySide6.QtCore import Qt

from gridoffice.ui.context import AppContext
from gridoffice.ui.roster.population_lists import PopulationListsPane
from gridoffice.ui.widgets import masking

FULL_ID = re.compile(r"^\d{17}[\dX]$")


def _cells(model, header: str) -> list[str]:
    col = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == header)
    return [model.index(r, col).data() for r in range(min(model.rowCount(), 30))]


def test_the_switch_masks_ids_and_phones_in_the_people_list(qtbot, village):
    masking.switch().forget()
    masking.switch().set(False)
    pane = PopulationListsPane(AppContext(village))
    qtbot.addWidget(pane)
    pane.show()
    model = pane.view.model()
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=20000)
    assert any(FULL_ID.match(v or "") for v in _cells(model, "身份证号"))
    repainted = []
    model.dataChanged.connect(lambda *a: repainted.append(a))
    masking.switch().set(True)
    try:
        assert repainted
        ids = [v for v in _cells(model, "身份证号") if v and v != "（无）"]
        assert ids and all("********" in v for v in ids)
        phones = [v for v in _cells(model, "电话") if v]
        assert phones and all("****" in v for v in phones)
    finally:
        masking.switch().set(False)
