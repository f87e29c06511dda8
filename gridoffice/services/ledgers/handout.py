"""The hand-out ledgers: the 签收表 (one sheet per micro-grid, ready to print and sign) and the
coverage ledger (发放情况统计, per micro-grid and per general grid, with 合计).

The sign-off sheet goes round the village with residents signing it, so its ID numbers are
always masked (first 6 + last 4), in the internal version too. The internal sheet shows the
resident's phone in full (the team calls people from it); the 公示 version masks it (column kind
``phone``, by the writer): the clerk chooses which one to print. Rows are ≥ 9 mm and the
signature box ≥ 30 mm as printed (``Sheet.row_mm``, kind ``sign``; exports/layout.py)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from gridoffice.domain import privacy
from gridoffice.domain.codes import GridLevel
from gridoffice.exports.ledger import Column, Ledger, Sheet
from gridoffice.i18n import N_, tr
from gridoffice.services import settings as office_settings
from gridoffice.services.campaigns import core as campaigns
from gridoffice.services.campaigns import lists
from gridoffice.services.campaigns.core import (
    DECLINED,
    HANDED,
    UNREACHABLE,
    WITHDRAWN,
    CampaignError,
)
from gridoffice.services.grids import core as grids
from gridoffice.services.ledgers import LedgerError, LedgerOptions, kit, register
from gridoffice.services.scope import grid_id_by_code, grid_subtree_ids
from gridoffice.store import Database

SIGN_OFF_COLUMNS = (
    Column(tr("微网格"), 11),
    Column(tr("姓名"), 9, "name"),
    Column(tr("性别"), 5),
    Column(tr("年龄"), 5, "int"),
    Column(tr("身份证号"), 21, "id"),
    Column(tr("电话"), 13, "phone"),
    Column(tr("住址"), 16),
    Column(tr("物资"), 12),
    Column(tr("数量"), 5, "int"),
    Column(tr("方式"), 6),
    Column(tr("领取人签字"), 14, "sign"),
    Column(tr("代领人及关系"), 14),
    Column(tr("发放人"), 9),
    Column(tr("日期"), 11, "date"),
    Column(tr("备注"), 14, sensitive=True),  # reasons and notes: free text, not in the 公示 version
)


def _campaign(db: Database, options: LedgerOptions) -> campaigns.CampaignInfo:
    if options.campaign_id is not None:
        return campaigns.get(db, options.campaign_id)
    existing = campaigns.campaigns(db)
    if not existing:
        raise CampaignError(tr("还没有发放活动，请先新建一个。"))
    return existing[0]  # the newest


def _grid_limit(db: Database, options: LedgerOptions) -> int | None:
    if not options.grid_code:
        return None
    return grid_id_by_code(db, options.grid_code)


def _office(db: Database) -> str:
    return office_settings.get(db, office_settings.OFFICE_NAME)


def _remark(row: lists.EntitlementRow) -> str:
    parts = []
    if row.reissue:
        parts.append(tr("补发"))
    if row.state in (DECLINED, UNREACHABLE):
        parts.append(campaigns.state_label(row.state) + (f"：{row.reason}" if row.reason else ""))
    if row.note:
        parts.append(row.note)
    return "；".join(parts)


def sign_off_row(row: lists.EntitlementRow, item: str) -> list[Any]:
    handed = row.state == HANDED
    proxy = f"{row.proxy_name}（{row.proxy_relation}）" if handed and row.proxy_name else ""
    # the sheet is carried door to door and signed: the ID is masked on every version; the
    # phone only on the public one (by the writer)
    return [row.grid_short or row.grid_name, row.name, row.sex, row.age, privacy.mask_id(row.id_number) or None,
            row.phone or None, row.address, item, 1, row.method if handed else "", "", proxy,
            row.handed_by if handed else "", row.handed_on if handed else None, _remark(row)]


def _sheet_names(groups: Sequence[tuple[int | None, str, str]]) -> list[str]:
    """Tab names (≤ 31 characters, unique): the label of the micro-grid (its name, or its path
    where the name repeats), else its code."""
    names: list[str] = []
    for gid, label, code in groups:
        candidate = label.replace(" · ", "")[:31]
        if candidate in names or len(label.replace(" · ", "")) > 31:
            candidate = (code or str(gid))[:31]
        names.append(candidate)
    return names


@register("handout", N_("健康爱心包发放签收表"))
def build_handout(db: Database, options: LedgerOptions) -> Ledger:
    info = _campaign(db, options)
    if options.public and _sensitive(info):
        raise LedgerError(tr("“{campaign}”的名单是低保、孕产妇等重点人群，签收表不能导出公示版；可导出发放情况统计表的公示版。")
                          .format(campaign=info.name))
    limit = _grid_limit(db, options)
    office = _office(db)
    entries = lists.list_entries(db, info.id, limit,
                                 states=[s for s in campaigns.STATES if s != WITHDRAWN])
    groups: dict[int | None, list[int]] = {}
    for eid, gid in entries:
        groups.setdefault(gid, []).append(eid)
    with db.reading() as s:
        table = grids.catalogue(s)
    teams = lists.service_teams(db)
    keys = list(groups)
    names = _sheet_names([(g, table[g].label if g in table else tr("未划分网格"), table[g].code if g in table else "")
                          for g in keys])
    ledger = Ledger(key="handout", title=tr("{campaign}发放签收表").format(campaign=info.name),
                    office=office, on=options.on, public=options.public,
                    signatures=(tr("发放人"), tr("审核人"), tr("负责人"), tr("联系电话")))
    for gid, sheet_name in zip(keys, names, strict=True):
        team = "、".join(t.name for t in teams.get(gid, [])) if gid is not None else ""
        grid_name = table[gid].label if gid in table else tr("未划分网格")
        # the writer puts the office (and the grid scope) in front of every sheet title
        title = tr("{campaign}发放签收表（{grid}）").format(campaign=info.name, grid=grid_name)
        if team:  # one bracket (the writer adds 公示 to it), never a second one
            title = tr("{campaign}发放签收表（{grid}，服务团队：{team}）").format(
                campaign=info.name, grid=grid_name, team=team)
        entry_ids = groups[gid]
        ledger.sheets.append(Sheet(
            name=sheet_name, title=title, columns=SIGN_OFF_COLUMNS,
            rows=_rows(db, entry_ids, info.name),
            total=[None, tr("{n} 人").format(n=len(entry_ids)), "", None, None, None, "", "",
                   len(entry_ids), "", "", "", "", None, ""],
            row_count=len(entry_ids), row_mm=9.0))
    return ledger


def _rows(db: Database, ids: list[int], item: str) -> Iterator[list[Any]]:
    for start in range(0, len(ids), 500):
        for row in lists.rows(db, ids[start:start + 500]):
            yield sign_off_row(row, item)


COVERAGE_MICRO_COLUMNS = (
    Column(tr("一般网格"), 12),
    Column(tr("微网格"), 12),
    Column(tr("服务团队"), 24),
    Column(tr("应发"), 7, "int"),
    Column(tr("已发"), 7, "int"),
    Column(tr("未发"), 7, "int"),
    Column(tr("拒领"), 7, "int"),
    Column(tr("联系不上"), 9, "int"),
    Column(tr("发放率"), 9, "percent"),
)
COVERAGE_GENERAL_COLUMNS = (
    Column(tr("一般网格"), 14),
    Column(tr("微网格数"), 9, "int"),
    Column(tr("应发"), 8, "int"),
    Column(tr("已发"), 8, "int"),
    Column(tr("未发"), 8, "int"),
    Column(tr("拒领"), 8, "int"),
    Column(tr("联系不上"), 9, "int"),
    Column(tr("发放率"), 9, "percent"),
)
COMMUNITY_COLUMN = Column(tr("社区"), 12)


def _figures(row: lists.CoverageRow) -> list[Any]:
    return [row.eligible, row.handed, row.remaining, row.declined, row.unreachable, row.rate]


@register("handout-coverage", N_("健康爱心包发放情况统计表"))
def build_coverage(db: Database, options: LedgerOptions) -> Ledger:
    """Per micro-grid and per general grid; when the scope spans several communities, a 社区
    column and a 小计 row after each community's rows. Rows are matched by grid id."""
    info = _campaign(db, options)
    target = kit.target(db, options)
    cov = lists.coverage(db, info.id)
    micro, general, communities, overall = cov.micro, cov.general, cov.communities, cov.overall
    if target.grid_id is not None:
        with db.reading() as s:
            inside = set(grid_subtree_ids(s, target.grid_id))
        micro = [r for r in micro if r.grid_id in inside]
        general = [r for r in general if r.grid_id in inside]
        communities = [r for r in communities if r.grid_id in inside]
        overall = _sum(micro)
    many = target.many_communities and len(communities) > 1
    title = tr("{campaign}发放情况统计表").format(campaign=info.name)
    teams = lists.service_teams(db)
    micro_count: dict[int | None, int] = {}  # general grid id → its micro-grids on the list
    for r in micro:
        if r.grid_id is not None and r.level == GridLevel.MICRO:
            micro_count[r.parent_id] = micro_count.get(r.parent_id, 0) + 1

    hidden: dict[int, list[Any]] = {}
    if options.public and _sensitive(info):  # counts of 低保、孕产妇…: small cells hidden
        hidden = _small_cells(micro, general, communities, overall)

    def figures(r: lists.CoverageRow) -> list[Any]:
        return hidden.get(id(r), _figures(r))

    def micro_line(r: lists.CoverageRow) -> list[Any]:
        team = "、".join(t.name for t in teams.get(r.grid_id, [])) if r.grid_id else ""
        return [r.parent_name, r.name, team, *figures(r)]

    def general_line(r: lists.CoverageRow) -> list[Any]:
        return [r.name, micro_count.get(r.grid_id, 0), *figures(r)]

    lead = [""] if many else []

    def items(rows: Sequence[lists.CoverageRow], level: str, line: Any) -> list[kit.GridRow]:
        return [(level, r.grid_id, r.community_id, [*([r.community] if many else []), *line(r)]) for r in rows]

    def general_micro(c: lists.CoverageRow) -> int:
        return sum(micro_count.get(g.grid_id, 0) for g in general if g.community_id == c.grid_id)

    shown = communities if many else []
    micro_rows, micro_keys = kit.with_subtotals(
        items(micro, GridLevel.MICRO, micro_line),
        [(c.grid_id, [c.name, tr("小计"), "", "", *figures(c)]) for c in shown])  # type: ignore[misc]
    general_rows, general_keys = kit.with_subtotals(
        items(general, GridLevel.GENERAL, general_line),
        [(c.grid_id, [c.name, tr("小计"), general_micro(c), *figures(c)]) for c in shown])  # type: ignore[misc]
    first = (COMMUNITY_COLUMN,) if many else ()
    ledger = Ledger(key="handout-coverage", title=title, office=target.office, on=options.on,
                    public=options.public, scope=target.scope_name)
    ledger.sheets.append(Sheet(
        tr("按微网格"), title + tr("（按微网格）"), first + COVERAGE_MICRO_COLUMNS, micro_rows,
        [tr("合计"), *lead, "", "", *figures(overall)], len(micro_rows), micro_keys, every_grid=False))
    ledger.sheets.append(Sheet(
        tr("按一般网格"), title + tr("（按一般网格）"), first + COVERAGE_GENERAL_COLUMNS, general_rows,
        [tr("合计"), *lead, sum(micro_count.values()), *figures(overall)], len(general_rows), general_keys,
        every_grid=False))
    return ledger


