"""药品互助台账: the medicine box on the ledger date — the stock per batch with its expiry and
state — the hand-outs of the period per micro-grid, and (internal only) every movement with who
gave or received. The public version keeps the stock and the per-grid counts (small counts
hidden): no resident is named. The period is ``ledgers.period`` (the visits' and matters' rule:
``extra`` from / to, else the month up to the ledger date, the last month in a month's first week)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridoffice.exports.ledger import Column, Ledger, Sheet
from gridoffice.i18n import N_, tr
from gridoffice.services import ledgers
from gridoffice.services.grids import counts as grid_counts
from gridoffice.services.grids.core import catalogue
from gridoffice.services.ledgers import kit
from gridoffice.services.medicine import stock as medicine_stock
from gridoffice.services.scope import grid_subtree_ids

STOCK_COLUMNS = (
    Column(N_("药品名称"), 16),
    Column(N_("规格"), 12),
    Column(N_("单位"), 5),
    Column(N_("批号"), 10),
    Column(N_("有效期至"), 11, "date"),
    Column(N_("入库"), 7, "int"),
    Column(N_("发放"), 7, "int"),
    Column(N_("报废"), 7, "int"),
    Column(N_("库存"), 7, "int"),
    Column(N_("状态"), 7),
    Column(N_("备注"), 16, sensitive=True),
)
MOVE_COLUMNS = (
    Column(N_("日期"), 11, "date"),
    Column(N_("类别"), 6),
    Column(N_("药品"), 18),
    Column(N_("批号"), 10),
    Column(N_("数量"), 7, "int"),
    Column(N_("单位"), 5),
    Column(N_("捐赠人/领取人"), 12, "name"),
    Column(N_("微网格"), 12),
    Column(N_("经手人"), 9, "name"),
    Column(N_("备注"), 20, sensitive=True),
)


@ledgers.register("medicine", N_("药品互助台账"))
def build(db, options: ledgers.LedgerOptions) -> Ledger:  # type: ignore[no-untyped-def]
    target = kit.target(db, options)
    start, end = ledgers.period(options)
    title = tr("药品互助台账（{start} 至 {end}）").format(start=start.isoformat(), end=end.isoformat())
    with db.reading() as s:
        table = catalogue(s)
        inside = set(grid_subtree_ids(s, target.grid_id)) if target.grid_id is not None else None
    per = medicine_stock.handed_by_grid(db, target.grid_id, start, end)
    figures = [(k, tr(medicine_stock.FIGURE_LABELS[k])) for k in medicine_stock.FIGURES]
    sheets = [_stock(db, options), grid_counts.sheet(
        tr("发放统计"), tr("各微网格药品发放（{start} 至 {end}）").format(start=start.isoformat(), end=end.isoformat()),
        table, grid_counts.micro_grids(table, inside), {g: c for g, c in per.items() if g is not None}, figures,
        public=options.public, sensitive=medicine_stock.FIGURES)]  # a quantity of 1 gives the times away
    if not options.public:
        sheets.append(_moves(db, target.grid_id, start, end))
    return Ledger(key="medicine", title=title, office=target.office, on=options.on, sheets=sheets,
                  internal=not options.public, public=options.public, scope=target.scope_name)


def _stock(db, options: ledgers.LedgerOptions) -> Sheet:  # type: ignore[no-untyped-def]
    rows = medicine_stock.stock(db, options.on)

    def generate() -> Iterator[list[Any]]:
        for r in rows:
            yield [r.name, r.spec, r.unit, r.batch, r.expires_on, r.received, r.given, r.discarded, r.stock,
                   tr(medicine_stock.STATE_LABELS[r.state]), r.note]

    return Sheet(name=tr("库存"), title=tr("药品箱库存（{on}）").format(on=options.on.isoformat()),
                 columns=STOCK_COLUMNS, rows=generate(), row_count=len(rows))


def _moves(db, grid_id, start, end) -> Sheet:  # type: ignore[no-untyped-def]
    rows = medicine_stock.moves(db, start, end, grid_id)
    rows.reverse()  # oldest first, as a paper ledger is written

    def generate() -> Iterator[list[Any]]:
        for r in rows:
            yield [r.moved_on, tr(r.kind), r.item, r.batch, r.quantity, r.unit, r.who, r.grid, r.by, r.note]

    return Sheet(name=tr("出入库记录"), title=tr("药品出入库记录"), columns=MOVE_COLUMNS, rows=generate(),
                 row_count=len(rows))
