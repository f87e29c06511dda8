"""The person form's and the household editor's saves run in the pool (issue 16): the dialog is
disabled meanwhile, a refusal is shown and the dialog stays open, the change is recorded once."""

import threading

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from gridoffice.services.roster import households as roster_households
from gridoffice.services.roster import persons as roster_persons
from gridoffice.services.roster.core import RosterError
from gridoffice.store.models import Person
from gridoffice.ui.context import AppContext
from gridoffice.ui.roster.household_editor import HouseholdEditor
from gridoffice.ui.roster.person_form import PersonForm


def first_person(db):
    with db.reading() as s:
        return s.scalars(select(Person).where(Person.status == "在册").order_by(Person.id)).first()


def test_the_person_form_saves_in_the_pool_and_records_once(qtbot, village, slow_spy):
    person = first_person(village)
    context = AppContext(village)
    form = PersonForm(context, person.id)
    qtbot.addWidget(form)
    form.show()
    spy = slow_spy(roster_persons, "save_person")
    form.note_edit.setText("池中保存")
    form.save()
    qtbot.waitUntil(lambda: len(spy.threads) == 1)
    assert spy.threads[0] is not threading.main_thread()
    assert form.busy() and not form.save_button.isEnabled() and not form.tabs.isEnabled()
    form.save()  # a second click starts nothing
    form.reject()  # nor does Esc close the form under the running save
    assert form.isVisible() and len(spy.threads) == 1
    with qtbot.waitSignal(form.accepted):
        spy.release.set()
    assert form.saved_id == person.id and context.undo_stack.count() == 1
    assert roster_persons.get_person(village, person.id).note == "池中保存"
    context.undo_stack.undo()
    assert roster_persons.get_person(village, person.id).note == person.note


def test_a_refused_person_save_keeps_the_form_open(qtbot, village, monkeypatch):
    context = AppContext(village)
    form = PersonForm(context, first_person(village).id)
    qtbot.addWidget(form)
    form.show()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, title, text: shown.append((title, text))))

    def refuse(*_args):
        raise RosterError("该户已注销，不能加入成员")

    monkeypatch.setattr(roster_persons, "save_person", refuse)
    form.save()
    qtbot.waitUntil(lambda: not form.busy())
    assert shown == [("无法保存", "该户已注销，不能加入成员")]
    assert form.isVisible() and form.saved_id is None and form.save_button.isEnabled() and form.tabs.isEnabled()
    assert context.undo_stack.count() == 0


def test_the_household_editor_saves_in_the_pool(qtbot, village, slow_spy):
    hid = roster_households.household_id_by_number(village, "YMC01012")
    context = AppContext(village)
    editor = HouseholdEditor(context, hid)
    qtbot.addWidget(editor)
    members = editor.model.rowCount()
    spy = slow_spy(roster_households, "edit_household")
    editor.edits["note"].setText("池中保存")
    editor.save_household()
    qtbot.waitUntil(lambda: len(spy.threads) == 1)
    assert spy.threads[0] is not threading.main_thread()
    assert editor.busy() and not editor.household_box.isEnabled() and not editor.members_box.isEnabled()
    spy.release.set()
    qtbot.waitUntil(lambda: not editor.busy())
    assert editor.household_box.isEnabled() and editor.members_box.isEnabled()
    assert editor.model.rowCount() == members and context.undo_stack.count() == 1
    assert roster_households.get_household(village, hid).note == "池中保存" == editor.edits["note"].text()


def test_the_first_form_loads_name_readings_in_the_pool_after_it_is_built(qtbot, village, slow_spy, monkeypatch):
    """Started during the build, pypinyin's loading shared the interpreter lock with it (the
    first form took 0.2-0.5 s on the GUI thread on a street): it starts once the form stands."""
    monkeypatch.setattr(roster_persons, "pinyin_ready", lambda: False)
    spy = slow_spy(roster_persons, "prepare_name_readings", held=False)
    form = PersonForm(AppContext(village), first_person(village).id)
    qtbot.addWidget(form)
    assert spy.calls == 0  # nothing started while the form was being built
    qtbot.waitUntil(lambda: spy.calls == 1)
    assert spy.threads[0] is not threading.main_thread()
