"""Who a list, a ledger or a campaign is about: a grid (and everything under it), a key
population or age group, returnees present on a date. One definition, used by the roster lists,
every export and the campaigns, so "the same filters scope every export"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, and_, exists, or_, select
from sqlmodel import Session

from gridoffice.domain.ages import latest_birth_for_age
from gridoffice.domain.codes import PersonStatus
from gridoffice.domain.population import CHILD_AGE, ELDERLY_AGE, OLDEST_OLD_AGE
from gridoffice.i18n import tr
from gridoffice.services.errors import ServiceError
from gridoffice.store import Database
from gridoffice.store.models import Grid, Household, KeyMembership, Person, ReturneeStay

# Age groups are computed from the birth date, never stored.
AGE_GROUPS = {"aged_60_plus": ELDERLY_AGE, "aged_80_plus": OLDEST_OLD_AGE}
CHILDREN = "children"


@dataclass(frozen=True)
class Scope:
    grid_id: int | None = None  # this grid and every grid under it; None = everyone
    category: str | None = None  # a population.CATEGORIES code, an AGE_GROUPS key or CHILDREN
    returnees_on: dt.date | None = None  # only returnees present on that date
    returnees_gone_on: dt.date | None = None  # only returnees expected gone by then, departure not recorded
    include_inactive: bool = False  # also 迁出 / 死亡
    ages: tuple[int, int | None] | None = None  # aged from … to (both included; None: and older) on the day
    sex: str | None = None  # 男 / 女


def grid_subtree_ids(session: Session, grid_id: int) -> list[int]:
    """The grid and all its descendants (not deleted)."""
    return list(subtree_owners(session, [grid_id]))


def subtree_owners(session: Session, roots: Iterable[int]) -> dict[int, int]:
    """Every live grid under one of ``roots`` (the roots included) → the root it is under, in
    one read of the grid table (a chart's 18 communities asked for one by one cost 40 ms). A
    root under another root keeps its own subtree."""
    rows = session.execute(select(Grid.id, Grid.parent_id).where(Grid.deleted_at.is_(None))).all()
    children: dict[int | None, list[int]] = {}
    for gid, parent in rows:
        children.setdefault(parent, []).append(gid)
    roots = list(roots)
    chosen = set(roots)
    found: dict[int, int] = {}
    for root in roots:
        todo = [root]
        while todo:
            gid = todo.pop()
            found[gid] = root
            todo.extend(c for c in children.get(gid, ()) if c not in chosen)
    return found


class UnknownGrid(ServiceError):
    """A grid code that names no grid (or only a deleted one): the one refusal for it."""

    def __init__(self, code: str) -> None:
        super().__init__(tr("没有编码为 {code} 的网格。").format(code=code))
        self.code = code


def grid_by_code(session: Session, code: str) -> Grid | None:
    """The one grid-by-code lookup: the live grid with ``code``, or None."""
    return session.scalars(select(Grid).where(Grid.code == code, Grid.deleted_at.is_(None))).first()


def require_grid(session: Session, code: str) -> Grid:
    """The live grid with ``code``; an unknown code is ``UnknownGrid``."""
    grid = grid_by_code(session, code)
    if grid is None:
        raise UnknownGrid(code)
    return grid


def grid_id_by_code(db: Database, code: str) -> int:
    """The id of the live grid with ``code`` (for callers without a session: cli/, ui/)."""
    with db.reading() as s:
        grid_id = require_grid(s, code).id
    assert grid_id is not None
    return grid_id


def returnee_present(day: dt.date):  # type: ignore[no-untyped-def]
    """The one definition of a returnee stay present on ``day``: arrived by then, and not gone —
    the recorded departure is on or after the day or, none being recorded, the expected
    departure is (a stay without either is open-ended)."""
    return and_(
        ReturneeStay.arrived_on <= day,
        or_(ReturneeStay.left_on >= day,
            and_(ReturneeStay.left_on.is_(None),
                 or_(ReturneeStay.expected_departure.is_(None), ReturneeStay.expected_departure >= day))),
    )


def returnee_expected_gone(day: dt.date):  # type: ignore[no-untyped-def]
    """A stay whose expected departure is past on ``day`` with no departure recorded (预计已离开)."""
    return and_(ReturneeStay.arrived_on <= day, ReturneeStay.left_on.is_(None),
                ReturneeStay.expected_departure < day)


def person_filter(session: Session, scope: Scope, on: dt.date):  # type: ignore[no-untyped-def]
    """A WHERE clause over ``Person`` (joined to ``Household``) for the scope."""
    clauses = [Person.deleted_at.is_(None)]
    if not scope.include_inactive:
        clauses.append(Person.status == PersonStatus.ACTIVE)
    if scope.grid_id is not None:
        clauses.append(Household.grid_id.in_(grid_subtree_ids(session, scope.grid_id)))
    category = scope.category
    if category in AGE_GROUPS:
        clauses.append(Person.birth_date <= latest_birth_for_age(AGE_GROUPS[category], on))
    elif category == CHILDREN:
        clauses.append(Person.birth_date > latest_birth_for_age(CHILD_AGE, on))
    elif category:
        clauses.append(
            exists().where(
                KeyMembership.person_id == Person.id,
                KeyMembership.category == category,
                or_(KeyMembership.until.is_(None), KeyMembership.until >= on),
            )
        )
    if scope.ages is not None:
        youngest, oldest = scope.ages
        clauses.append(Person.birth_date <= latest_birth_for_age(youngest, on))
        if oldest is not None:
            clauses.append(Person.birth_date > latest_birth_for_age(oldest + 1, on))
    if scope.sex is not None:
        clauses.append(Person.sex == scope.sex)
    if scope.returnees_on is not None:
        clauses.append(exists().where(ReturneeStay.person_id == Person.id, returnee_present(scope.returnees_on)))
    if scope.returnees_gone_on is not None:
        day = scope.returnees_gone_on
        clauses.append(exists().where(ReturneeStay.person_id == Person.id, returnee_expected_gone(day)))
        clauses.append(~exists().where(ReturneeStay.person_id == Person.id, returnee_present(day)))
    return and_(*clauses)


def persons_select(session: Session, scope: Scope, on: dt.date) -> Select:
    """``SELECT Person, Household`` for the scope, ordered by grid, household number, relation."""
    return (
        select(Person, Household)
        .join(Household, Person.household_id == Household.id)
        .where(Household.deleted_at.is_(None), person_filter(session, scope, on))
        .order_by(Household.grid_id, Household.number, Person.relation, Person.id)
    )
