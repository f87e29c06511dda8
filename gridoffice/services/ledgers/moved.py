"""迁出住户登记表: the households sent to another office with a move package (issue 19:
``household.moved_on`` / ``moved_to``, services/exchange/moving.py) — the records upper levels ask
for. Internal: one row per household (户号, 户主, the members who left, the grid it left by id, the
day, the destination), oldest grid first in tree order; and the counts per micro-grid. The public
version is the counts alone, small ones hidden (a grid with one moved family names it to its
neighbours). ``--from / --to`` limit it to the moves of a period; without them every move is listed.

A member marked 迁出 one by one in the household editor is not a moved household (no destination,
the household stays): it is the person's status, in the roster.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select
from sqlmodel import Session

from gridoffice.domain.ages import parse_loose_date
from gridoffice.domain.codes import HEAD_RELATION, PersonStatus
from gridoffice.exports.ledger import Column, Ledger, Sheet
from gridoffice.i18n import N_, tr
from gridoffice.services.grids import counts as grid_counts
from gridoffice.services.grids.core import GridInfo, catalogue, order_key
from gridoffice.services.ledgers import LedgerOptions, kit, register
from gridoffice.services.scope import grid_subtree_ids
from gridoffice.store import Database
from gridoffice.store.models import Household, Person

TITLE = N_("迁出住户登记表")
FIGURES = (("households", N_("迁出户数")), ("persons", N_("迁出人数")))
LIST_COLUMNS = (
    Column(N_("户号"), 14, "code"),
    Column(N_("户主"), 9, "name"),
    Column(N_("人数"), 5, "int"),
    Column(N_("原网格"), 24),
    Column(N_("原住址"), 22),
    Column(N_("迁出日期"), 11, "date"),
    Column(N_("迁往"), 22),
)


@dataclass(frozen=True)
class MovedRow:
    household_id: int
    number: str
    head: str
    persons: int  # the members who left with it (迁出 on the day it moved)
    grid_id: int | None  # the grid it left, by id (None: none)
    address: str
    moved_on: dt.date
    moved_to: str


def moved_households(db: Database, grid_id: int | None, start: dt.date | None = None,
                     end: dt.date | None = None) -> list[MovedRow]:
    """The households with ``moved_on`` in the scope (``grid_id`` and the grids under it; None:
    all, unassigned ones too) and the period, in tree order of their grid, then by day and 户号."""
    with db.reading() as s:
        table = catalogue(s)
        stmt = select(Household.id, Household.number, Household.grid_id, Household.address, Household.moved_on,
                      Household.moved_to).where(Household.moved_on.is_not(None))
        if grid_id is not None:
            stmt = stmt.where(Household.grid_id.in_(grid_subtree_ids(s, grid_id)))
        if start is not None:
            stmt = stmt.where(Household.moved_on >= start)
        if end is not None:
            stmt = stmt.where(Household.moved_on <= end)
        found = s.execute(stmt).all()
        heads, left = _members(s, [r.id for r in found])
    rows = [MovedRow(r.id, r.number, heads.get(r.id, ""), left.get(r.id, 0), r.grid_id, r.address or "",
                     r.moved_on, r.moved_to or "") for r in found]
    rows.sort(key=lambda r: (order_key(table, r.grid_id), r.moved_on, r.number, r.household_id))
    return rows


def _members(s: Session, ids: list[int]) -> tuple[dict[int, str], dict[int, int]]:
    """Per household: the 户主's name, and how many members left on the day it moved."""
    if not ids:
        return {}, {}
    heads: dict[int, str] = {}
    for hid, name in s.execute(select(Person.household_id, Person.name).where(
            Person.household_id.in_(ids), Person.relation == HEAD_RELATION, Person.deleted_at.is_(None))
            .order_by(Person.id)):
        heads.setdefault(hid, name)
    left = dict(s.execute(select(Person.household_id, func.count()).join(
        Household, and_(Household.id == Person.household_id, Household.moved_on == Person.status_date)).where(
        Person.household_id.in_(ids), Person.status == PersonStatus.MOVED_OUT.value, Person.deleted_at.is_(None))
        .group_by(Person.household_id)).all())
    return heads, left


def _period(options: LedgerOptions) -> tuple[dt.date | None, dt.date | None]:
    """``--from / --to``; one of them alone runs to the ledger date / from the first move."""
    start = parse_loose_date(options.extra.get("from"))
    end = parse_loose_date(options.extra.get("to"))
    if start is not None and end is None:
        end = options.on
    return start, end


@register("moved", TITLE)
def build(db: Database, options: LedgerOptions) -> Ledger:
    target = kit.target(db, options)
    start, end = _period(options)
    title, counts_title = tr(TITLE), tr("各微网格迁出住户")
    if start is not None or end is not None:  # the period on every sheet's printed title
        span = {"start": start.isoformat() if start else "", "end": end.isoformat() if end else ""}
        title = tr("{title}（{start} 至 {end}）").format(title=title, **span)
        counts_title = tr("{title}（{start} 至 {end}）").format(title=counts_title, **span)
    rows = moved_households(db, target.grid_id, start, end)
    with db.reading() as s:
        table = catalogue(s)
        inside = set(grid_subtree_ids(s, target.grid_id)) if target.grid_id is not None else None
    micro = grid_counts.micro_grids(table, inside)
    homes = set(micro)
    per: dict[int, dict[str, int]] = {}
    none = {"households": 0, "persons": 0}  # no grid, or one no longer there: counted by itself
    for r in rows:
        cell = per.setdefault(r.grid_id, {"households": 0, "persons": 0}) if r.grid_id in homes else none
        cell["households"] += 1
        cell["persons"] += r.persons
    figures = [(k, tr(label)) for k, label in FIGURES]
    counts = grid_counts.sheet(
        tr("按网格统计"), counts_title, table, micro, per, figures,
        public=options.public, sensitive=[k for k, _ in FIGURES], row_sums=(),
        unassigned=none if any(none.values()) else None, unassigned_label=tr("未分网格或网格已撤销"))
    sheets = [counts] if options.public else [_list(table, rows, target.many_communities, title), counts]
    return Ledger(key="moved", title=title, office=target.office, on=options.on, sheets=sheets,
                  internal=not options.public, public=options.public, scope=target.scope_name)


def _list(table: dict[int, GridInfo], rows: list[MovedRow], many: bool, title: str) -> Sheet:
    def path(gid: int | None) -> str:
        g = table.get(gid) if gid is not None else None
        if g is None:
            return tr("未分网格")
        label = " / ".join(p for p in ((g.community if many else ""), g.general, g.micro or g.name) if p)
        return tr("{grid}（已撤销）").format(grid=label) if g.deleted else label

    def generate() -> Iterator[list[Any]]:
        for r in rows:
            yield [r.number, r.head, r.persons, path(r.grid_id), r.address, r.moved_on, r.moved_to]

    columns = [Column(tr(c.header), c.width, c.kind) for c in LIST_COLUMNS]
    return Sheet(name=tr("迁出住户"), title=title, columns=columns, rows=generate(), row_count=len(rows))
