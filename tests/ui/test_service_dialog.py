"""Recording a 五到家 service from the household editor (issue 21): one undoable change, the
household's services listed."""

import datetime as dt

from PySide6.QtCore import QDate

from gridoffice.services.health import services as health_services
from gridoffice.services.roster import households as roster_households
from gridoffice.ui.context import AppContext
from gridoffice.ui.health.service_dialog import ServiceDialog
from gridoffice.ui.roster.household_editor import HouseholdEditor


def test_service_from_the_household(qtbot, village, monkeypatch):
    hid = roster_households.household_id_by_number(village, "YMC01012")
    context = AppContext(village)
    editor = HouseholdEditor(context, hid)
    qtbot.addWidget(editor)
    assert editor.service_button.isEnabled()
    opened = []
    monkeypatch.setattr(ServiceDialog, "exec", lambda self: opened.append(self) or 0)
    editor.record_service()
    dialog = opened[0]
    qtbot.addWidget(dialog)
    dialog.type_box.setCurrentIndex(dialog.type_box.findData("预防到家"))
    dialog.person_box.setCurrentIndex(1)
    dialog.date_edit.setDate(QDate(2023, 1, 6))
    dialog.by_edit.setText("李梅")
    dialog.save()
    records = health_services.of_household(village, hid)
    assert records[0][1:4] == (dt.date(2023, 1, 6), "预防到家", "李梅")
    assert ServiceDialog(context, hid).history.count() == len(records)
    context.undo_stack.undo()
    assert len(health_services.of_household(village, hid)) == len(records) - 1
