"""The operation model: one transaction, its Change and undo derived from what it wrote.

Every operation kind below is run on the demo village; undo must bring every row of every
table back exactly (compared as whole tables), redo must bring the changed state back exactly,
and a failure half-way leaves nothing written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from gridoffice.services.changes import Change, operation
from gridoffice.services.roster import households as roster_households
from gridoffice.services.roster import persons as roster_persons
from gridoffice.store import Database
from gridoffice.store.models import AuditEvent, Grid, Household, KeyMembership, Person, Setting

_TABLES = ["grid", "staff", "post", "household", "person", "key_membership", "setting", "campaign",
           "entitlement", "matter", "visit", "health_profile", "health_tier_override", "doctor_signing",
           "health_service", "health_score_rule"]


# An undo is itself a change the other offices must hear of (issue 19): it moves a row's version
# and change number on, and the change counter in `setting`. Everything else comes back exactly.
_MOVES_ON = {"version", "modified_at", "modified_by", "change_seq"}


def _state(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    with db.engine.connect() as conn:
        names = set(inspect(conn).get_table_names())  # SQLite and PostgreSQL alike
        state = {}
        for t in _TABLES:
            if t not in names:
                continue
            result = conn.execute(text(f"SELECT * FROM {t}" + (" WHERE key != 'sync.change_seq'" if t == "setting" else "")))
            keep = [i for i, c in enumerate(result.keys()) if c not in _MOVES_ON]
            state[t] = sorted((tuple(row[i] for i in keep) for row in result), key=repr)
        return state


def _some(db: Database, model: Any, *where: Any) -> Any:
    with db.reading() as s:
        return s.scalars(select(model).where(*where).order_by(model.id)).first()


def _edit_many_fields(db: Database) -> Change:
    p = _some(db, Person, Person.note == "")
    with operation(db, "改多处") as op:
        person = op.session.get(Person, p.id)
        person.note, person.phone, person.birth_date = "改过", "13900000000", dt.date(1950, 5, 6)
    return op.change


def _insert_and_delete(db: Database) -> Change:
    m = _some(db, KeyMembership)
    with operation(db, "增删") as op:
        op.session.delete(op.session.get(KeyMembership, m.id))
        op.session.add(Household(number="X-1", grid_id=m.id and _some(db, Household).grid_id))
        op.session.flush()
        op.session.add(Setting(key="test.key", value="值"))
    return op.change


def _bin_household(db: Database) -> Change:
    return roster_households.remove_household(db, _some(db, Household).id)


def _change_head(db: Database) -> Change:
    member = _some(db, Person, Person.relation != "02", Person.relation != "01",
                   Person.household_id.is_not(None), Person.status == "在册", Person.deleted_at.is_(None))
    return roster_persons.change_head(db, member.id, "配偶")


def _core_bulk(db: Database) -> Change:
    from sqlalchemy import delete

    with operation(db, "批量") as op:
        op.deleting(KeyMembership, KeyMembership.category == _some(db, KeyMembership).category)
        op.session.execute(delete(KeyMembership).where(
            KeyMembership.category == _some(db, KeyMembership).category))
    return op.change


def _person_form_with_health(db: Database) -> Change:
    """The person form's save with its 健康 tab: record, manual tier and contract in one step."""
    from gridoffice.services.health import signing
    from gridoffice.services.health.edit import HealthEdit
    from gridoffice.services.health.profiles import ProfileInput

    p = _some(db, Person, Person.deleted_at.is_(None), Person.household_id.is_not(None),
              Person.birth_date < dt.date(1950, 1, 1))
    on = dt.date(2026, 3, 1)
    health = HealthEdit(ProfileInput("高血压", "不稳定", 1, on, "未全程", True), True, ("红", "独居"), True,
                        (signing.doctors(db)[0][0], on, on + dt.timedelta(days=365)), True)
    form = roster_persons.as_input(roster_persons.get_person(db, p.id))
    form.note = "健康随访"
    return roster_persons.save_person(db, p.id, form, {}, health)


def _health_rules(db: Database) -> Change:
    from gridoffice.domain import health_tiers as ht
    from gridoffice.services.health import rules as health_rules

    return health_rules.set_many(db, {(ht.THRESHOLD, ht.YELLOW): 1, (ht.THRESHOLD, ht.RED): 2})


def _health_service(db: Database) -> Change:
    from gridoffice.services.health import services as health_services

    return health_services.record(db, _some(db, Household, Household.deleted_at.is_(None)).id, "送医到家",
                                  dt.date(2026, 3, 2), by="王医生", note="量血压")


