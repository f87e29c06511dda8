"""Households: add, edit, move to another micro-grid, recycle bin (remove / restore / purge)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select

from gridoffice.domain.codes import GridLevel
from gridoffice.i18n import tr
from gridoffice.services.changes import Change, operation
from gridoffice.services.grids.core import SEP, catalogue, order_key
from gridoffice.services.roster import household_numbers
from gridoffice.services.roster.core import (
    NotFound,
    RosterError,
    ValidationFailed,
    insert_row,
    now,
    put,
    update_row,
)
from gridoffice.store import Database, versioning
from gridoffice.store.models import (
    HEALTH_TABLES,
    Entitlement,
    Grid,
    HealthService,
    Household,
    KeyMembership,
    MedicineMove,
    Person,
    ReturneeStay,
    Visit,
)

HOUSEHOLD_FIELDS = ("number", "grid_id", "village_group", "compound", "building", "unit", "door",
                    "address", "hukou_type", "registered_here", "residence_state", "note")
# Grids a household may belong to (the lowest level of the tree).
HOME_LEVELS = (GridLevel.MICRO, GridLevel.DEDICATED)


@dataclass
class HouseholdInput:
    number: str
    grid_id: int | None
    address: str = ""
    village_group: str = ""
    compound: str = ""
    building: str = ""
    unit: str = ""
    door: str = ""
    hukou_type: str = ""
    registered_here: bool = True
    residence_state: str = "常住"
    note: str = ""

    def values(self) -> dict[str, Any]:
        data = {key: getattr(self, key) for key in HOUSEHOLD_FIELDS}
        for key, value in data.items():
            if isinstance(value, str):
                data[key] = value.strip()
        if not data["address"]:
            data["address"] = "".join(data[k] for k in ("village_group", "compound", "building", "unit", "door"))
        return data


def _check(db: Database, data: dict[str, Any], household_id: int | None) -> None:
    errors: dict[str, str] = {}
    if not data["number"]:
        errors["number"] = tr("请填写户号")
    with db.reading() as s:
        if data["number"]:
            clash = s.scalar(select(Household.id).where(
                Household.number == data["number"], Household.deleted_at.is_(None),
                Household.id != (household_id or -1)))
            if clash is not None:
                errors["number"] = tr("户号 {number} 已被另一户使用").format(number=data["number"])
        if data["grid_id"] is not None:
            _check_home_grid(s, data["grid_id"], errors)
    if errors:
        raise ValidationFailed(errors)


def _check_home_grid(s, grid_id: int, errors: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    grid = s.get(Grid, grid_id)
    if grid is None or grid.deleted_at is not None:
        errors["grid_id"] = tr("所选网格不存在")
    elif grid.level not in HOME_LEVELS:
        errors["grid_id"] = tr("住户只能归入微网格或专属网格，“{name}”是上级网格").format(name=grid.name)


def _values(db: Database, data: HouseholdInput) -> dict[str, Any]:
    """The values to store; an address left empty is composed with the community's name."""
    if not data.address.strip():
        composed = household_numbers.composed_address(
            db, data.grid_id, {k: getattr(data, k) for k in household_numbers.PARTS})
        if composed:
            return {**data.values(), "address": composed}
    return data.values()


def add_household(db: Database, data: HouseholdInput) -> Change:
    values = _values(db, data)
    _check(db, values, None)
    return insert_row(db, Household, values, tr("新增住户 {number}").format(number=values["number"]))


def edit_household(db: Database, household_id: int, data: HouseholdInput) -> Change:
    values = _values(db, data)
    _check(db, values, household_id)
    return update_row(db, Household, household_id, values,
                      tr("修改住户 {number}").format(number=values["number"]))


