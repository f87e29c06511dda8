"""What the roster tables show, shaped for lazy views: first the ordered ids (sorting in SQL),
then the rows for the ids on screen. Persons are scoped with ``services.scope`` (the same
filters every export uses); households by grid subtree. Also counts per grid and the bin."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.selectable import Join

from gridoffice.domain.ages import age_on, latest_birth_for_age
from gridoffice.domain.codes import HEAD_RELATION, PersonStatus, relation_name
from gridoffice.domain.population import ELDERLY_AGE, category_label
from gridoffice.i18n import tr
from gridoffice.services.grids.core import catalogue
from gridoffice.services.scope import Scope, grid_subtree_ids, person_filter
from gridoffice.store import Database, maintenance
from gridoffice.store.models import Household, KeyMembership, Person


def grid_paths(s) -> dict[int, str]:  # type: ignore[no-untyped-def]
    """Grid id → its label: the name, or the path where the name repeats (at street scale every
    community has a 第1网格 and every general grid a 第1微网格); see ``grids.catalogue``."""
    return {gid: g.label for gid, g in catalogue(s).items()}


# ---- planner statistics ----------------------------------------------------------------------
def ensure_planner_stats(db: Database) -> None:
    """Kept for the lists' callers: the store gives a database its statistics when it opens."""
    maintenance.ensure_stats(db.engine)


# ---- households ----------------------------------------------------------------------------
HOUSEHOLD_SORTS = ("number", "address", "head", "members", "grid")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HouseholdRow:
    id: int
    number: str
    address: str
    grid: str
    head: str
    members: int
    flags: str


def _active():  # type: ignore[no-untyped-def]
    return and_(Person.deleted_at.is_(None), Person.status == PersonStatus.ACTIVE)


def household_ids(db: Database, grid_id: int | None, sort: str = "number", descending: bool = False) -> list[int]:
    """Households of a grid subtree (None: all), ordered in SQL."""
    ensure_planner_stats(db)
    with db.reading() as s:
        stmt = select(Household.id).where(Household.deleted_at.is_(None))
        if grid_id is not None:
            stmt = stmt.where(Household.grid_id.in_(grid_subtree_ids(s, grid_id)))
        if sort == "head":
            heads = (select(Person.household_id, func.min(Person.name_pinyin).label("key"))
                     .where(Person.relation == HEAD_RELATION, Person.deleted_at.is_(None))
                     .group_by(Person.household_id).subquery())
            stmt = stmt.outerjoin(heads, heads.c.household_id == Household.id)
            key = heads.c.key
        elif sort == "members":
            sizes = (select(Person.household_id, func.count().label("n")).where(_active())
                     .group_by(Person.household_id).subquery())
            stmt = stmt.outerjoin(sizes, sizes.c.household_id == Household.id)
            key = func.coalesce(sizes.c.n, 0)  # type: ignore[assignment]
        elif sort == "grid":
            key = Household.grid_id
        elif sort == "address":
            key = Household.address
        else:
            key = Household.number
        stmt = stmt.order_by(key.desc() if descending else key, Household.id)
        return list(s.connection().execute(stmt).scalars())  # Core rows: ids only


