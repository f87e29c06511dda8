"""The returnee tab's 登记日期: today for a new stay, saved with it, shown in the table and put
back in the form when the stay is picked."""

import datetime as dt

from sqlalchemy import select

from gridoffice.services.roster import memberships
from gridoffice.store.models import Person
from gridoffice.ui.context import AppContext
from gridoffice.ui.roster.person_form import PersonForm


def _person(db):
    with db.reading() as s:
        return s.scalars(select(Person.id).where(Person.status == "在册")).first()


def _header(tab):
    return [tab.table.horizontalHeaderItem(c).text() for c in range(tab.table.columnCount())]


def test_registration_date_defaults_to_today_and_is_saved(qtbot, village):
    pid = _person(village)
    context = AppContext(village)
    form = PersonForm(context, pid)
    qtbot.addWidget(form)
    tab = form.returnee_tab
    today = dt.date.today()
    assert tab.registered.text() == today.isoformat()
    tab.arrived.setText("2031-01-25")
    assert tab.add_stay()
    assert [s.registered_on for s in memberships.stays_of(village, pid)] == [today]
    col = _header(tab).index("登记日期")
    assert tab.table.item(0, col).text() == today.isoformat()


def test_registration_date_is_edited_and_shown(qtbot, village):
    pid = _person(village)
    context = AppContext(village)
    form = PersonForm(context, pid)
    qtbot.addWidget(form)
    tab = form.returnee_tab
    tab.arrived.setText("2031-01-25")
    tab.registered.setText("2031-01-27")
    tab.address.setText("一组5号")
    assert tab.add_stay()
    col = _header(tab).index("登记日期")
    assert tab.table.item(0, col).text() == "2031-01-27"
    assert tab.table.item(0, _header(tab).index("现住址")).text() == "一组5号"
    tab.registered.clear()
    tab.table.selectRow(0)  # picking the stay puts its date back in the form
    assert tab.registered.text() == "2031-01-27" and tab.address.text() == "一组5号"
    tab.registered.setText("2031-01-28")
    assert tab.update_stay()
    assert memberships.stays_of(village, pid)[0].registered_on == dt.date(2031, 1, 28)
    tab.registered.setText("不是日期")
    assert not tab.update_stay() and "有效日期" in tab.error.text()
    context.undo_stack.undo()  # the edit to 01-28 is undone
    assert memberships.stays_of(village, pid)[0].registered_on == dt.date(2031, 1, 27)
    # a new stay with the date left empty is registered today
    tab.table.clearSelection()
    tab.arrived.setText("2032-01-25")
    tab.registered.clear()
    assert tab.add_stay() and tab.registered.text() == dt.date.today().isoformat()
    assert memberships.stays_of(village, pid)[0].registered_on == dt.date.today()
