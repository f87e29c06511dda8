import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from gridoffice.domain.idcard import make_id
from gridoffice.services.roster import households as roster_households
from gridoffice.services.roster import lists as roster_lists
from gridoffice.services.scope import Scope
from gridoffice.store.models import Grid, Household, Person
from gridoffice.ui.context import AppContext
from gridoffice.ui.main_window import MainWindow
from gridoffice.ui.recycle_bin import RecycleBinPane
from gridoffice.ui.roster.household_editor import HouseholdEditor, MembersModel
from gridoffice.ui.roster.pane import RosterPane
from gridoffice.ui.roster.person_form import PersonForm
from gridoffice.ui.roster.population_lists import PopulationListsPane
from gridoffice.ui.widgets.lazy_model import ID_ROLE
from gridoffice.ui.widgets.search_box import SearchBox
from tests.held import delivered


def micro(db, n=0):
    with db.reading() as s:
        return list(s.scalars(select(Grid.id).where(Grid.level == "micro").order_by(Grid.id)))[n]


def settle(qtbot, pane):
    """The lists pane reads its ids in a pool thread: wait until the latest list is shown."""
    qtbot.waitUntil(lambda: not pane.busy())


def persons(db):
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(Person))


def test_add_household_and_members_with_live_validation(qtbot, village):
    context = AppContext(village)
    pane = RosterPane(context)
    qtbot.addWidget(pane)
    pane.show()
    context.grid_selected.emit(micro(village))
    settle(qtbot, pane)
    before = pane.model.rowCount()
    editor = pane.add_household()
    assert not editor.members_box.isEnabled()
    assert editor.number_edit.text()  # the next free 户号 is offered
    editor.number_edit.clear()
    qtbot.keyClicks(editor.number_edit, "YMC-NEW-1")
    editor.edits["village_group"].setText("1组")
    editor.edits["door"].setText("99号")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.save_button.isEnabled()  # saving in the pool: the editor waits
    qtbot.waitUntil(lambda: not editor.busy())
    assert editor.household_id is not None and editor.members_box.isEnabled()
    settle(qtbot, pane)
    assert pane.model.rowCount() == before + 1
    assert roster_households.get_household(village, editor.household_id).address == "禹庙村1组99号"  # like the others

    form = editor.add_member()
    form.name_edit.setText("王秀英")
    form.relation_box.setCurrentText("户主")
    assert form.save_button.isEnabled()  # no ID number is allowed...
    assert "未登记身份证号" in form.id_note.text()  # ...and marked
    qtbot.keyClicks(form.id_edit, make_id("510124", dt.date(1950, 3, 2), 2))
    assert form.birth_edit.text() == "1950-03-02" and form.sex_box.currentText() == "女"
    assert form.birth_edit.isReadOnly() and "60 岁以上" in form.age_label.text()
    assert "60 岁以上" in form.key_tab.age_label.text()
    form.key_tab.groups["chronic"].setChecked(True)
    form.key_tab.fields["chronic"]["illness"].setCurrentText("高血压")
    with qtbot.waitSignal(form.accepted):  # saved in the pool, then the form closes
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        assert not form.save_button.isEnabled() and not form.tabs.isEnabled()
    assert form.saved_id is not None
    assert editor.model.rowCount() == 1 and editor.model.index(0, 0).data() == "王秀英"

    count = persons(village)
    bad = editor.add_member()
    bad.name_edit.setText("李四")
    bad.relation_box.setCurrentText("儿子")
    qtbot.keyClicks(bad.id_edit, "510124195003020021")  # wrong check character
    error = bad.errors["id_number"]
    assert not error.isHidden() and "校验位" in error.text()
    assert not bad.save_button.isEnabled()
    bad.save()
    bad.id_edit.setText("510124195002300021")  # 30 February
    assert "出生日期不存在" in error.text() and not bad.save_button.isEnabled()
    bad.id_edit.setText("5.10124195003021E+17")  # what Excel left
    assert "Excel" in error.text() and not bad.save_button.isEnabled()
    with village.reading() as s:
        other = s.scalars(select(Person).where(Person.id_number.is_not(None))).first()
    bad.id_edit.setText(other.id_number)
    assert other.name in error.text() and "查看该人员" in error.text() and not bad.save_button.isEnabled()
    bad.save()
    assert persons(village) == count  # nothing reached the database
    bad.relation_box.setCurrentText("表亲戚")
    bad.id_edit.setText("")
    assert "不认识的关系" in bad.errors["relation"].text() and not bad.save_button.isEnabled()
    bad.relation_box.setCurrentText("子女")  # a clerk's word
    assert bad.save_button.isEnabled()
    bad.phone_edit.setText("1381234")
    assert "11 位" in bad.errors["phone"].text() and not bad.save_button.isEnabled()
    bad.reject()

    again = pane.add_household()  # the same household number is refused at the field
    again.number_edit.setText("YMC-NEW-1")
    again.save_household()
    qtbot.waitUntil(lambda: not again.busy())
    assert again.household_id is None and "已被另一户使用" in again.errors["number"].text()
    assert not again.errors["number"].isHidden()
    again.reject()