def household_rows(db: Database, ids: Sequence[int], on: dt.date | None = None) -> dict[int, HouseholdRow]:
    on = on or dt.date.today()
    if not ids:
        return {}
    elderly = latest_birth_for_age(ELDERLY_AGE, on)
    with db.reading() as s:
        base = s.execute(select(Household.id, Household.number, Household.address, Household.grid_id)
                         .where(Household.id.in_(ids))).all()
        paths = grid_paths(s)
        # Only household_id in the WHERE: a status filter there makes SQLite pick the status
        # index and read every active person (seconds at street scale).
        active = and_(Person.deleted_at.is_(None), Person.status == PersonStatus.ACTIVE)
        people = s.execute(select(
            Person.household_id, func.sum(case((active, 1), else_=0)),
            func.max(case((and_(active, Person.relation == HEAD_RELATION), Person.name), else_=None)),
            func.sum(case((and_(active, Person.birth_date <= elderly), 1), else_=0)),
            func.sum(case((and_(active, Person.id_number.is_(None)), 1), else_=0)),
        ).where(Person.household_id.in_(ids)).group_by(Person.household_id)).all()
        keys = s.execute(select(Person.household_id, KeyMembership.category, Person.status, Person.deleted_at)
                         .join(KeyMembership, KeyMembership.person_id == Person.id)
                         .where(Person.household_id.in_(ids))).all()
    info = {r[0]: r for r in people}
    cats: dict[int, list[str]] = {}
    for hid, cat, status, deleted in keys:
        label = category_label(cat)
        if status == PersonStatus.ACTIVE and deleted is None and label not in cats.get(hid, []):
            cats.setdefault(hid, []).append(label)
    out = {}
    for hid, number, address, grid_id in base:
        grid = paths.get(grid_id, "")
        _, count, head, old, no_id = info.get(hid, (hid, 0, None, 0, 0))
        flags = sorted(cats.get(hid, []))
        if old:
            flags.insert(0, tr("60+×{n}").format(n=old))
        if no_id:
            flags.append(tr("缺身份证×{n}").format(n=no_id))
        if not count:
            flags.append(tr("无在册成员"))
        elif head is None:
            flags.append(tr("无户主"))
        out[hid] = HouseholdRow(hid, number, address, grid or "", head or "", count, "、".join(flags))
    return out


# ---- persons -------------------------------------------------------------------------------
PERSON_SORTS = ("name", "age", "grid", "household", "status")


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    sex: str
    age: int | None
    id_number: str
    phone: str
    relation: str
    household_id: int | None
    household_number: str
    address: str
    grid: str
    status: str
    categories: str


class _HouseholdsFirst(Join):
    """``household JOIN person``, which SQLite is told not to reorder (``CROSS JOIN``)."""

    inherit_cache = True


@compiles(_HouseholdsFirst, "sqlite")
def _households_first(join, compiler, **kw):  # type: ignore[no-untyped-def]
    return compiler.visit_join(join, **kw).replace(" JOIN ", " CROSS JOIN ", 1)


def person_ids(db: Database, scope: Scope, on: dt.date | None = None, sort: str = "household",
               descending: bool = False, limit: int | None = None) -> list[int]:
    """The ids of the list in its order. ``limit``: only the first ones (the first screen of a
    whole street's list, painted while the rest is read: SQLite keeps only the top rows while
    sorting, and 148,000 ids are not handed to Python)."""
    on = on or dt.date.today()
    ensure_planner_stats(db)
    keys = {
        "name": (Person.name_pinyin,),
        "age": (Person.birth_date.desc(),) if not descending else (Person.birth_date,),
        "grid": (Household.grid_id, Household.number),
        "status": (Person.status,),
    }.get(sort, (Household.grid_id, Household.number, Person.relation))
    if sort != "age" and descending:
        keys = tuple(k.desc() for k in keys)
    # in household order (the default, and by grid) SQLite is to walk the households by grid and
    # their persons, sorting only within a grid; left to itself it took the persons by the status
    # index and sorted all 148,000 (street, load 9: all ids 1.54 → 0.25 s, the first 200 5 s → 0.00 s)
    households_first = sort in ("household", "grid")
    joined = (_HouseholdsFirst if households_first else Join)(Household if households_first else Person,
                                                                Person if households_first else Household,
                                                                Person.household_id == Household.id)
    with db.reading() as s:
        stmt = (select(Person.id).select_from(joined)
                .where(Household.deleted_at.is_(None), person_filter(s, scope, on))
                .order_by(*keys, Person.id))
        if limit is not None:
            stmt = stmt.limit(limit)
        return list(s.connection().execute(stmt).scalars())  # Core: the ORM's row handling of 148,000 ids cost 0.4 s


