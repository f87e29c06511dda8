"""How far a new office has come: grids, households and staff on the database (three counts,
milliseconds even on a street database), for the getting-started guide of an empty database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from gridoffice.store import Database
from gridoffice.store.models import Grid, Household, Staff


@dataclass(frozen=True)
class SetupState:
    grids: int
    households: int
    staff: int

    @property
    def complete(self) -> bool:
        return bool(self.grids and self.households and self.staff)


def state(db: Database) -> SetupState:
    with db.reading() as s:
        return SetupState(
            grids=s.scalar(select(func.count()).select_from(Grid).where(Grid.deleted_at.is_(None))) or 0,
            households=s.scalar(select(func.count()).select_from(Household)
                                .where(Household.deleted_at.is_(None))) or 0,
            staff=s.scalar(select(func.count()).select_from(Staff)) or 0,
        )
