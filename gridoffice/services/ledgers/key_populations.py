"""重点人群台账: one sheet per key-population category (with that category's attributes), plus
the age groups 60+ and 80+ computed from the birth date. Never public (domain.md §4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from sqlalchemy import or_, select

from gridoffice.domain.population import (
    CATEGORIES,
    DISABILITY_GRADES,
    DISABILITY_TYPES,
    ELDERLY_AGE,
    OLDEST_OLD_AGE,
    Attr,
    Category,
)
from gridoffice.exports.ledger import Column, Ledger, Sheet
from gridoffice.i18n import N_, tr
from gridoffice.services.ledgers import LedgerError, LedgerOptions, kit, register
from gridoffice.services.scope import person_filter
from gridoffice.store import Database
from gridoffice.store.models import Household, KeyMembership, Person

TITLE = N_("重点人群台账")
ATTR_KINDS = {"date": "date", "int": "int"}
ATTR_WIDTHS = {"bool": 8, "date": 11, "int": 9, "month": 9}
CODE_LABELS = {"disability_type": DISABILITY_TYPES, "disability_grade": DISABILITY_GRADES}


@register("key-populations", TITLE, public=False)
def build(db: Database, options: LedgerOptions) -> Ledger:
    if options.public:
        raise LedgerError(tr("重点人群台账含有健康、残疾、救助等敏感信息，不能导出公示版。"))
    target = kit.target(db, options)
    on = options.on
    sheets = [_category_sheet(db, target, cat, on) for cat in CATEGORIES.values()]
    sheets += [_age_sheet(db, target, "aged_60_plus", ELDERLY_AGE, on),
               _age_sheet(db, target, "aged_80_plus", OLDEST_OLD_AGE, on)]
    return Ledger("key-populations", tr(TITLE), target.office, on, sheets, scope=target.scope_name)


def _attr_column(attr: Attr) -> Column:
    return Column(tr(attr.label), max(ATTR_WIDTHS.get(attr.kind, 12), len(attr.label) * 1.8 + 1),
                  ATTR_KINDS.get(attr.kind, "text"), sensitive=True)  # type: ignore[arg-type]


def _category_sheet(db: Database, target: kit.Target, cat: Category, on: dt.date) -> Sheet:
    with db.reading() as s:
        stmt = (
            select(*kit.PERSON_FIELDS, KeyMembership.attrs, KeyMembership.risk_level, KeyMembership.since,
                   KeyMembership.note)
            .join(Household, Person.household_id == Household.id)
            .join(KeyMembership, KeyMembership.person_id == Person.id)
            .where(Household.deleted_at.is_(None), person_filter(s, target.scope(), on),
                   KeyMembership.category == cat.code,
                   or_(KeyMembership.since.is_(None), KeyMembership.since <= on),
                   or_(KeyMembership.until.is_(None), KeyMembership.until >= on))
            .order_by(Household.grid_id, Household.number, Person.relation, Person.id)
        )
    columns = [
        *kit.person_columns(target.many_communities),
        *(_attr_column(a) for a in cat.attrs),
        Column(tr("风险等级"), 8, "name", sensitive=True),
        Column(tr("登记日期"), 11, "date", sensitive=True),
        Column(tr("备注"), 14, sensitive=True),
    ]
    label = tr(cat.label)
    return Sheet(label, tr("{label}台账").format(label=label), columns,
                 _category_rows(db, stmt, target, cat, on), row_count=kit.count(db, stmt))


def _category_rows(db: Database, stmt: Any, target: kit.Target, cat: Category, on: dt.date) -> Iterator[list[Any]]:
    with db.reading() as s:
        paths = kit.grid_paths(s)
    for row in kit.stream(db, stmt):
        attrs, risk, since, note = row[kit.PERSON_WIDTH:]
        values = kit.person_values(row, paths, on, target.many_communities)
        attrs = attrs or {}
        for attr in cat.attrs:
            values.append(_attr_value(attr, attrs.get(attr.key)))
        values += [risk, since, note]
        yield values


def _attr_value(attr: Attr, value: Any) -> Any:
    if value is None or value == "":
        return None
    if attr.kind == "bool":
        return kit.yes_no(value)
    if attr.kind == "date":
        return kit.to_date(value)
    labels = CODE_LABELS.get(attr.key)
    if labels is not None:
        return labels.get(str(value), value)
    return value


def _age_sheet(db: Database, target: kit.Target, group: str, age: int, on: dt.date) -> Sheet:
    with db.reading() as s:
        stmt = (
            select(*kit.PERSON_FIELDS)
            .join(Household, Person.household_id == Household.id)
            .where(Household.deleted_at.is_(None), person_filter(s, target.scope(category=group), on))
            .order_by(Household.grid_id, Household.number, Person.relation, Person.id)
        )
    columns = [
        *kit.person_columns(target.many_communities),
        Column(tr("居住情况"), 10, "name", sensitive=True),
        Column(tr("自理能力"), 9, "name", sensitive=True),
        Column(tr("其他重点人群"), 18, sensitive=True),
    ]
    label = tr("{age}岁以上老年人").format(age=age)
    return Sheet(label, tr("{label}台账").format(label=label), columns,
                 _age_rows(db, stmt, target, on), row_count=kit.count(db, stmt))


def _age_rows(db: Database, stmt: Any, target: kit.Target, on: dt.date) -> Iterator[list[Any]]:
    elderly = tr(CATEGORIES["elderly"].label)
    with db.reading() as s:
        paths = kit.grid_paths(s)
        marks = kit.memberships_on(s, target.scope(), on)
        care = dict(s.execute(
            select(KeyMembership.person_id, KeyMembership.attrs).where(
                KeyMembership.category == "elderly",
                or_(KeyMembership.until.is_(None), KeyMembership.until >= on))).all())
    for row in kit.stream(db, stmt):
        pid = row[8]
        attrs = care.get(pid) or {}
        others = [m for m in marks.get(pid, ()) if m != elderly]
        yield [*kit.person_values(row, paths, on, target.many_communities),
               attrs.get("living"), attrs.get("self_care"), "、".join(others)]
