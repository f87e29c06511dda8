import datetime as dt

import pytest

from gridoffice.services.visits import core as visits
from gridoffice.services.visits import records as vr
from gridoffice.services.visits import rules as visit_rules
from gridoffice.services.visits.core import Status
from tests.visit_office import build

ON = dt.date(2023, 1, 7)  # a Saturday; its week is Monday 2 – Sunday 8 January


@pytest.fixture
def office(db):
    return build(db)


def record(db, day, persons=(), household=None, staff=(), other="", today=ON):
    return vr.record_visit(db, vr.VisitInput(day, household, list(persons), list(staff), other), today=today)


def by_id(persons):
    return {p.person_id: p for p in persons}


def test_who_is_a_key_person_and_their_rhythm(db, office):
    persons = by_id(visits.key_persons(db, None, ON))
    assert set(persons) == {office["grandpa"], office["grandma"], office["widow"], office["disabled"]}
    assert persons[office["grandpa"]].interval == 7  # 80+
    assert visit_rules.AGED_80 in persons[office["grandpa"]].categories
    assert persons[office["grandma"]].interval == 30  # unrated elderly: monthly
    assert persons[office["widow"]].interval == 7  # 独居
    assert visit_rules.LIVING_ALONE in persons[office["widow"]].categories
    assert persons[office["disabled"]].interval == 7  # high risk
    assert persons[office["disabled"]].key_since == dt.date(2023, 1, 4)
    assert persons[office["grandpa"]].key_since is None  # elderly membership without a date
    in_m2 = visits.key_persons(db, office["m2"], ON)
    assert [p.person_id for p in in_m2] == [office["disabled"]]


def test_never_visited_is_overdue_unless_the_start_is_known(db, office):
    persons = by_id(visits.key_persons(db, None, ON))
    assert persons[office["grandpa"]].status(ON) == Status.OVERDUE  # start unknown: at once
    assert persons[office["widow"]].status(ON) == Status.OVERDUE  # key since 2022
    assert persons[office["disabled"]].status(ON) == Status.DUE  # key since Wed 4 Jan: due this week
    before = by_id(visits.key_persons(db, None, dt.date(2022, 12, 31)))
    assert office["disabled"] not in before  # not key yet on 31 December


def test_recording_moves_the_due_date_across_the_month_end(db, office):
    record(db, dt.date(2022, 12, 29), [office["grandma"]], staff=[office["leader"]])
    on = dt.date(2023, 1, 25)
    grandma = by_id(visits.key_persons(db, None, on))[office["grandma"]]
    assert grandma.last_visit == dt.date(2022, 12, 29)
    assert grandma.due == dt.date(2023, 1, 28)  # 29 Dec + 30 days
    assert grandma.status(on) == Status.DUE  # week of 23–29 January
    assert grandma.status(dt.date(2023, 1, 20)) == Status.NOT_DUE
    assert grandma.status(dt.date(2023, 1, 30)) == Status.OVERDUE


def test_a_household_visit_counts_for_every_member(db, office):
    change = record(db, dt.date(2023, 1, 3), household=office["h1"], other="村医 王医生")
    assert change.rows["visit"] and len(change.rows["visit"]) == 1
    persons = by_id(visits.key_persons(db, None, ON))
    assert persons[office["grandpa"]].status(ON) == Status.VISITED
    assert persons[office["grandma"]].status(ON) == Status.VISITED
    assert persons[office["grandpa"]].last_visit == dt.date(2023, 1, 3)


def test_several_members_in_one_go_and_undo_redo(db, office):
    change = record(db, dt.date(2023, 1, 6), [office["grandpa"], office["grandma"]],
                    staff=[office["leader"], office["doctor"]])
    assert len(change.rows["visit"]) == 2
    assert visits.visits_this_week_by_grid(db, ON) == {office["m1"]: 2}
    grid = visits.week_grid(db, office["m1"], ON, weeks=4)
    cells = {r.person.person_id: r.cells for r in grid.rows}
    assert cells[office["grandpa"]][-1] == Status.VISITED
    assert grid.rows[0].visit_counts[-1] == 1
    undone = change.undo()
    assert visits.visits_this_week_by_grid(db, ON) == {}
    redone = undone.undo()
    assert visits.visits_this_week_by_grid(db, ON) == {office["m1"]: 2}
    assert redone.description.startswith("登记走访")


def test_week_grid_marks_visited_due_and_overdue_weeks(db, office):
    # the widow (weekly) visited on Tue 13 Dec and Sun 25 Dec 2022, then not again
    record(db, dt.date(2022, 12, 13), [office["widow"]], staff=[office["leader"]])
    record(db, dt.date(2022, 12, 25), [office["widow"]], staff=[office["leader"]])
    grid = visits.week_grid(db, office["m1"], dt.date(2023, 1, 11), weeks=5)
    assert grid.weeks == [dt.date(2022, 12, 12), dt.date(2022, 12, 19), dt.date(2022, 12, 26),
                          dt.date(2023, 1, 2), dt.date(2023, 1, 9)]
    row = next(r for r in grid.rows if r.person.person_id == office["widow"])
    # 12 Dec visited; 19 Dec week: due 20 Dec → due; 25 Dec visited; 26 Dec week: due 1 Jan → due;
    # 2 Jan week: 1 Jan is before Monday → overdue; 9 Jan week overdue
    assert row.cells == [Status.VISITED, Status.VISITED, Status.DUE, Status.OVERDUE, Status.OVERDUE]
    assert row.days_since(dt.date(2023, 1, 11)) == 17
    assert grid.counts_this_week()[Status.OVERDUE] == 3