def person_rows(db: Database, ids: Sequence[int], on: dt.date | None = None) -> dict[int, PersonRow]:
    on = on or dt.date.today()
    if not ids:
        return {}
    with db.reading() as s:
        rows = s.execute(select(Person, Household.number, Household.address, Household.grid_id)
                         .outerjoin(Household, Household.id == Person.household_id)
                         .where(Person.id.in_(ids))).all()
        paths = grid_paths(s)
        cats: dict[int, list[str]] = {}
        for pid, cat in s.execute(select(KeyMembership.person_id, KeyMembership.category)
                                  .where(KeyMembership.person_id.in_(ids))):
            cats.setdefault(pid, []).append(category_label(cat))
    out = {}
    for p, number, address, grid_id in rows:
        grid = paths.get(grid_id, "")
        status = p.status if p.status == PersonStatus.ACTIVE else f"{p.status} {p.status_date or ''}".strip()
        out[p.id] = PersonRow(p.id, p.name, p.sex or "", age_on(p.birth_date, on) if p.birth_date else None,
                              p.id_number or "", p.phone or "", relation_name(p.relation), p.household_id,
                              number or "", p.current_address or address or "", grid or "", status,
                              "、".join(sorted(cats.get(p.id, []))))
    return out


def counts_per_grid(db: Database, scope: Scope, on: dt.date | None = None) -> list[tuple[int | None, str, int]]:
    """(micro-grid id, name, persons) for the scope, biggest first."""
    on = on or dt.date.today()
    ensure_planner_stats(db)
    with db.reading() as s:
        rows = s.execute(
            select(Household.grid_id, func.count())
            .select_from(Person).join(Household, Person.household_id == Household.id)
            .where(Household.deleted_at.is_(None), person_filter(s, scope, on))
            .group_by(Household.grid_id)).all()
        paths = grid_paths(s)
    rows = sorted(rows, key=lambda r: (-r[1], paths.get(r[0], "") if r[0] is not None else ""))
    return [(gid, paths.get(gid, str(gid)) if gid is not None else tr("未分网格"), n) for gid, n in rows]


# ---- recycle bin ---------------------------------------------------------------------------
@dataclass(frozen=True)
class BinItem:
    kind: str  # "household" / "person"
    id: int
    title: str
    detail: str
    deleted_at: dt.datetime
    moved_on: dt.date | None = None  # a household sent to another office (``moved_to``)
    moved_to: str = ""


def recycle_bin(db: Database) -> list[BinItem]:
    """Everything removed and not purged, newest first. Members removed with their household
    are listed under the household only; a household moved to another office carries the day
    and the destination (``moved_on`` / ``moved_to``)."""
    with db.reading() as s:
        households = s.execute(select(Household).where(Household.deleted_at.is_not(None))).scalars().all()
        binned = {h.id: h.deleted_at for h in households}
        members = dict(s.execute(select(Person.household_id, func.count()).where(
            Person.household_id.in_(list(binned)), Person.deleted_at.is_not(None))
            .group_by(Person.household_id)).all()) if binned else {}
        persons = s.execute(select(Person, Household.number).outerjoin(
            Household, Household.id == Person.household_id).where(Person.deleted_at.is_not(None))).all()
    items = [BinItem("household", h.id, tr("住户 {number}").format(number=h.number),
                     tr("{address}，成员 {n} 人").format(address=h.address, n=members.get(h.id, 0)),
                     h.deleted_at, h.moved_on, h.moved_to or "") for h in households]
    for p, number in persons:
        if p.household_id in binned and binned[p.household_id] == p.deleted_at:
            continue
        items.append(BinItem("person", p.id, p.name, tr("户号 {number}").format(number=number or "—"),
                             p.deleted_at))
    items.sort(key=lambda i: (i.deleted_at, i.id), reverse=True)
    return items
