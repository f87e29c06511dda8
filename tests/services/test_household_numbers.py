from sqlalchemy import select

from gridoffice.services.roster import household_numbers
from gridoffice.services.roster import households as roster_households
from gridoffice.services.roster.household_numbers import _next_after
from gridoffice.store.models import Grid, Household


def _grid(db, name):
    with db.reading() as s:
        return s.scalar(select(Grid.id).where(Grid.name == name))


def test_next_number_follows_the_grid_and_keeps_the_width():
    assert _next_after(["YMC05001", "YMC05012", "YMC05009"]) == "YMC05013"
    assert _next_after(["A9"]) == "A10"
    assert _next_after(["无号"]) is None


def test_next_free_number_in_a_village_grid_and_an_address_like_the_others(village):
    grid = _grid(village, "第5微网格")
    with village.reading() as s:
        numbers = list(s.scalars(select(Household.number).where(Household.grid_id == grid)))
        sample = s.scalar(select(Household.address).where(Household.grid_id == grid))
    suggested = household_numbers.next_number(village, grid)
    assert suggested not in numbers and suggested[:-3] == max(numbers)[:-3]
    assert sample.startswith("禹庙村")
    change = roster_households.add_household(village, roster_households.HouseholdInput(
        number=suggested, grid_id=grid, village_group="5组", door="88号"))
    hid = next(iter(change.rows["household"]))
    assert roster_households.get_household(village, hid).address == "禹庙村5组88号"
    assert household_numbers.next_number(village, grid) != suggested  # taken now


def test_an_address_written_out_is_kept_as_written(village):
    grid = _grid(village, "第5微网格")
    change = roster_households.add_household(village, roster_households.HouseholdInput(
        number="X1", grid_id=grid, village_group="5组", address="成都市某区禹庙村5组1号"))
    assert roster_households.get_household(village, next(iter(change.rows["household"]))).address == "成都市某区禹庙村5组1号"


def test_the_editor_offers_the_next_number_and_follows_the_grid(qtbot, village):
    from gridoffice.ui.context import AppContext
    from gridoffice.ui.roster.household_editor import HouseholdEditor

    fifth, sixth = _grid(village, "第5微网格"), _grid(village, "第6微网格")
    editor = HouseholdEditor(AppContext(village), None, fifth)
    qtbot.addWidget(editor)
    assert editor.number_edit.text() == household_numbers.next_number(village, fifth)
    editor.grid_box.setCurrentIndex(editor.grid_box.findData(sixth))
    assert editor.number_edit.text() == household_numbers.next_number(village, sixth)
    editor.number_edit.setText("自编1")  # typed by the clerk: kept
    editor.grid_box.setCurrentIndex(editor.grid_box.findData(fifth))
    assert editor.number_edit.text() == "自编1"
