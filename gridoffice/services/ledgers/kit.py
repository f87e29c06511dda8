"""What the ledger builders (``services/ledgers/*.py``) share: the office and grid a ledger is
for, grid names by id, addresses, key-population marks. Row generators open their own reading
session and stream, so a 150,000-person roster is never held in memory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlmodel import Session

from gridoffice.domain.codes import GridLevel
from gridoffice.domain.population import CATEGORIES
from gridoffice.i18n import tr
from gridoffice.services import settings
from gridoffice.services.grids import core as grids
from gridoffice.services.ledgers import LedgerOptions
from gridoffice.services.scope import Scope, person_filter, require_grid
from gridoffice.store import Database
from gridoffice.store.models import Grid, Household, KeyMembership, Person

STREAM_BATCH = 2000


@dataclass(frozen=True)
class Target:
    office: str  # 填报单位
    scope_name: str  # the grid the ledger is limited to ("" = the whole database)
    grid_id: int | None
    many_communities: bool  # the scope spans several villages / communities (a street office)

    def scope(self, **kw) -> Scope:  # type: ignore[no-untyped-def]
        return Scope(grid_id=self.grid_id, **kw)


@dataclass(frozen=True)
class GridPath:
    community: str
    general: str
    micro: str


def target(db: Database, options: LedgerOptions) -> Target:
    """The office and the grid scope; an unknown ``grid_code`` is a ``LedgerError``."""
    with db.reading() as s:
        office = settings.get(db, settings.OFFICE_NAME)
        roots = s.execute(select(Grid.name, Grid.level).where(Grid.parent_id.is_(None), Grid.deleted_at.is_(None))
                          .order_by(Grid.sort_order, Grid.code)).all()
        if not office:
            office = roots[0].name if roots else tr("本村（社区）")
        communities = s.scalar(select(func.count()).select_from(Grid).where(
            Grid.level == GridLevel.COMMUNITY, Grid.deleted_at.is_(None))) or 0
        if not options.grid_code:
            return Target(office, "", None, communities > 1)
        grid = require_grid(s, options.grid_code)
        parts = [p.name for p in _ancestors(s, grid) if p.level != GridLevel.STREET and p.name != office]
        scope_name = "".join(parts)
        return Target(office, scope_name, grid.id, grid.level == GridLevel.STREET and communities > 1)


def _ancestors(s: Session, grid: Grid) -> list[Grid]:
    chain = [grid]
    while chain[-1].parent_id is not None:
        parent = s.get(Grid, chain[-1].parent_id)
        if parent is None:
            break
        chain.append(parent)
    return list(reversed(chain))


def grid_paths(s: Session) -> dict[int, GridPath]:
    """Every grid id → the names of its community, general grid and micro-grid
    (from ``services.grids.core.catalogue``)."""
    return {gid: GridPath(g.community, g.general, g.micro) for gid, g in grids.catalogue(s).items()
            if not g.deleted}


NO_PATH = GridPath("", "", "")


def address(number: str, full: str, group: str, compound: str, building: str, unit: str, door: str) -> str:
    if full:
        return full
    return "".join(p for p in (group, compound, building, unit, door) if p)


def memberships_on(s: Session, scope: Scope, on: dt.date) -> dict[int, list[str]]:
    """person id → the labels of the key-population categories they belong to on ``on``."""
    stmt = (
        select(KeyMembership.person_id, KeyMembership.category)
        .join(Person, Person.id == KeyMembership.person_id)
        .join(Household, Person.household_id == Household.id)
        .where(Household.deleted_at.is_(None), person_filter(s, scope, on),
               or_(KeyMembership.since.is_(None), KeyMembership.since <= on),
               or_(KeyMembership.until.is_(None), KeyMembership.until >= on))
    )
    order = {code: i for i, code in enumerate(CATEGORIES)}
    marks: dict[int, list[str]] = {}
    for pid, category in s.execute(stmt):
        marks.setdefault(pid, []).append(category)
    return {pid: [tr(CATEGORIES[c].label) if c in CATEGORIES else c
                  for c in sorted(set(cats), key=lambda c: order.get(c, 99))]
            for pid, cats in marks.items()}


def count(db: Database, stmt: Select) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


def stream(db: Database, stmt: Select) -> Iterator:
    """Rows of ``stmt`` fetched in batches inside one reading session."""
    with db.reading() as s:
        yield from s.execute(stmt.execution_options(yield_per=STREAM_BATCH))


def yes_no(value: object) -> str:
    if value is None or value == "":
        return ""
    return tr("是") if value in (True, "true", "1", 1, "是") else tr("否")


# ---- the person columns most ledgers start with ----------------------------------------------
PERSON_FIELDS = (Household.grid_id, Household.number, Household.address, Household.village_group,
                 Household.compound, Household.building, Household.unit, Household.door,
                 Person.id, Person.name, Person.sex, Person.id_number, Person.birth_date, Person.phone)
PERSON_WIDTH = len(PERSON_FIELDS)


def person_columns(many_communities: bool) -> list:
    from gridoffice.exports.ledger import Column

    cols = [Column(tr("社区"), 12)] if many_communities else []
    return [
        *cols,
        Column(tr("一般网格"), 10, "name"),
        Column(tr("微网格"), 11, "name"),
        Column(tr("姓名"), 9, "name"),
        Column(tr("性别"), 5, "name"),
        Column(tr("公民身份号码"), 21, "id"),
        Column(tr("出生日期"), 11, "date", sensitive=True),  # would unmask the ID in public
        Column(tr("年龄"), 5, "int"),
        Column(tr("联系电话"), 13, "phone"),
        Column(tr("住址"), 22),
    ]


def person_values(row, paths: dict[int, GridPath], on: dt.date, many: bool) -> list:  # type: ignore[no-untyped-def]
    """The ``person_columns`` values from the first ``PERSON_WIDTH`` fields of ``row``."""
    from gridoffice.domain.ages import age_on

    (grid_id, number, full, group, compound, building, unit, door,
     _pid, name, sex, id_number, born, phone) = row[:PERSON_WIDTH]
    path = paths.get(grid_id, NO_PATH) if grid_id is not None else NO_PATH
    values = [path.community] if many else []
    values += [path.general, path.micro, name, sex, id_number, born,
               age_on(born, on) if born else None, phone,  # type: ignore[list-item]
               address(number, full, group, compound, building, unit, door)]
    return values


def to_date(value: object) -> dt.date | object | None:
    """An attribute stored as ISO text → a date (anything else is returned as is)."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def grid_choice(db: Database, grid_id: int | None) -> tuple[str, str] | None:
    """(code, name with its parents) of a grid, for the Export dialog's scope line."""
    if grid_id is None:
        return None
    with db.reading() as s:
        grid = s.get(Grid, grid_id)
        if grid is None or grid.deleted_at is not None:
            return None
        return grid.code, "".join(p.name for p in _ancestors(s, grid) if p.level != GridLevel.STREET)


def office_name(db: Database) -> str:
    return target(db, LedgerOptions()).office


# ---- per-grid sheets ----------------------------------------------------------------------------
GridRow = tuple[str, "int | None", "int | None", list]  # (level, grid id, community id, cells)


def with_subtotals(items: list[GridRow], subtotals: list[tuple[int, list]]) -> tuple[list[list], list[tuple[str, int | None]]]:
    """The rows of a per-grid sheet and their ``Sheet.grid_rows`` keys. With ``subtotals``
    (community id, cells of its 小计 row), each community's rows are followed by its subtotal,
    matched by id (every community has a 第1网格); rows of no listed community come last."""
    if not subtotals:
        return [cells for *_k, cells in items], [(level, gid) for level, gid, _c, _cells in items]
    rows: list[list] = []
    keys: list[tuple[str, int | None]] = []
    for community_id, cells in subtotals:
        for level, gid, cid, row in items:
            if cid == community_id:
                rows.append(row)
                keys.append((level, gid))
        rows.append(cells)
        keys.append(("community", community_id))
    known = {cid for cid, _cells in subtotals}
    for level, gid, cid, row in items:
        if cid not in known:
            rows.append(row)
            keys.append((level, gid))
    return rows, keys
