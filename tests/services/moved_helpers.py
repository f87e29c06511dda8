"""Households of the demo village sent away with real move packages, for the 迁出 ledger's tests."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from gridoffice.domain.codes import HEAD_RELATION
from gridoffice.services.exchange import moving
from gridoffice.store import Database
from gridoffice.store.models import Grid, Household, Person

DAYS = (dt.date(2022, 12, 20), dt.date(2023, 1, 3), dt.date(2023, 1, 5))


@dataclass(frozen=True)
class Moved:
    household_id: int
    number: str
    head: str
    persons: int
    grid_id: int
    on: dt.date
    to: str


def move_households(db: Database) -> list[Moved]:
    """Four households moved: two from one micro-grid, one from another micro-grid of the same
    general grid, one from a micro-grid of another general grid, on three days."""
    with db.reading() as s:
        micro = s.execute(select(Grid.id, Grid.parent_id).where(Grid.level == "micro", Grid.deleted_at.is_(None))
                          .order_by(Grid.id)).all()
    first = micro[0]
    same_general = next(g for g in micro if g.parent_id == first.parent_id and g.id != first.id)
    other_general = next(g for g in micro if g.parent_id != first.parent_id)
    plan = [(first.id, DAYS[0]), (first.id, DAYS[1]), (same_general.id, DAYS[1]), (other_general.id, DAYS[2])]
    out = []
    folder = Path(tempfile.mkdtemp(prefix="moves-"))
    taken: set[int] = set()
    for i, (grid_id, on) in enumerate(plan):
        hid, number, head, persons = _a_household(db, grid_id, taken)
        taken.add(hid)
        to = ("乙村", "510124100202")[i % 2]
        done = moving.send(db, number, to, folder / f"{i}.gopkg", on=on)
        out.append(Moved(hid, number, head, persons, grid_id, on, moving._label(done.to)))
    return out


def _a_household(db: Database, grid_id: int, taken: set[int]) -> tuple[int, str, str, int]:
    """A household of the grid with a 户主 and members 在册 (id, 户号, 户主, members 在册)."""
    with db.reading() as s:
        active = (select(Person.household_id, func.count().label("n")).where(
            Person.status == "在册", Person.deleted_at.is_(None)).group_by(Person.household_id).subquery())
        rows = s.execute(select(Household.id, Household.number, Person.name, active.c.n)
                         .join(active, active.c.household_id == Household.id)
                         .join(Person, Person.household_id == Household.id)
                         .where(Household.grid_id == grid_id, Household.deleted_at.is_(None),
                                Person.relation == HEAD_RELATION, Person.status == "在册", Person.deleted_at.is_(None))
                         .order_by(Household.id)).all()
    hid, number, head, n = next(r for r in rows if r[0] not in taken)
    return hid, number, head, int(n)