def test_move_household_undo_redo_through_the_edit_menu(qtbot, village):
    window = MainWindow(village)
    qtbot.addWidget(window)
    with village.reading() as s:
        h = s.scalars(select(Household).where(Household.grid_id == micro(village))).first()
    editor = HouseholdEditor(window.context, h.id, parent=window)
    target = micro(village, 5)
    editor.move(target)
    qtbot.waitUntil(lambda: not editor.busy())  # moved in the pool
    assert roster_households.get_household(village, h.id).grid_id == target
    assert editor.grid_box.currentData() == target
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"
    assert window.redo_action.shortcut().toString() == "Ctrl+Y"
    window.undo_action.trigger()
    assert roster_households.get_household(village, h.id).grid_id == h.grid_id
    window.redo_action.trigger()
    assert roster_households.get_household(village, h.id).grid_id == target


def test_deceased_leaves_the_active_lists_and_undo_brings_back(qtbot, village, monkeypatch):
    context = AppContext(village)
    lists = PopulationListsPane(context)
    qtbot.addWidget(lists)
    lists.show()
    lists.on.setDate(dt.date(2023, 1, 7))
    lists.set_kind("aged_60_plus")
    settle(qtbot, lists)
    assert lists.model.rowCount() == 1008 and "1,008" in lists.total.text()
    assert lists.counts.rowCount() == 32
    pid = lists.model.index(0, 0).data(ID_ROLE)
    name = lists.model.index(0, 0).data()
    person_household = roster_lists.person_rows(village, [pid])[pid].household_id
    editor = HouseholdEditor(context, person_household)
    qtbot.addWidget(editor)
    editor.select_member(pid)
    monkeypatch.setattr(editor, "ask_date", lambda *_: dt.date(2022, 12, 30))
    qtbot.mouseClick(editor.actions["dead"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.busy())  # written in the pool
    settle(qtbot, lists)
    assert lists.model.rowCount() == 1007
    assert pid not in lists.model.ids()
    row = next(r for r in range(editor.model.rowCount()) if editor.model.index(r, 0).data() == name)
    assert editor.model.index(row, 6).data() == "死亡 2022-12-30"
    lists.inactive.setChecked(True)
    settle(qtbot, lists)
    assert pid in lists.model.ids()
    lists.inactive.setChecked(False)
    context.undo_stack.undo()
    settle(qtbot, lists)
    assert lists.model.rowCount() == 1008
    context.undo_stack.redo()
    settle(qtbot, lists)
    assert lists.model.rowCount() == 1007


def test_search_box_as_you_type(qtbot, village):
    context = AppContext(village)
    box = SearchBox(context)
    qtbot.addWidget(box)
    box.show()  # starts building the index in the background
    qtbot.waitUntil(lambda: box.index is not None)
    household = roster_households.add_household(village, roster_households.HouseholdInput("S-1", micro(village)))
    context.apply(household)
    form = PersonForm(context, household_id=next(iter(household.rows["household"])))
    qtbot.addWidget(form)
    form.name_edit.setText("单伟")
    form.id_edit.setText(make_id("510124", dt.date(1961, 1, 1), 11))
    form.phone_edit.setText("138 0000 5678")
    assert form.phone_note.text() == "将保存为 13800005678"
    with qtbot.waitSignal(form.accepted):
        form.save()
    pid = form.saved_id
    with village.reading() as s:
        other = s.scalars(select(Person).where(Person.id_number.is_not(None), Person.status == "在册")).first()
    for typed in ("单", "单伟"):  # a 2-character name, typed after the index was built
        box.edit.setText(typed)
    assert box.model.hits[0].person_id == pid and box.view.isVisibleTo(box)
    assert box.model.index(0, 3).data() == "第1微网格"  # unique in the village: no path
    box.edit.clear()
    assert not box.view.isVisibleTo(box)
    qtbot.keyClicks(box.edit, "sw")
    assert pid in [h.person_id for h in box.model.hits] or len(box.model.hits) == 50
    box.edit.setText(other.name_initials)
    assert all(h.name for h in box.model.hits) and box.model.rowCount() > 0
    box.edit.setText(other.id_number[-6:])
    assert other.id in [h.person_id for h in box.model.hits]
    box.edit.setText("5678")
    assert pid in [h.person_id for h in box.model.hits]
    with qtbot.waitSignal(box.person_activated) as blocker:
        box.edit.setText("单伟")
        box._activate(box.model.index(0, 0))
    assert blocker.args[0] == pid


def test_recycle_bin_restore_after_removing_from_the_roster(qtbot, village, monkeypatch):
    context = AppContext(village)
    pane = RosterPane(context)
    qtbot.addWidget(pane)
    pane.show()
    bin_pane = RecycleBinPane(context)
    qtbot.addWidget(bin_pane)
    bin_pane.show()
    context.grid_selected.emit(micro(village))
    settle(qtbot, pane)
    total = pane.model.rowCount()
    pane.view.selectRow(0)
    hid = pane.selected_household()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    pane.remove_household()
    delivered(qtbot)  # removed in the pool, then the list reloads
    settle(qtbot, pane)
    assert pane.model.rowCount() == total - 1 and bin_pane.table.rowCount() == 1
    assert "住户" in bin_pane.table.item(0, 0).text()
    bin_pane.table.selectRow(0)
    bin_pane.restore()
    settle(qtbot, pane)
    assert pane.model.rowCount() == total and bin_pane.table.rowCount() == 0
    assert hid in pane.model.ids()
    assert roster_lists.household_ids(village, None).count(hid) == 1


def test_sorting_is_done_by_the_service(qtbot, village, monkeypatch, slow_spy):
    import threading

    context = AppContext(village)
    pane = RosterPane(context)
    qtbot.addWidget(pane)
    pane.show()
    pane.view.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # asked while the first read runs
    settle(qtbot, pane)
    first = int(pane.model.index(0, 3).data())
    last = int(pane.model.index(pane.model.rowCount() - 1, 3).data())
    assert first >= last and first > 1
    assert pane.model.rowCount() == 1600
    threads = slow_spy(roster_lists, "household_ids", held=False).threads
    pane.view.sortByColumn(3, Qt.SortOrder.AscendingOrder)  # once loaded: sorted in the loader thread
    settle(qtbot, pane)
    assert threads and threading.main_thread() not in threads
    assert int(pane.model.index(0, 3).data()) <= int(pane.model.index(1599, 3).data())


def test_models_pass_modeltester(qtmodeltester, qtbot, village):
    context = AppContext(village)
    pane = RosterPane(context)
    qtbot.addWidget(pane)
    pane.show()
    settle(qtbot, pane)
    qtmodeltester.check(pane.model)
    lists = PopulationListsPane(context)
    qtbot.addWidget(lists)
    lists.show()
    settle(qtbot, lists)
    qtmodeltester.check(lists.model)
    members = MembersModel()
    members.load(roster_households.household_members(village, pane.model.id_at(0)))
    qtmodeltester.check(members)
    box = SearchBox(context)
    qtbot.addWidget(box)
    box.edit.setText("w")
    assert "正在建立查找索引" in box.summary.text()
    qtbot.waitUntil(lambda: box.index is not None)
    assert box.model.rowCount() > 0
    qtmodeltester.check(box.model)
    assert len(roster_lists.person_ids(village, Scope())) == lists.model.rowCount()


def test_hidden_lists_reload_only_when_shown(qtbot, village):
    from gridoffice.services.roster import persons as roster_persons

    context = AppContext(village)
    lists = PopulationListsPane(context)
    qtbot.addWidget(lists)
    assert lists.model.rowCount() == 0  # nothing read while never shown
    lists.show()
    settle(qtbot, lists)
    n = lists.model.rowCount()
    assert n > 0
    lists.hide()
    context.apply(roster_persons.set_status(village, lists.model.id_at(0), "迁出", dt.date(2022, 5, 1)))
    assert lists.model.rowCount() == n and not lists.busy()
    lists.show()
    settle(qtbot, lists)
    assert lists.model.rowCount() == n - 1


def test_purge_needs_two_confirmations_and_clears_undo(qtbot, village, monkeypatch):
    from gridoffice.services.roster import persons as roster_persons

    context = AppContext(village)
    bin_pane = RecycleBinPane(context)
    qtbot.addWidget(bin_pane)
    bin_pane.show()
    with village.reading() as s:
        pid = s.scalars(select(Person.id).where(Person.status == "在册")).first()
    context.apply(roster_persons.remove_person(village, pid))
    bin_pane.table.selectRow(0)
    answers = iter([QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: next(answers))
    bin_pane.purge()  # yes, then no at the second question: nothing happens
    assert roster_persons.get_person(village, pid).deleted_at is not None
    assert context.undo_stack.count() == 1
    answers = iter([QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Yes])
    bin_pane.table.selectRow(0)
    bin_pane.purge()
    with village.reading() as s:
        assert s.get(Person, pid) is None
    assert bin_pane.table.rowCount() == 0 and context.undo_stack.count() == 0


def test_returnee_tab_records_arrival_and_departure(qtbot, village):
    context = AppContext(village)
    lists = PopulationListsPane(context)
    qtbot.addWidget(lists)
    lists.show()
    lists.set_kind("__returnees__")
    lists.on.setDate(dt.date(2031, 2, 1))
    settle(qtbot, lists)
    before = lists.model.rowCount()  # demo stays without a departure date are still present
    with village.reading() as s:
        pid = s.scalars(select(Person.id).where(Person.status == "在册")).first()
    assert pid not in lists.model.ids()
    form = PersonForm(context, pid)
    qtbot.addWidget(form)
    tab = form.returnee_tab
    tab.arrived.setText("2031-01-25")
    tab.from_place.setText("广东深圳")
    tab.transport.setCurrentText("火车")
    assert tab.add_stay() and tab.table.rowCount() == 1
    settle(qtbot, lists)
    assert lists.model.rowCount() == before + 1 and pid in lists.model.ids()
    tab.table.selectRow(0)
    tab.left.setText("2031-01-20")  # before the arrival: refused at the form
    assert not tab.update_stay() and "早于" in tab.error.text()
    tab.left.setText("2031-01-30")
    assert tab.update_stay()
    settle(qtbot, lists)
    assert lists.model.rowCount() == before
    context.undo_stack.undo()
    settle(qtbot, lists)
    assert lists.model.rowCount() == before + 1


def test_change_head_from_the_editor(qtbot, village, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from gridoffice.services.roster import persons as roster_persons

    with village.reading() as s:
        spouse = s.scalars(select(Person).where(Person.relation == "10", Person.status == "在册")).first()
    context = AppContext(village)
    editor = HouseholdEditor(context, spouse.household_id)
    qtbot.addWidget(editor)
    editor.select_member(spouse.id)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("配偶", True))
    qtbot.mouseClick(editor.actions["head"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.busy())  # written in the pool
    assert roster_persons.get_person(village, spouse.id).relation == "02"
    assert editor.model.index(0, 0).data() == spouse.name and editor.model.index(0, 1).data() == "户主"
    context.undo_stack.undo()
    assert roster_persons.get_person(village, spouse.id).relation == "10"
