"""返乡人员台账: the returnees present on the date (``scope.returnee_present``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from gridoffice.exports.ledger import Column, Ledger, Sheet
from gridoffice.i18n import N_, tr
from gridoffice.services.ledgers import LedgerOptions, kit, register
from gridoffice.services.scope import person_filter, returnee_present
from gridoffice.store import Database
from gridoffice.store.models import Household, Person, ReturneeStay

TITLE = N_("返乡人员台账")


@register("returnees", TITLE)
def build(db: Database, options: LedgerOptions) -> Ledger:
    target = kit.target(db, options)
    on = options.on
    with db.reading() as s:
        stmt = (
            select(*kit.PERSON_FIELDS, ReturneeStay.from_place, ReturneeStay.transport,
                   ReturneeStay.arrived_on, ReturneeStay.registered_on, ReturneeStay.expected_departure,
                   ReturneeStay.current_address, ReturneeStay.note)
            .join(Household, Person.household_id == Household.id)
            .join(ReturneeStay, ReturneeStay.person_id == Person.id)
            .where(Household.deleted_at.is_(None), person_filter(s, target.scope(), on),
                   returnee_present(on))
            .order_by(Household.grid_id, Household.number, ReturneeStay.arrived_on, Person.id)
        )
    columns = [
        *kit.person_columns(target.many_communities),
        Column(tr("从何地返回"), 12),
        Column(tr("交通方式"), 9, "name"),
        Column(tr("返乡日期"), 11, "date"),
        Column(tr("登记日期"), 11, "date"),
        Column(tr("预计离开日期"), 11, "date"),
        Column(tr("现居住地"), 18),
        Column(tr("备注"), 12, sensitive=True),  # free text
    ]
    sheet = Sheet(tr("返乡人员"), tr(TITLE), columns, _rows(db, stmt, target, on),
                  row_count=kit.count(db, stmt))
    return Ledger("returnees", tr(TITLE), target.office, on, [sheet], scope=target.scope_name)


def _rows(db: Database, stmt: Any, target: kit.Target, on: dt.date) -> Iterator[list[Any]]:
    with db.reading() as s:
        paths = kit.grid_paths(s)
    for row in kit.stream(db, stmt):
        values = kit.person_values(row, paths, on, target.many_communities)
        yield [*values, *row[kit.PERSON_WIDTH:]]