def _sensitive(info: campaigns.CampaignInfo) -> bool:
    """The campaign's list is a sensitive group (低保, 孕产妇…): its counts are suppressed in public."""
    return any(c in privacy.SENSITIVE_GROUPS for c in info.categories)


COUNTED = ("eligible", "handed", "remaining", "declined", "unreachable")


def _small_cells(micro: Sequence[lists.CoverageRow], general: Sequence[lists.CoverageRow],
                 communities: Sequence[lists.CoverageRow],
                 overall: lists.CoverageRow) -> dict[int, list[Any]]:
    """The figures of every line (by ``id(line)``) with small counts hidden so that no printed sum
    (the 合计, a community's 小计, a general grid's line, 应发 = 已发 + 未发) gives one back; the rate
    goes with them. Lines are related by grid id, never by name."""
    values: dict[tuple[int, str], int] = {}
    sums: list[tuple[tuple[int, str], list[tuple[int, str]]]] = []
    general_ids = {g.grid_id for g in general}
    lines = (*micro, *general, *communities, overall)
    for line in lines:
        for f in COUNTED:
            values[(id(line), f)] = getattr(line, f)
        sums.append(((id(line), "eligible"), [(id(line), "handed"), (id(line), "remaining")]))
    for f in COUNTED:
        sums.append(((id(overall), f), [(id(m), f) for m in micro]))
        sums.append(((id(overall), f), [(id(g), f) for g in general]
                     + [(id(m), f) for m in micro if m.parent_id not in general_ids]))
        for g in general:
            sums.append(((id(g), f), [(id(m), f) for m in micro if m.parent_id == g.grid_id]))
        for c in communities:
            sums.append(((id(c), f), [(id(m), f) for m in micro if m.community_id == c.grid_id]))
            sums.append(((id(c), f), [(id(g), f) for g in general if g.community_id == c.grid_id]))
    hidden = privacy.suppress_small_cells(values, sums)
    out: dict[int, list[Any]] = {}
    for line in lines:
        shown: list[Any] = [hidden.get((id(line), f), getattr(line, f)) for f in COUNTED]
        rate_hidden = (id(line), "eligible") in hidden or (id(line), "handed") in hidden
        shown.append(privacy.HIDDEN_CELL if rate_hidden else line.rate)
        out[id(line)] = shown
    return out


def _sum(rows: Sequence[lists.CoverageRow]) -> lists.CoverageRow:
    return lists.CoverageRow(None, tr("合计"), "", "total", *(sum(getattr(r, f) for r in rows) for f in (
        "eligible", "handed", "pending", "declined", "unreachable", "withdrawn")))
