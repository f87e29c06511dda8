"""The aggregate level: counts per grid and period, nothing about any one person."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gridoffice.domain.ages import latest_birth_for_age
from gridoffice.domain.codes import PersonStatus
from gridoffice.domain.population import ELDERLY_AGE, OLDEST_OLD_AGE
from gridoffice.store.models import (
    Entitlement,
    Grid,
    Household,
    KeyMembership,
    Matter,
    Person,
    Visit,
)


def counts(s: Session, on: dt.date) -> list[dict[str, Any]]:
    """One line per grid that has anything to count: ``grid_uuid``, ``grid_code``,
    ``grid_name``, ``period`` (the month of ``on``) and ``counts``."""
    period = on.strftime("%Y-%m")
    start = on.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    per: dict[int, dict[str, int]] = defaultdict(dict)
    live = (Person.status == PersonStatus.ACTIVE) & Person.deleted_at.is_(None)
    house = Household.deleted_at.is_(None)
    for gid, n in s.execute(select(Household.grid_id, func.count()).where(house).group_by(Household.grid_id)):
        per[gid]["households"] = n
    base = select(Household.grid_id, func.count()).join(Person, Person.household_id == Household.id)
    for key, extra in (("persons", None), ("aged_60_plus", latest_birth_for_age(ELDERLY_AGE, on)),
                       ("aged_80_plus", latest_birth_for_age(OLDEST_OLD_AGE, on))):
        stmt = base.where(live, house)
        if extra is not None:
            stmt = stmt.where(Person.birth_date <= extra)
        for gid, n in s.execute(stmt.group_by(Household.grid_id)):
            per[gid][key] = n
    stmt = (select(Household.grid_id, KeyMembership.category, func.count(func.distinct(Person.id)))  # type: ignore[assignment]
            .join(Person, Person.household_id == Household.id).join(KeyMembership, KeyMembership.person_id == Person.id)
            .where(live, house).group_by(Household.grid_id, KeyMembership.category))
    for gid, category, n in s.execute(stmt):
        per[gid][f"key.{category}"] = n
    for gid, n in s.execute(select(Entitlement.grid_id, func.count()).where(Entitlement.state == "handed")
                            .group_by(Entitlement.grid_id)):
        per[gid]["kits_handed"] = n
    for gid, n in s.execute(select(Entitlement.grid_id, func.count()).where(Entitlement.state != "withdrawn")
                            .group_by(Entitlement.grid_id)):
        per[gid]["kits_listed"] = n  # the coverage's denominator at the street (issue 19)
    for gid, n in s.execute(select(Visit.grid_id, func.count()).where(Visit.visit_date >= start, Visit.visit_date < end)
                            .group_by(Visit.grid_id)):
        per[gid]["visits_in_period"] = n
    for gid, n in s.execute(select(Matter.grid_id, func.count())
                            .where(Matter.reported_at >= dt.datetime.combine(start, dt.time()),
                                   Matter.reported_at < dt.datetime.combine(end, dt.time()))
                            .group_by(Matter.grid_id)):
        per[gid]["matters_in_period"] = n
    grids = {g.id: g for g in s.execute(select(Grid.id, Grid.uuid, Grid.code, Grid.name)).all()}
    out = []
    for gid in sorted(per, key=lambda g: (g is None, g or 0)):
        g = grids.get(gid) if gid is not None else None
        out.append({"grid_uuid": g.uuid if g else "", "grid_code": g.code if g else "",
                    "grid_name": g.name if g else "", "period": period, "counts": dict(sorted(per[gid].items()))})
    return out
