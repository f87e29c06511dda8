import pytest
from sqlmodel import select

from gridoffice.store.models import Household, Person
from gridoffice.ui.audit_pane import (
    COL_FIELD,
    COL_NEW,
    COL_OLD,
    COL_SUBJECT,
    PAGE,
    AuditModel,
    AuditPane,
)
from gridoffice.ui.context import AppContext
from gridoffice.ui.widgets import masking


@pytest.fixture(autouse=True)
def fresh_switch():
    masking.switch().forget()
    yield
    masking.switch().set(False)
    masking.switch().forget()


@pytest.fixture
def edited(village):
    with village.reading() as s:
        people = s.exec(select(Person).where(Person.household_id.is_not(None)).limit(150)).all()
    with village.session() as s:
        for p in people:  # 300 events: more than one page
            row = s.get(Person, p.id)
            row.note = "走访时核实"
            row.phone = "13912345678"
    return village, people


def test_model_passes_the_model_tester_and_fetches_lazily(qtmodeltester, edited):
    db, _people = edited
    from gridoffice.services.audit import core as audit

    model = AuditModel()
    model.load(db, audit.AuditFilter())
    assert model.total == 300 and model.rowCount() == PAGE
    assert model.canFetchMore(model.index(-1, -1))
    model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 300 and not model.canFetchMore(model.index(-1, -1))
    model.load(db, audit.AuditFilter())
    qtmodeltester.check(model)


def test_pane_filters_by_person_and_household_and_masks_on_demand(qtbot, edited):
    db, people = edited
    context = AppContext(db)
    pane = AuditPane(context)
    qtbot.addWidget(pane)
    pane.resize(1200, 500)
    pane.show()
    done = lambda: qtbot.waitUntil(lambda: not pane.busy())  # noqa: E731  (read in the pool)
    done()
    assert pane.model.total == 300 and "300" in pane.count_label.text()
    with db.reading() as s:
        target = s.get(Person, people[0].id)
        hh = s.get(Household, target.household_id)
    pane.person.setText(target.id_number)
    qtbot.mouseClick(pane.search, qtbot_button())
    done()
    assert pane.model.total == 2
    assert {pane.model.index(r, COL_SUBJECT).data() for r in range(2)} == {target.name}
    phone_row = next(r for r in range(2) if pane.model.index(r, COL_FIELD).data() == "电话")
    assert pane.model.index(phone_row, COL_NEW).data() == "13912345678"
    masking.switch().set(True)
    assert pane.model.index(phone_row, COL_NEW).data() == "139****5678"
    pane.person.clear()
    pane.household.setText(hh.number)
    pane.reload()
    done()
    members = sum(1 for p in people if p.household_id == hh.id)
    assert pane.model.total == 2 * members
    pane.household.setText("没有这个户")
    pane.reload()
    done()
    assert pane.model.total == 0
    pane.household.clear()
    pane.operator.setCurrentIndex(pane.operator.findData("测试员"))
    pane.reload()
    done()
    assert pane.model.total == 300
    assert pane.model.index(0, COL_OLD).data() is not None


def test_pane_follows_the_selected_grid(qtbot, edited):
    db, people = edited
    context = AppContext(db)
    pane = AuditPane(context)
    qtbot.addWidget(pane)
    pane.show()
    with db.reading() as s:
        grid_id = s.get(Household, people[0].household_id).grid_id
    pane.this_grid.setChecked(True)
    context.grid_selected.emit(grid_id)
    qtbot.waitUntil(lambda: not pane.busy())
    in_grid = sum(1 for p in people if _grid(db, p) == grid_id)
    assert pane.model.total == 2 * in_grid > 0


def _grid(db, person):
    with db.reading() as s:
        return s.get(Household, person.household_id).grid_id


def qtbot_button():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_pane_cli_and_ledger_show_the_same_decoded_event(qtbot, village, village_path, capsys):
    """One decoder: a household moved to another micro-grid reads as the grid paths, with the
    户号 as its 对象, in the pane, in ``gridoffice audit`` and in the audit ledger."""
    import json

    from gridoffice.cli import main
    from gridoffice.services import ledgers

    with village.reading() as s:
        hh = s.exec(select(Household).where(Household.grid_id.is_not(None))).first()
    with village.session() as s:
        s.get(Household, hh.id).grid_id = hh.grid_id + 1
    pane = AuditPane(AppContext(village))
    qtbot.addWidget(pane)
    pane.show()
    qtbot.waitUntil(lambda: not pane.busy())
    shown = [pane.model.index(0, col).data() for col in (COL_SUBJECT, COL_FIELD, COL_OLD, COL_NEW)]
    assert shown[0] == f"户号 {hh.number}" and shown[1] == "所属网格"
    assert " · " in shown[2] and " · " in shown[3] and shown[2] != shown[3]
    assert main(["audit", "--db", str(village_path), "--json"]) == 0
    event = json.loads(capsys.readouterr().out)["events"][0]
    assert [event[k] for k in ("subject", "field", "old", "new")] == shown
    ledger = ledgers.build(village, "audit", ledgers.LedgerOptions())
    assert next(iter(ledger.sheets[0].rows))[4:] == shown
