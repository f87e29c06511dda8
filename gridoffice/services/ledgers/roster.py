"""住户人口花名册: one row per active person, grouped by household (户主 first)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from gridoffice.domain.ages import age_on
from gridoffice.domain.codes import relation_name
from gridoffice.exports.ledger import Column, Ledger, Sheet
from gridoffice.i18n import N_, tr
from gridoffice.services.ledgers import LedgerOptions, kit, register
from gridoffice.services.scope import person_filter
from gridoffice.store import Database
from gridoffice.store.models import Household, Person

TITLE = N_("住户人口花名册")


def columns(many_communities: bool) -> list[Column]:
    cols = [Column(tr("社区"), 12)] if many_communities else []
    return [
        *cols,
        Column(tr("一般网格"), 10, "name"),
        Column(tr("微网格"), 11, "name"),
        Column(tr("户号"), 14, "text", groups=True),
        Column(tr("住址"), 24),
        Column(tr("姓名"), 9, "name"),
        Column(tr("与户主关系"), 8, "name"),
        Column(tr("性别"), 5, "name"),
        Column(tr("公民身份号码"), 21, "id"),
        Column(tr("出生日期"), 11, "date", sensitive=True),  # would unmask the ID in public
        Column(tr("年龄"), 5, "int"),
        Column(tr("联系电话"), 13, "phone"),
        Column(tr("重点人群"), 16, sensitive=True),
    ]


@register("roster", TITLE)
def build(db: Database, options: LedgerOptions) -> Ledger:
    target = kit.target(db, options)
    on = options.on
    with db.reading() as s:
        stmt = (
            select(Household.grid_id, Household.number, Household.address, Household.village_group,
                   Household.compound, Household.building, Household.unit, Household.door,
                   Person.id, Person.name, Person.relation, Person.sex, Person.id_number,
                   Person.birth_date, Person.phone)
            .join(Household, Person.household_id == Household.id)
            .where(Household.deleted_at.is_(None), person_filter(s, target.scope(), on))
            .order_by(Household.grid_id, Household.number, Household.id, Person.relation, Person.id)
        )
    sheet = Sheet(
        name=tr("花名册"),
        title=tr(TITLE),
        columns=columns(target.many_communities),
        rows=_rows(db, stmt, target, on, options.public),
        row_count=kit.count(db, stmt),
    )
    return Ledger("roster", tr(TITLE), target.office, on, [sheet], scope=target.scope_name)


def _rows(db: Database, stmt: Any, target: kit.Target, on: dt.date, public: bool) -> Iterator[list[Any]]:
    with db.reading() as s:
        paths = kit.grid_paths(s)
        marks = {} if public else kit.memberships_on(s, target.scope(), on)
    relations: dict[str | None, str] = {}
    many = target.many_communities
    for (grid_id, number, full, group, compound, building, unit, door,
         pid, name, relation, sex, id_number, born, phone) in kit.stream(db, stmt):
        path = paths.get(grid_id, kit.NO_PATH) if grid_id is not None else kit.NO_PATH
        rel = relations.get(relation)
        if rel is None:
            rel = relations[relation] = tr(relation_name(relation)) if relation else ""
        row = [path.community] if many else []
        row += [
            path.general, path.micro, number,
            kit.address(number, full, group, compound, building, unit, door),
            name, rel, sex, id_number, born,
            age_on(born, on) if born else None,  # type: ignore[list-item]
            phone, "、".join(marks.get(pid, ())),
        ]
        yield row
