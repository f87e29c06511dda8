"""五到家服务台账: the services of a month (the ledger date's, or ``extra`` from / to) — counts
per micro-grid and type, and (internal only) every record. The public version is the counts
alone."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from sqlalchemy import select

from gridoffice.domain.ages import parse_loose_date
from gridoffice.exports.ledger import Column, Ledger, Sheet
from gridoffice.i18n import N_, tr
from gridoffice.services import ledgers
from gridoffice.services.grids import counts as grid_counts
from gridoffice.services.grids.core import catalogue
from gridoffice.services.health import services as health_services
from gridoffice.services.ledgers import kit
from gridoffice.services.scope import grid_subtree_ids
from gridoffice.store.models import HealthService, Household, Person

LIST_COLUMNS = (
    Column(N_("服务日期"), 11, "date"),
    Column(N_("微网格"), 12),
    Column(N_("户号"), 12),
    Column(N_("住址"), 24),
    Column(N_("服务对象"), 9, "name"),
    Column(N_("服务类型"), 9),
    Column(N_("服务人"), 9, "name"),
    Column(N_("备注"), 24, sensitive=True),
)


@ledgers.register("services", N_("五到家服务台账"))
def build(db, options: ledgers.LedgerOptions) -> Ledger:  # type: ignore[no-untyped-def]
    target = kit.target(db, options)
    start, end = health_services.month_bounds(options.on)
    start = parse_loose_date(options.extra.get("from")) or start
    end = parse_loose_date(options.extra.get("to")) or min(end, options.on)
    counts = health_services.counts(db, target.grid_id, start, end)
    per = {gid: {**c, "all": sum(c.values())} for gid, c in counts.items() if gid is not None}
    with db.reading() as s:
        table = catalogue(s)
        inside = set(grid_subtree_ids(s, target.grid_id)) if target.grid_id is not None else None
    figures = [*((t, tr(t)) for t in health_services.TYPES), ("all", tr("合计"))]
    title = tr("五到家服务台账（{start} 至 {end}）").format(start=start.isoformat(), end=end.isoformat())
    sheets = [grid_counts.sheet(tr("按网格统计"), title, table, grid_counts.micro_grids(table, inside), per, figures,
                                public=options.public, sensitive=(health_services.TYPES[0],),
                                row_sums=[("all", list(health_services.TYPES))])]
    ungridded = sum(counts.get(None, {}).values())
    if ungridded and not options.public:  # a household with no grid: said under the table, not lost
        sheets[0] = replace(sheets[0], note=tr("另有 {n} 次服务的住户尚未划分网格，未计入上表各网格（见“服务记录”）。").format(
            n=ungridded))
    if not options.public:
        sheets.append(_records(db, table, inside, start, end))
    return Ledger(key="services", title=title, office=target.office, on=options.on, sheets=sheets,
                  internal=not options.public, public=options.public, scope=target.scope_name)


def _records(db, table, inside, start, end) -> Sheet:  # type: ignore[no-untyped-def]
    stmt = (select(HealthService.service_date, HealthService.grid_id, Household.number, Household.address, Person.name,
                   HealthService.service_type, HealthService.by_name, HealthService.note)
            .join(Household, Household.id == HealthService.household_id)
            .outerjoin(Person, Person.id == HealthService.person_id)
            .where(HealthService.service_date >= start, HealthService.service_date <= end)
            .order_by(HealthService.service_date, Household.number, HealthService.id))
    with db.reading() as s:
        if inside is not None:
            stmt = stmt.where(HealthService.grid_id.in_(inside))
        rows = s.execute(stmt).all()
    labels = {gid: g.label for gid, g in table.items()}

    def generate() -> Iterator[list[Any]]:
        for day, gid, number, address, name, kind, by, note in rows:
            yield [day, labels.get(gid, "") if gid else "", number, address, name or tr("全户"), tr(kind), by, note]

    return Sheet(name=tr("服务记录"), title=tr("五到家服务记录"), columns=LIST_COLUMNS, rows=generate(),
                 row_count=len(rows))
