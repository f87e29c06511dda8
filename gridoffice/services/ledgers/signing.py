"""家庭医生签约台账: 签约率 per micro-grid (everyone, the 65+, key persons) on the ledger date,
and (internal only) the contracts with their doctor and expiry, those ending within 30 days
marked. The public version is the counts alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from gridoffice.domain.ages import age_on
from gridoffice.exports.ledger import Column, Ledger, Sheet
from gridoffice.i18n import N_, tr
from gridoffice.services import ledgers
from gridoffice.services.grids import counts as grid_counts
from gridoffice.services.grids.core import catalogue
from gridoffice.services.health import signing
from gridoffice.services.ledgers import kit
from gridoffice.services.scope import grid_subtree_ids
from gridoffice.store.models import DoctorSigning, Household, Person, Staff

FIGURES = (("all", N_("常住人口")), ("all_signed", N_("已签约")), ("aged_65", N_("65岁以上")),
           ("aged_65_signed", N_("65岁以上已签约")), ("key", N_("重点人群")), ("key_signed", N_("重点人群已签约")))
RATES = ((N_("签约率"), "all_signed", "all"), (N_("65岁以上签约率"), "aged_65_signed", "aged_65"),
         (N_("重点人群签约率"), "key_signed", "key"))
LIST_COLUMNS = (
    Column(N_("微网格"), 12),
    Column(N_("户号"), 12),
    Column(N_("姓名"), 9, "name"),
    Column(N_("性别"), 5),
    Column(N_("年龄"), 5, "int"),
    Column(N_("家庭医生"), 9, "name"),
    Column(N_("签约日期"), 11, "date"),
    Column(N_("到期日期"), 11, "date"),
    Column(N_("状态"), 10),
)
SOON_DAYS = 30


@ledgers.register("signing", N_("家庭医生签约台账"))
def build(db, options: ledgers.LedgerOptions) -> Ledger:  # type: ignore[no-untyped-def]
    target = kit.target(db, options)
    on = options.on
    rates = signing.rates(db, target.grid_id, on)
    counts = {gid: {**{g: r.persons for g, r in per.items()}, **{f"{g}_signed": r.signed for g, r in per.items()}}
              for gid, per in rates.items()}
    with db.reading() as s:
        table = catalogue(s)
        inside = set(grid_subtree_ids(s, target.grid_id)) if target.grid_id is not None else None
    title = tr("家庭医生签约台账（{on}）").format(on=on.isoformat())
    sheets = [grid_counts.sheet(
        tr("签约率"), title, table, grid_counts.micro_grids(table, inside), counts, [(k, tr(h)) for k, h in FIGURES],
        public=options.public, sensitive=("key", "key_signed"),
        rates=[(tr(h), part, whole) for h, part, whole in RATES])]
    if not options.public:
        sheets.append(_list(db, table, inside, on))
    return Ledger(key="signing", title=title, office=target.office, on=on, sheets=sheets,
                  internal=not options.public, public=options.public, scope=target.scope_name)


def _list(db, table, inside: set[int] | None, on: dt.date) -> Sheet:  # type: ignore[no-untyped-def]
    stmt = (select(Household.grid_id, Household.number, Person.name, Person.sex, Person.birth_date, Staff.name,
                   DoctorSigning.signed_on, DoctorSigning.expires_on)
            .join(Person, Person.id == DoctorSigning.person_id)
            .join(Household, Household.id == Person.household_id)
            .join(Staff, Staff.id == DoctorSigning.doctor_id)
            .where(Person.deleted_at.is_(None), Person.status == "在册", Household.grid_id.is_not(None))
            .order_by(DoctorSigning.expires_on, Household.number, Person.id))
    with db.reading() as s:
        if inside is not None:
            stmt = stmt.where(Household.grid_id.in_(inside))
        rows = s.execute(stmt).all()
    labels = {gid: g.label for gid, g in table.items()}

    def state(signed: dt.date, ends: dt.date) -> str:
        if signed > on:
            return tr("未生效")
        if ends < on:
            return tr("已到期")
        return tr("{n}天内到期").format(n=SOON_DAYS) if (ends - on).days <= SOON_DAYS else tr("有效")

    def generate() -> Iterator[list[Any]]:
        for gid, number, name, sex, born, doctor, signed, ends in rows:
            yield [labels.get(gid, ""), number, name, sex or "", age_on(born, on) if born else None, doctor,
                   signed, ends, state(signed, ends)]

    return Sheet(name=tr("签约名单"), title=tr("家庭医生签约名单（按到期日期）"), columns=LIST_COLUMNS,
                 rows=generate(), row_count=len(rows))
