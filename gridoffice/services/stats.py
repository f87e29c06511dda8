"""Counts for the overview pane and ``gridoffice stats``."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from sqlalchemy import func, select

from gridoffice.domain.ages import latest_birth_for_age
from gridoffice.domain.codes import GridLevel, PersonStatus
from gridoffice.domain.population import ELDERLY_AGE, OLDEST_OLD_AGE
from gridoffice.store import Database
from gridoffice.store.models import Grid, Household, Person, Staff


@dataclass(frozen=True)
class Counts:
    on: dt.date
    communities: int
    general_grids: int
    micro_grids: int
    staff: int
    households: int
    persons: int
    aged_60_plus: int
    aged_80_plus: int

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["on"] = self.on.isoformat()
        return data


def counts(db: Database, on: dt.date | None = None) -> Counts:
    on = on or dt.date.today()
    with db.reading() as s:
        levels = dict(
            s.execute(
                select(Grid.level, func.count()).where(Grid.deleted_at.is_(None)).group_by(Grid.level)
            ).all()
        )
        staff = s.scalar(select(func.count()).select_from(Staff).where(Staff.active)) or 0
        households = s.scalar(
            select(func.count()).select_from(Household).where(Household.deleted_at.is_(None))
        ) or 0
        active = (Person.status == PersonStatus.ACTIVE) & Person.deleted_at.is_(None)
        persons = s.scalar(select(func.count()).select_from(Person).where(active)) or 0

        def aged(n: int) -> int:
            cutoff = latest_birth_for_age(n, on)
            return s.scalar(
                select(func.count()).select_from(Person).where(active, Person.birth_date <= cutoff)
            ) or 0

        return Counts(
            on=on,
            communities=levels.get(GridLevel.COMMUNITY, 0),
            general_grids=levels.get(GridLevel.GENERAL, 0),
            micro_grids=levels.get(GridLevel.MICRO, 0),
            staff=staff,
            households=households,
            persons=persons,
            aged_60_plus=aged(ELDERLY_AGE),
            aged_80_plus=aged(OLDEST_OLD_AGE),
        )
