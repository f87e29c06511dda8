"""Households onto micro-grids: find them (by villager group, compound, building, unit, door
range, current grid or by hand) and move them in bulk. Every move is in the audit trail: one
``update household.grid_id old → new`` event per household, written with the change."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import Session

from gridoffice.domain.codes import HEAD_RELATION, GridLevel
from gridoffice.i18n import tr
from gridoffice.services.changes import Change, operation
from gridoffice.services.grids.core import catalogue
from gridoffice.services.refused import Refused
from gridoffice.services.scope import grid_subtree_ids
from gridoffice.store import Database, history
from gridoffice.store.history import UPDATE, RowChange
from gridoffice.store.models import Grid, Household, Person

# Levels a household can be assigned to.
HOLDING_LEVELS = (GridLevel.MICRO, GridLevel.DEDICATED)
_CHUNK = 500
_DOOR_NUMBER = re.compile(r"\d+")


def _chunks(items: Sequence[int], size: int = _CHUNK) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def door_number(door: str) -> int | None:
    """The first number in a door or room (``12号`` → 12, ``3-101`` → 3)."""
    m = _DOOR_NUMBER.search(door or "")
    return int(m.group()) if m else None


@dataclass(frozen=True)
class HouseholdQuery:
    grid_id: int | None = None  # households in this grid and everything below it
    unassigned: bool = False  # only households without a micro-grid
    village_group: str = ""
    compound: str = ""
    building: str = ""
    unit: str = ""
    door_from: int | None = None  # door / room number range, both ends included
    door_to: int | None = None
    text: str = ""  # part of the address or the household number
    ids: tuple[int, ...] | None = None


@dataclass(frozen=True)
class HouseholdRow:
    id: int
    number: str
    head: str
    address: str
    village_group: str
    compound: str
    building: str
    unit: str
    door: str
    grid_id: int | None
    grid_name: str


def find_households(db: Database, query: HouseholdQuery, limit: int | None = None) -> list[HouseholdRow]:
    """Households matching every criterion given, ordered by grid, group and door; at most
    ``limit`` rows (a caller that shows them asks for one more to know there are more)."""
    h = Household.__table__.c
    clauses = [h.deleted_at.is_(None)]
    with db.reading() as s:
        if query.grid_id is not None:
            clauses.append(h.grid_id.in_(grid_subtree_ids(s, query.grid_id)))
        if query.unassigned:
            holding = select(Grid.id).where(Grid.level.in_(HOLDING_LEVELS), Grid.deleted_at.is_(None))
            clauses.append(h.grid_id.is_(None) | h.grid_id.not_in(holding))
        for column, value in ((h.village_group, query.village_group), (h.compound, query.compound),
                              (h.building, query.building), (h.unit, query.unit)):
            if value:
                clauses.append(column == value)
        if query.text:
            like = f"%{query.text}%"
            clauses.append(h.address.like(like) | h.number.like(like))
        if query.ids is not None:
            clauses.append(h.id.in_(list(query.ids)))
        rows = s.execute(
            select(h.id, h.number, h.address, h.village_group, h.compound, h.building, h.unit,
                   h.door, h.grid_id)
            .select_from(Household.__table__)
            .where(*clauses)
            .order_by(h.grid_id, h.village_group, h.compound, h.building, h.unit, h.id)
        ).all()
        if query.door_from is not None or query.door_to is not None:
            lo = query.door_from if query.door_from is not None else -1
            hi = query.door_to if query.door_to is not None else 10**9
            rows = [r for r in rows if (n := door_number(r.door)) is not None and lo <= n <= hi]
        if limit is not None:
            rows = rows[:limit]
        labels = {gid: g.label for gid, g in catalogue(s).items()} if rows else {}
        heads: dict[int, str] = {}
        ids = [r.id for r in rows]
        for chunk in _chunks(ids):
            heads.update(s.execute(
                select(Person.household_id, func.min(Person.name))
                .where(Person.household_id.in_(chunk), Person.relation == HEAD_RELATION,
                       Person.deleted_at.is_(None))
                .group_by(Person.household_id)).all())
    return [HouseholdRow(r.id, r.number, heads.get(r.id, ""), r.address, r.village_group, r.compound,
                         r.building, r.unit, r.door, r.grid_id, labels.get(r.grid_id, "") if r.grid_id is not None else "")
            for r in rows]


@dataclass(frozen=True)
class AddressChoices:
    village_groups: list[str]
    compounds: list[str]
    buildings: list[str]
    units: list[str]


def address_choices(db: Database, grid_id: int | None = None) -> AddressChoices:
    """The distinct groups, compounds, buildings and units (for the filter boxes)."""
    h = Household.__table__.c
    with db.reading() as s:
        clauses = [h.deleted_at.is_(None)]
        if grid_id is not None:
            clauses.append(h.grid_id.in_(grid_subtree_ids(s, grid_id)))

        def distinct(column) -> list[str]:  # type: ignore[no-untyped-def]
            values = s.scalars(select(column).where(*clauses, column != "").distinct()).all()
            return sorted(values, key=lambda v: (door_number(v) is None, door_number(v) or 0, v))

        return AddressChoices(distinct(h.village_group), distinct(h.compound), distinct(h.building),
                              distinct(h.unit))


def set_household_grids(session: Session, mapping: dict[int, int | None]) -> dict[int, int | None]:
    """Set ``grid_id`` per household with Core updates, auditing each one (field ``grid_id``,
    old → new) and recording it in the operation's history. Returns the old grid of every
    household that actually changed."""
    ids = list(mapping)
    old: dict[int, tuple[int | None, dt.datetime]] = {}
    table = Household.__table__
    for chunk in _chunks(ids):
        old.update((hid, (gid, at)) for hid, gid, at in session.execute(
            select(table.c.id, table.c.grid_id, table.c.updated_at).where(table.c.id.in_(chunk))).all())
    now = dt.datetime.now().replace(microsecond=0)
    changes = [RowChange("household", UPDATE, (hid,), {"grid_id": old[hid][0], "updated_at": old[hid][1]},
                         {"grid_id": gid, "updated_at": now}, gid)
               for hid, gid in mapping.items() if hid in old and old[hid][0] != gid]
    history.write(session, sorted(changes, key=lambda c: c.grid_id or 0))
    return {c.key[0]: old[c.key[0]][0] for c in changes}


def move_households(db: Database, household_ids: Iterable[int], grid_id: int) -> Change:
    """Move households onto a micro-grid (or a dedicated grid). Households already there are
    left alone. Undo puts every household back where it was."""
    ids = list(dict.fromkeys(household_ids))
    if not ids:
        raise Refused(tr("没有选中任何住户。"))
    with operation(db, "") as op:
        s = op.session
        grid = s.get(Grid, grid_id)
        if grid is None or grid.deleted_at is not None:
            raise Refused(tr("目标网格不存在。"))
        if grid.level not in HOLDING_LEVELS:
            raise Refused(tr("住户只能划入微网格或专属网格，“{name}”不是。").format(name=grid.name))
        table = Household.__table__
        found = set()  # type: ignore[var-annotated]
        for chunk in _chunks(ids):
            found.update(s.scalars(select(table.c.id).where(table.c.id.in_(chunk),
                                                             table.c.deleted_at.is_(None))).all())
        missing = len(ids) - len(found)
        if missing:
            raise Refused(tr("有 {n} 户不存在或已删除，未做任何调整。").format(n=missing))
        old = set_household_grids(s, dict.fromkeys(ids, grid_id))
        op.description = tr("把 {n} 户划入{name}").format(n=len(old), name=grid.name)
        op.touch("grid", {g for g in old.values() if g is not None} | {grid_id})
    return op.change