def move_household(db: Database, household_id: int, grid_id: int) -> Change:
    """Move a household (with its members) to another micro-grid."""
    errors: dict[str, str] = {}
    with db.reading() as s:
        household = s.get(Household, household_id)
        if household is None:
            raise NotFound(tr("住户不存在"))
        _check_home_grid(s, grid_id, errors)
        if errors:
            raise ValidationFailed(errors)
        target = s.get(Grid, grid_id)
        if household.grid_id == grid_id:
            raise RosterError(tr("该户已在“{name}”").format(name=target.name))  # type: ignore[union-attr]
    return update_row(db, Household, household_id, {"grid_id": grid_id},
                      tr("把住户 {number} 移到 {grid}").format(number=household.number, grid=target.name))  # type: ignore[union-attr]


def remove_household(db: Database, household_id: int) -> Change:
    """Put a household and its members in the recycle bin (restorable)."""
    when = now()
    with db.reading() as s:
        household = s.get(Household, household_id)
        if household is None:
            raise NotFound(tr("住户不存在"))
        members = list(s.scalars(select(Person.id).where(
            Person.household_id == household_id, Person.deleted_at.is_(None))))
    description = tr("删除住户 {number}（移入回收站）").format(number=household.number)
    return _bin(db, household_id, members, when, description)


def move_mark(on: dt.date, to: str) -> str:
    """The words a move package puts at the head of the household's note (services/exchange/moving.py)."""
    return tr("迁出：{on} 迁往 {to}。").format(on=on.isoformat(), to=to)


def without_move_mark(note: str | None, on: dt.date | None, to: str | None) -> str:
    """``note`` without the mark of the move ``on`` / ``to`` at its head (a note typed by the clerk
    is left as it is)."""
    note = note or ""
    if on is None:
        return note
    for mark in {move_mark(on, to or ""), f"迁出：{on.isoformat()} 迁往 {to or ''}。"}:  # either language
        if note.startswith(mark):
            return note[len(mark):]
    return note


def restore_household(db: Database, household_id: int) -> Change:
    """Take a household back out of the bin, with the members removed together with it. A
    household sent away with a move package no longer says it moved: ``moved_on`` / ``moved_to``
    are cleared and the move's mark taken off the head of its note, in the same operation (so the
    undo brings them back, and the next package carries the change like any edit). Its members
    keep their 迁出 status: each is set back to 在册 in the household editor, where the date shows."""
    with db.reading() as s:
        household = s.get(Household, household_id)
        if household is None or household.deleted_at is None:
            raise NotFound(tr("回收站中没有这一户"))
        members = list(s.scalars(select(Person.id).where(
            Person.household_id == household_id, Person.deleted_at == household.deleted_at)))
        clash = s.scalar(select(Household.id).where(
            Household.number == household.number, Household.deleted_at.is_(None)))
    if clash is not None:
        raise RosterError(tr("户号 {number} 已被另一户使用，无法恢复").format(number=household.number))
    description = tr("恢复住户 {number}").format(number=household.number)
    unmoved: dict[str, Any] = {}
    if household.moved_on is not None or household.moved_to is not None:
        unmoved = {"moved_on": None, "moved_to": None,
                   "note": without_move_mark(household.note, household.moved_on, household.moved_to)}
    return _bin(db, household_id, members, None, description, unmoved)


def _bin(db: Database, household_id: int, members: list[int], when: dt.datetime | None,
         description: str, also: dict[str, Any] | None = None) -> Change:
    """Into the bin (``when``) or out of it (None), the household and ``members`` together
    (``also``: more of the household's values, in the same operation)."""
    with operation(db, description) as op:
        put(op.session, Household, household_id, {"deleted_at": when, **(also or {})})
        for pid in members:
            put(op.session, Person, pid, {"deleted_at": when})
    return op.change


