"""入户走访记录: the visits of a period (by default the month of the ledger date, up to it), one
row per person visited (or per household visited as a whole), by grid and date."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, select

from gridoffice.domain.ages import age_on
from gridoffice.domain.codes import GridLevel
from gridoffice.exports.ledger import Column, Ledger, Sheet
from gridoffice.i18n import N_, tr
from gridoffice.services import ledgers, settings
from gridoffice.services.grids.core import GridInfo, catalogue, order_key
from gridoffice.services.ledgers import kit
from gridoffice.services.scope import grid_subtree_ids, require_grid
from gridoffice.services.visits import core as visits
from gridoffice.services.visits.rules import rule_category_label
from gridoffice.store import Database
from gridoffice.store.models import Grid, Household, KeyMembership, Person, Visit

COLUMNS = (
    Column(N_("走访日期"), 11, "date"),
    Column(N_("微网格"), 12),
    Column(N_("户号"), 12),
    Column(N_("住址"), 24),
    Column(N_("被访人"), 9, "name"),
    Column(N_("性别"), 5),
    Column(N_("年龄"), 5, "int"),
    Column(N_("重点人群类别"), 16, sensitive=True),
    Column(N_("走访人"), 16),
    Column(N_("健康状况"), 18, sensitive=True),
    Column(N_("经济状况"), 14, sensitive=True),
    Column(N_("照料情况"), 14, sensitive=True),
    Column(N_("水电气安全"), 14),
    Column(N_("诉求"), 18),
    Column(N_("跟进事项"), 18),
)


@ledgers.register("visits", N_("入户走访记录"))
def build(db: Database, options: ledgers.LedgerOptions) -> Ledger:
    start, end = ledgers.period(options)
    with db.reading() as s:
        grid_ids = None
        if options.grid_code:
            grid = require_grid(s, options.grid_code)
            grid_ids = grid_subtree_ids(s, grid.id)  # type: ignore[arg-type]
    if options.public:  # only key persons are visited: a public list of visits would be a list of them
        return _public(db, options, None if grid_ids is None else grid.id, start, end)
    with db.reading() as s:
        stmt = (
            select(Visit, Visit.grid_id, Household.number, Household.address, Person.name, Person.sex,
                   Person.birth_date)
            .join(Household, Household.id == Visit.household_id)
            .outerjoin(Grid, Grid.id == Visit.grid_id)
            .outerjoin(Person, Person.id == Visit.person_id)
            .where(Visit.visit_date >= start, Visit.visit_date <= end)
            .order_by(Grid.code, Visit.visit_date, Household.number, Visit.id)
        )
        if grid_ids is not None:
            stmt = stmt.where(Visit.grid_id.in_(grid_ids))
        rows = s.execute(stmt).all()
        table = catalogue(s)
        labels = {gid: g.label for gid, g in table.items()}  # path where the name repeats
        person_ids = list({v.person_id for v, *_ in rows if v.person_id is not None})
        categories: dict[int, list[str]] = defaultdict(list)
        for chunk in range(0, len(person_ids), 900):
            for pid, category in s.execute(
                select(KeyMembership.person_id, KeyMembership.category)
                .where(KeyMembership.person_id.in_(person_ids[chunk:chunk + 900]))
            ):
                categories[pid].append(rule_category_label(category))
        heads = dict(s.execute(
            select(Person.household_id, Person.name).where(
                Person.household_id.in_({v.household_id for v, *_ in rows if v.person_id is None}),
                Person.relation == "02")).all()) if rows else {}

    def generate() -> Iterator[list[Any]]:
        for visit, grid_id, number, address, name, sex, born in rows:
            if visit.person_id is None:
                who = tr("全户（户主 {name}）").format(name=heads.get(visit.household_id, ""))
                sex, age, cats = "", None, ""
            else:
                who = name
                age = age_on(born, visit.visit_date) if born else None
                cats = "、".join(categories.get(visit.person_id, []))
            yield [visit.visit_date, labels.get(grid_id, "") if grid_id is not None else "", number, address, who, sex or "", age, cats,
                   visit.visitors, visit.health, visit.finances, visit.care, visit.safety, visit.needs,
                   visit.follow_up]

    title = tr("入户走访记录（{start} 至 {end}）").format(start=start.isoformat(), end=end.isoformat())
    sheet = Sheet(name=tr("走访记录"), title=title, columns=COLUMNS, rows=generate(), row_count=len(rows))
    counts = _per_grid(table, [(v.grid_id, v.person_id is None) for v, *_ in rows],
                       tr("走访统计（{start} 至 {end}，有走访的微网格）").format(start=start.isoformat(), end=end.isoformat()))
    office = settings.get(db, settings.OFFICE_NAME)
    return Ledger(key="visits", title=title, office=office, on=options.on, sheets=[sheet, counts],
                  public=options.public)


def _per_grid(table: dict[int, GridInfo], visits: list[tuple[int | None, bool]], title: str) -> Sheet:
    """Visit records per micro-grid (grouped by id), with a 社区 column and community subtotals
    when the visits span several communities."""
    per: dict[int | None, Counter[str]] = defaultdict(Counter)
    for grid_id, whole in visits:
        key = grid_id if grid_id in table else None
        per[key]["records"] += 1
        per[key]["households"] += whole
    grids = sorted((g for g in per if g is not None), key=lambda g: order_key(table, g))
    communities = sorted({table[g].community_id for g in grids if table[g].community_id is not None},
                         key=lambda c: order_key(table, c))
    many = len(communities) > 1
    items: list[kit.GridRow] = []
    for gid in grids:
        g = table[gid]
        items.append((GridLevel.MICRO, gid, g.community_id,
                      [*([g.community] if many else []), g.general, g.name, per[gid]["records"], per[gid]["households"]]))
    if None in per:
        items.append((GridLevel.MICRO, None, None, [*([""] if many else []), "", tr("未划分网格"),
                                                    per[None]["records"], per[None]["households"]]))
    subtotals = []
    for cid in communities if many else []:
        inside = [per[g] for g in grids if table[g].community_id == cid]
        subtotals.append((cid, [table[cid].name, tr("小计"), "", sum(c["records"] for c in inside),  # type: ignore[index]
                                sum(c["households"] for c in inside)]))
    rows, keys = kit.with_subtotals(items, subtotals)  # type: ignore[arg-type]
    columns = [*([Column(tr("社区"), 12)] if many else []), Column(tr("一般网格"), 12), Column(tr("微网格"), 12),
               Column(tr("走访人次"), 9, "int"), Column(tr("其中整户走访"), 11, "int")]
    total = [tr("合计"), *([""] if many else []), "", len(visits), sum(whole for _g, whole in visits)]
    return Sheet(name=tr("按网格统计"), title=title, columns=columns, rows=rows, total=total,
                 row_count=len(rows), grid_rows=keys, every_grid=False)


PUBLIC_COLUMNS = (
    Column(N_("一般网格"), 12, "name"),
    Column(N_("微网格"), 12, "name"),
    Column(N_("应走访人数"), 10, "int"),
    Column(N_("本周已走访"), 10, "int"),
    Column(N_("本周应走访"), 10, "int"),
    Column(N_("逾期未走访"), 10, "int"),
    Column(N_("期间走访人次"), 12, "int"),
)


def _public(db: Database, options: ledgers.LedgerOptions, grid_id: int | None, start: dt.date,
            end: dt.date) -> Ledger:
    """The 公示 version: counts per micro-grid (who is due, who was visited in the week of the
    ledger date, visits of the period), no names, no addresses, no notes."""
    counts = visits.week_counts(db, grid_id, options.on)
    with db.reading() as s:
        table = catalogue(s)
        stmt = (select(Visit.grid_id, func.count()).where(Visit.visit_date >= start, Visit.visit_date <= end)
                .group_by(Visit.grid_id))
        in_period = dict(s.execute(stmt).all())
    many = len({table[c.grid_id].community_id for c in counts if c.grid_id in table}) > 1
    lead = [Column(N_("社区"), 12, "name")] if many else []
    rows = []
    for c in counts:
        g = table.get(c.grid_id) if c.grid_id is not None else None
        names = [g.community, g.general, g.name] if g is not None else ["", "", c.name]
        rows.append([*names[0 if many else 1:], c.key_persons, c.visited, c.due, c.overdue,
                     in_period.get(c.grid_id, 0)])
    first = len(lead) + 2
    total = [None, *[""] * (first - 1),  # 合计 goes under 序号
             *(sum(r[i] for r in rows) for i in range(first, first + 5))]
    title = tr("入户走访情况统计（{start} 至 {end}）").format(start=start.isoformat(), end=end.isoformat())
    sheet = Sheet(name=tr("走访统计"), title=title, columns=(*lead, *PUBLIC_COLUMNS), rows=rows, total=total,
                  row_count=len(rows))
    office = settings.get(db, settings.OFFICE_NAME)
    return Ledger(key="visits", title=title, office=office, on=options.on, sheets=[sheet], internal=False,
                  public=True)
