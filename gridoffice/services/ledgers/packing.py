"""装包清单: what to pack for a campaign, in the units a packer counts (份 / 盒 / 只 / 瓶), from
the kit's per-kit quantity and unit: the whole campaign (one row per item) and per micro-grid
(one column per item), each with a 合计 row. Everyone on the list but the withdrawn gets a kit.
An internal logistics sheet: there is no public version (the counts of a 低保 campaign are
counts of a sensitive group)."""

from __future__ import annotations

from gridoffice.exports.ledger import Column, Ledger, Sheet
from gridoffice.i18n import N_, tr
from gridoffice.services import settings as office_settings
from gridoffice.services.campaigns import core as campaigns
from gridoffice.services.campaigns import lists
from gridoffice.services.campaigns.core import CampaignError
from gridoffice.services.ledgers import LedgerOptions, register
from gridoffice.services.scope import grid_subtree_ids, require_grid
from gridoffice.store import Database

TITLE = N_("装包清单")


def _campaign(db: Database, options: LedgerOptions) -> campaigns.CampaignInfo:
    if options.campaign_id is not None:
        return campaigns.get(db, options.campaign_id)
    existing = campaigns.campaigns(db)
    if not existing:
        raise CampaignError(tr("还没有发放活动，请先新建一个。"))
    return existing[0]  # the newest


@register("packing", TITLE, public=False)
def build(db: Database, options: LedgerOptions) -> Ledger:
    info = _campaign(db, options)
    packing = lists.packing(db, info.id)
    grids = packing.grids
    scope = ""
    if options.grid_code:
        with db.reading() as s:
            grid = require_grid(s, options.grid_code)
            inside = set(grid_subtree_ids(s, grid.id))  # type: ignore[arg-type]
        grids = [g for g in grids if g.grid_id in inside]
        scope = grid.name
    kits = sum(g.count for g in grids)
    kit = packing.kit
    overall = Sheet(
        name=tr("合计"), title=tr("{campaign}装包清单（合计 {kits} 份）").format(campaign=info.name, kits=kits),
        columns=[Column(tr("物品"), 24), Column(tr("每份装"), 8, "int"), Column(tr("份数"), 8, "int"),
                 Column(tr("合计数量"), 10, "int"), Column(tr("单位"), 6)],
        rows=[[line.name, line.quantity, kits, line.quantity * kits, line.unit] for line in kit],
        row_count=len(kit))
    columns = [Column(tr("一般网格"), 12, "name"), Column(tr("微网格"), 12, "name"), Column(tr("份数"), 7, "int")]
    columns += [Column(tr("{item}（{unit}）").format(item=line.name, unit=line.unit),
                       max(8.0, min(16.0, len(line.name) * 1.6)), "int") for line in kit]
    rows = [[g.parent_name, g.name, g.count, *packing.amounts(g.count)] for g in grids]
    per_grid = Sheet(
        name=tr("按微网格"), title=tr("{campaign}装包清单（各微网格）").format(campaign=info.name),
        columns=columns, rows=rows, total=[None, "", kits, *packing.amounts(kits)], row_count=len(rows))
    return Ledger(key="packing", title=tr("{campaign}装包清单").format(campaign=info.name),
                  office=office_settings.get(db, office_settings.OFFICE_NAME), on=options.on,
                  sheets=[overall, per_grid], scope=scope,
                  signatures=(tr("装包人"), tr("核对人"), tr("负责人"), tr("联系电话")))