def test_week_counts_and_due_list(db, office):
    record(db, dt.date(2023, 1, 5), [office["widow"]], staff=[office["leader"]])
    counts = {c.code: c for c in visits.week_counts(db, office["root"], ON)}
    assert counts["T-01-01"].key_persons == 3 and counts["T-01-01"].visited == 1
    assert counts["T-01-01"].overdue == 2 and counts["T-01-01"].visits == 1
    assert counts["T-01-02"].due == 1
    due = visits.due_list(db, None, ON)
    assert [p.person_id for p in due][-1] == office["disabled"]  # overdue first, then due
    assert office["widow"] not in [p.person_id for p in due]


def test_rules_are_editable_and_undoable(db, office):
    change = visit_rules.set_interval(db, "elderly", "", 14)
    grandma = by_id(visits.key_persons(db, None, ON))[office["grandma"]]
    assert grandma.interval == 14
    change.undo()
    assert by_id(visits.key_persons(db, None, ON))[office["grandma"]].interval == 30
    visit_rules.set_interval(db, "elderly", "", 0)  # no scheduled visits for unrated elderly
    assert office["grandma"] not in by_id(visits.key_persons(db, None, ON))
    assert office["grandpa"] in by_id(visits.key_persons(db, None, ON))  # still weekly as 80+
    rules = {(r.category, r.risk_level): r for r in visit_rules.load(db).all()}
    assert rules[("elderly", "")].interval_days == 0 and not rules[("elderly", "")].is_default
    assert rules[("disabled", "高")].interval_days == 7 and rules[("disabled", "高")].is_default
    with pytest.raises(visit_rules.RuleError, match="0 到 366"):
        visit_rules.set_interval(db, "elderly", "高", 400)
    with pytest.raises(visit_rules.RuleError, match="没有这个"):
        visit_rules.set_interval(db, "nobody", "", 7)


def test_bad_visits_are_refused_with_a_sentence(db, office):
    with pytest.raises(vr.VisitError, match="晚于今天"):
        record(db, dt.date(2023, 1, 8), [office["widow"]], staff=[office["leader"]])
    with pytest.raises(vr.VisitError, match="走访人"):
        record(db, ON, [office["widow"]])
    with pytest.raises(vr.VisitError, match="同一户"):
        record(db, ON, [office["widow"], office["grandpa"]], staff=[office["leader"]])
    with pytest.raises(vr.VisitError, match="迁出"):
        record(db, ON, [office["moved"]], staff=[office["leader"]])
    with pytest.raises(vr.VisitError, match="超过 500 字"):
        vr.record_visit(db, vr.VisitInput(ON, None, [office["widow"]], [office["leader"]], needs="要" * 501),
                        today=ON)
    assert visits.visits_this_week_by_grid(db, ON) == {}


def test_dialog_helpers(db, office):
    staff = vr.visiting_staff(db, office["m1"])
    assert [s.name for s in staff] == ["李组长", "周医生", "王书记"]
    assert staff[1].role == "家庭医生"
    members = vr.members(db, office["h3"], ON)
    assert [m.name for m in members] == ["赵师傅", "赵小明"]  # the moved-out mother is not offered
    assert members[0].relation == "户主"
    households = vr.households(db, office["general"])
    assert [h.number for h in households] == ["T001", "T002", "T003"] and households[0].head == "张大爷"


def test_delete_a_mistaken_visit_and_undo(db, office):
    change = record(db, dt.date(2023, 1, 5), [office["widow"]], staff=[office["leader"]], other="志愿者小王")
    removed = vr.delete_visits(db, list(change.rows["visit"]))
    assert visits.visits_this_week_by_grid(db, ON) == {}
    removed.undo()
    widow = by_id(visits.key_persons(db, None, ON))[office["widow"]]
    assert widow.last_visit == dt.date(2023, 1, 5)


def test_week_view_is_the_week_grid_and_the_counts_read_once(village, monkeypatch):
    """The visits pane's one call gives what ``week_grid`` and ``week_counts`` give apart,
    reading the key persons once."""
    import datetime as _dt

    from gridoffice.services.visits import core as _visits

    on = _dt.date(2023, 1, 7)
    apart_grid, apart_counts = _visits.week_grid(village, None, on, 6), _visits.week_counts(village, None, on)
    calls = []
    real = _visits.key_persons
    monkeypatch.setattr(_visits, "key_persons", lambda *a, **k: calls.append(1) or real(*a, **k))
    grid, counts = _visits.week_view(village, None, on, 6)
    assert len(calls) == 1
    assert counts == apart_counts
    assert [(r.person.person_id, r.cells, r.visit_counts, r.person.last_visit) for r in grid.rows] == [
        (r.person.person_id, r.cells, r.visit_counts, r.person.last_visit) for r in apart_grid.rows]