KINDS: list[Callable[[Database], Change]] = [_edit_many_fields, _insert_and_delete, _bin_household,
                                             _change_head, _core_bulk, _person_form_with_health,
                                             _health_rules, _health_service]


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.__name__.strip("_"))
def test_undo_restores_every_row_and_redo_every_change(village: Database, kind: Callable[[Database], Change]) -> None:
    before = _state(village)
    change = kind(village)
    after = _state(village)
    assert after != before and change.undoable
    inverse = change.undo()  # type: ignore[misc]
    assert _state(village) == before
    again = inverse.undo()  # type: ignore[misc]
    assert _state(village) == after
    assert again.undo() is not None and _state(village) == before  # type: ignore[misc]


def test_the_change_names_what_it_touched(village: Database) -> None:
    h = _some(village, Household, Household.deleted_at.is_(None))
    change = roster_households.remove_household(village, h.id)
    assert h.id in change.rows["household"] and "person" in change.tables
    assert h.grid_id in change.grids
    assert change.description.startswith("删除住户")
    assert change.undo().description.startswith("撤销")  # type: ignore[misc]


def test_a_change_to_a_resident_names_the_grid_of_their_household(village: Database) -> None:
    """person → household → grid, and rows pointing at a person or a household (issue 16)."""
    p = _some(village, Person, Person.household_id.is_not(None), Person.deleted_at.is_(None))
    with village.reading() as s:
        home = s.get(Household, p.household_id).grid_id
    with operation(village, "改备注") as op:
        op.session.get(Person, p.id).note = "改过"
    assert op.change.grids == {home}
    with operation(village, "加入重点人群") as op:
        op.session.add(KeyMembership(person_id=p.id, category="elderly", attrs={}))
    assert op.change.grids == {home}
    assert op.change.undo().grids == {home}  # type: ignore[misc]
    with operation(village, "只改设置") as op:
        op.session.add(Setting(key="test.grids", value="1"))
    assert op.change.grids == frozenset()


def test_a_failing_later_step_writes_nothing(village: Database) -> None:
    before = _state(village)
    p = _some(village, Person)
    with pytest.raises(RuntimeError), operation(village, "半途") as op:
        op.session.get(Person, p.id).note = "第一步"
        op.session.flush()
        op.session.add(Grid(level="网格", code="T-1", name="新"))
        op.session.flush()
        raise RuntimeError("第二步失败")
    assert _state(village) == before


def test_undo_and_redo_are_audited(village: Database) -> None:
    p = _some(village, Person)
    with operation(village, "改备注") as op:
        op.session.get(Person, p.id).note = "甲"
    op.change.undo()  # type: ignore[misc]
    with village.reading() as s:
        trail = s.scalars(select(AuditEvent).where(AuditEvent.table_name == "person",
                                                   AuditEvent.row_id == p.id, AuditEvent.field == "note")
                          .order_by(AuditEvent.id)).all()
    assert [(e.old or "", e.new or "") for e in trail][-2:] == [(p.note, "甲"), ("甲", p.note)]


def test_undo_is_refused_once_the_row_is_gone(village: Database) -> None:
    from gridoffice.store.errors import StoreError

    h = _some(village, Household)
    with operation(village, "新户") as op:
        op.session.add(Household(number="X-9", grid_id=h.grid_id))
    new_id = max(op.change.rows["household"])
    with village.session() as s:
        s.delete(s.get(Household, new_id))
    with pytest.raises(StoreError):
        op.change.undo()  # type: ignore[misc]


def test_save_person_is_one_step_and_a_bad_category_saves_nothing(village: Database) -> None:
    from gridoffice.services.roster.core import ValidationFailed

    hid = _some(village, Household).id
    before = _state(village)
    with pytest.raises(ValidationFailed):
        roster_persons.save_person(village, None, roster_persons.PersonInput("王新", hid, "其他亲属", ""),
                                   {"chronic": {"illness": "高血压"}, "no-such-category": {}})
    assert _state(village) == before
    change = roster_persons.save_person(village, None, roster_persons.PersonInput("王新", hid, "其他亲属", ""),
                                        {"chronic": {"illness": "高血压"}})
    assert set(change.tables) >= {"person", "key_membership"}
    change.undo()  # type: ignore[misc]
    assert _state(village) == before


def test_a_refused_health_part_saves_nothing_of_the_person(village: Database) -> None:
    from gridoffice.services.health import signing
    from gridoffice.services.health.edit import HealthEdit

    p = _some(village, Person, Person.deleted_at.is_(None), Person.household_id.is_not(None))
    form = roster_persons.as_input(roster_persons.get_person(village, p.id))
    form.note = "不该留下"
    before = _state(village)
    on = dt.date(2026, 3, 1)
    with pytest.raises(signing.SigningError):
        roster_persons.save_person(village, p.id, form, {}, HealthEdit(contract=(-1, on, on), contract_changed=True))
    assert _state(village) == before
