"""重点人群分级台账: the health tiers of the residents 65+ (红/黄/绿, services/health/tiers.py) —
counts per micro-grid, and (internal only) the list with what each tier comes from. The public
version is the counts alone, small counts hidden (health data)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridoffice.domain import health_tiers as ht
from gridoffice.domain.ages import age_on
from gridoffice.exports.ledger import Column, Ledger, Sheet
from gridoffice.i18n import N_, tr
from gridoffice.services import ledgers
from gridoffice.services.grids import counts as grid_counts
from gridoffice.services.grids.core import catalogue
from gridoffice.services.health import tiers as health_tiers
from gridoffice.services.ledgers import kit
from gridoffice.services.scope import grid_subtree_ids

FIGURES = (("all", N_("65岁以上")), (ht.RED, N_("红色")), (ht.YELLOW, N_("黄色")), (ht.GREEN, N_("绿色")),
           (ht.UNASSESSED, N_("未评估")))
LIST_COLUMNS = (
    Column(N_("微网格"), 12),
    Column(N_("户号"), 12),
    Column(N_("姓名"), 9, "name"),
    Column(N_("性别"), 5),
    Column(N_("年龄"), 5, "int"),
    Column(N_("分级"), 6, sensitive=True),
    Column(N_("计算分级"), 8, sensitive=True),
    Column(N_("人工调整原因"), 18, sensitive=True),
    Column(N_("慢病情况"), 8, sensitive=True),
    Column(N_("疫苗接种"), 8, sensitive=True),
    Column(N_("行动不便"), 8, sensitive=True),
    Column(N_("联系电话"), 13, "phone"),
)


@ledgers.register("tiers", N_("重点人群分级台账"))
def build(db, options: ledgers.LedgerOptions) -> Ledger:  # type: ignore[no-untyped-def]
    target = kit.target(db, options)
    rows = health_tiers.tiers(db, target.grid_id, options.on)
    with db.reading() as s:
        table = catalogue(s)
        inside = set(grid_subtree_ids(s, target.grid_id)) if target.grid_id is not None else None
    counts: dict[int, dict[str, int]] = {}
    for gid, per in health_tiers.counts_by_grid(rows).items():
        counts[gid] = {**per, "all": sum(per.values())}
    title = tr("重点人群健康分级台账（65岁以上，{on}）").format(on=options.on.isoformat())
    sheets = [grid_counts.sheet(
        tr("分级统计"), title, table, grid_counts.micro_grids(table, inside), counts,
        [(k, tr(h)) for k, h in FIGURES], public=options.public, sensitive=(ht.RED, ht.YELLOW, ht.GREEN, ht.UNASSESSED),
        row_sums=[("all", [ht.RED, ht.YELLOW, ht.GREEN, ht.UNASSESSED])])]
    if not options.public:
        labels = {gid: g.label for gid, g in table.items()}

        def generate() -> Iterator[list[Any]]:
            for t in rows:
                yield [labels.get(t.grid_id, ""), t.household_number, t.name, t.sex or "",
                       age_on(t.birth_date, options.on), tr(t.tier), tr(t.computed), t.reason, tr(t.chronic),
                       tr(t.vaccine), tr("是") if t.mobility_limited else "", t.phone or ""]

        sheets.append(Sheet(name=tr("分级名单"), title=tr("重点人群健康分级名单（红色在前）"), columns=LIST_COLUMNS,
                            rows=generate(), row_count=len(rows)))
    return Ledger(key="tiers", title=title, office=target.office, on=options.on, sheets=sheets,
                  internal=not options.public, public=options.public, scope=target.scope_name)