def purge_household(db: Database, household_id: int) -> Change:
    """Delete a binned household and its binned members for good (the second confirmation).
    Not undoable. Refused while it still has members outside the bin or records that refer
    to it (visits, campaign entitlements)."""
    with db.session() as s:
        household = s.get(Household, household_id)
        if household is None or household.deleted_at is None:
            raise RosterError(tr("只能彻底删除回收站中的住户"))
        live = s.scalar(select(func.count()).select_from(Person).where(
            Person.household_id == household_id, Person.deleted_at.is_(None))) or 0
        if live:
            raise RosterError(tr("该户还有 {n} 名成员不在回收站，不能彻底删除").format(n=live))
        members = list(s.scalars(select(Person.id).where(Person.household_id == household_id)))
        _refuse_if_referenced(s, members, household_id)
        s.execute(delete(KeyMembership).where(KeyMembership.person_id.in_(members)))
        s.execute(delete(ReturneeStay).where(ReturneeStay.person_id.in_(members)))
        for table in HEALTH_TABLES:  # they travel: the other offices hear of the deletion
            versioning.tomb_where(s.connection(), table, table.person_id.in_(members), db.operator)
            s.execute(delete(table).where(table.person_id.in_(members)))
        for pid in members:
            s.delete(s.get(Person, pid))
        s.delete(household)
    return Change.of(tr("彻底删除住户 {number}").format(number=household.number),
                     {"household": [household_id], "person": members},
                     tables=("key_membership", "returnee_stay"))


def _refuse_if_referenced(s, person_ids: list[int], household_id: int | None) -> None:  # type: ignore[no-untyped-def]
    visits = s.scalar(select(func.count()).select_from(Visit).where(
        Visit.person_id.in_(person_ids) | (Visit.household_id == (household_id or -1)))) or 0
    handed = s.scalar(select(func.count()).select_from(Entitlement).where(
        Entitlement.person_id.in_(person_ids))) or 0
    if visits or handed:
        raise RosterError(tr("有走访或发放记录引用这些人员（走访 {v} 条，发放 {e} 条），不能彻底删除，"
                             "留在回收站即可").format(v=visits, e=handed))
    services = s.scalar(select(func.count()).select_from(HealthService).where(
        HealthService.person_id.in_(person_ids) | (HealthService.household_id == (household_id or -1)))) or 0
    if services:
        raise RosterError(tr("有 {n} 条五到家服务记录引用这些人员，不能彻底删除，留在回收站即可").format(n=services))
    medicine = s.scalar(select(func.count()).select_from(MedicineMove).where(
        MedicineMove.person_id.in_(person_ids))) or 0
    if medicine:
        raise RosterError(tr("有 {n} 条药品互助记录引用这些人员，不能彻底删除，留在回收站即可").format(n=medicine))


@dataclass(frozen=True)
class MemberRow:
    """A member as the household editor shows it (plain values, no ORM object)."""

    id: int
    name: str
    relation: str | None
    sex: str | None
    birth_date: Any
    id_number: str | None
    phone: str | None
    status: str
    status_date: Any


def household_members(db: Database, household_id: int) -> list[MemberRow]:
    with db.reading() as s:
        rows = s.execute(select(Person.id, Person.name, Person.relation, Person.sex, Person.birth_date,
                                Person.id_number, Person.phone, Person.status, Person.status_date).where(
            Person.household_id == household_id, Person.deleted_at.is_(None))
            .order_by(Person.status != "在册", Person.relation, Person.birth_date, Person.id)).all()
    return [MemberRow(*row) for row in rows]


def get_household(db: Database, household_id: int) -> Household:
    with db.reading() as s:
        household = s.get(Household, household_id)
    if household is None:
        raise NotFound(tr("住户不存在"))
    return household


def household_id_by_number(db: Database, number: str) -> int | None:
    """The household (not in the recycle bin) with this 户号, or None."""
    with db.reading() as s:
        return s.scalars(select(Household.id).where(
            Household.number == number, Household.deleted_at.is_(None))).first()


def home_grids(db: Database) -> list[tuple[int, str]]:
    """Micro-grids a household can move to, as (id, "community / general / micro")."""
    with db.reading() as s:
        table = catalogue(s)
    chosen = sorted((g for g in table.values() if not g.deleted and g.level in HOME_LEVELS),
                    key=lambda g: order_key(table, g.id))
    return [(g.id, g.path.replace(SEP, " / ")) for g in chosen]
