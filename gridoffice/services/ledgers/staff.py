"""网格员花名册: every post in the grid tree (总网格长 → 一般网格长 → 微网格长 / 微网格员, the
family doctors and the others), with the households the grid covers and service-team membership.

The query lives here; the staff service (another feature) may later offer it, and this ledger
can then call that."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from gridoffice.domain.codes import Role, grid_level_label
from gridoffice.exports.ledger import Column, Ledger, Sheet
from gridoffice.i18n import N_, tr
from gridoffice.services.grids import core as grids
from gridoffice.services.ledgers import LedgerOptions, kit, register
from gridoffice.store import Database
from gridoffice.store.models import Post, Staff

TITLE = N_("网格员花名册")
ROLE_ORDER = {role.value: i for i, role in enumerate(Role)}


@register("staff", TITLE)
def build(db: Database, options: LedgerOptions) -> Ledger:
    target = kit.target(db, options)
    rows = _rows(db, target)
    columns = [
        Column(tr("网格层级"), 9, "name"),
        *([Column(tr("社区"), 12)] if target.many_communities else []),
        Column(tr("一般网格"), 10, "name"),
        Column(tr("微网格"), 11, "name"),
        Column(tr("岗位"), 10, "name"),
        Column(tr("姓名"), 9, "name"),
        Column(tr("性别"), 5, "name"),
        Column(tr("身份"), 9, "name"),
        Column(tr("政治面貌"), 9, "name"),
        Column(tr("联系电话"), 13, "phone"),
        Column(tr("覆盖户数"), 8, "int"),
        Column(tr("服务团队成员"), 11, "name"),
        Column(tr("网格范围"), 16),
    ]
    sheet = Sheet(tr("网格员"), tr(TITLE), columns, iter(rows), row_count=len(rows))
    return Ledger("staff", tr(TITLE), target.office, options.on, [sheet], scope=target.scope_name)


def _rows(db: Database, target: kit.Target) -> list[list[Any]]:
    """Posts in tree order (a few thousand at most: built in memory)."""
    order: dict[int, int] = {}
    nodes: dict[int, grids.GridNode] = {}
    chosen: set[int] | None = None
    for root in grids.tree(db):
        for node in root.walk():
            order[node.id] = len(order)
            nodes[node.id] = node
            if node.id == target.grid_id:
                chosen = {n.id for n in node.walk()}
    with db.reading() as s:
        paths = kit.grid_paths(s)
        posts = s.execute(
            select(Post.grid_id, Post.role, Post.in_service_team, Post.work_phone, Post.sort_order,
                   Staff.name, Staff.sex, Staff.background, Staff.party_member, Staff.phone, Staff.id)
            .join(Staff, Staff.id == Post.staff_id)
            .where(Staff.active)
        ).all()
    rows = []
    for p in posts:
        if p.grid_id not in nodes or (chosen is not None and p.grid_id not in chosen):
            continue
        node = nodes[p.grid_id]
        path = paths.get(p.grid_id, kit.NO_PATH)
        key = (order[p.grid_id], ROLE_ORDER.get(p.role, 99), p.sort_order, p.id)
        values: list[Any] = [tr(grid_level_label(node.level))]
        if target.many_communities:
            values.append(path.community)
        values += [
            path.general, path.micro, tr(p.role), p.name, p.sex,
            p.background, tr("中共党员") if p.party_member else tr("群众"),
            p.work_phone or p.phone, node.households,
            kit.yes_no(p.in_service_team), node.covers,
        ]
        rows.append((key, values))
    rows.sort(key=lambda r: r[0])
    return [v for _, v in rows]


