"""入户走访记录: the visits of a period (by default the month of the ledger date, up to it), one
row per person visited (or per household visited as a whole), by grid and date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from gridoffice.domain.ages import age_on, parse_loose_date
from gridoffice.exports.ledger import Column, Ledger, Sheet
from gridoffice.i18n import N_, tr
from gridoffice.services import ledgers, settings
from gridoffice.services.scope import grid_by_code, grid_subtree_ids
from gridoffice.services.visit_rules import rule_category_label
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


def period(options: ledgers.LedgerOptions) -> tuple[dt.date, dt.date]:
    """``extra['from'] / extra['to']`` when given, else the first of the month up to ``on``."""
    start = parse_loose_date(options.extra.get("from")) or options.on.replace(day=1)
    end = parse_loose_date(options.extra.get("to")) or options.on
    return start, end


@ledgers.register("visits", N_("入户走访记录"))
def build(db: Database, options: ledgers.LedgerOptions) -> Ledger:
    start, end = period(options)
    with db.reading() as s:
        grid_ids = None
        if options.grid_code:
            grid = grid_by_code(s, options.grid_code)
            if grid is None:
                raise ledgers.LedgerError(tr("没有编码为 {code} 的网格").format(code=options.grid_code))
            grid_ids = grid_subtree_ids(s, grid.id)
        stmt = (
            select(Visit, Grid.name, Household.number, Household.address, Person.name, Person.sex,
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
        for visit, grid_name, number, address, name, sex, born in rows:
            if visit.person_id is None:
                who = tr("全户（户主 {name}）").format(name=heads.get(visit.household_id, ""))
                sex, age, cats = "", None, ""
            else:
                who = name
                age = age_on(born, visit.visit_date) if born else None
                cats = "、".join(categories.get(visit.person_id, []))
            yield [visit.visit_date, grid_name or "", number, address, who, sex or "", age, cats,
                   visit.visitors, visit.health, visit.finances, visit.care, visit.safety, visit.needs,
                   visit.follow_up]

    title = tr("入户走访记录（{start} 至 {end}）").format(start=start.isoformat(), end=end.isoformat())
    sheet = Sheet(name=tr("走访记录"), title=title, columns=COLUMNS, rows=generate(), row_count=len(rows))
    office = settings.get(db, settings.OFFICE_NAME)
    return Ledger(key="visits", title=title, office=office, on=options.on, sheets=[sheet],
                  public=options.public)
