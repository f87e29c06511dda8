"""The staff roster (网格员花名册) of one community: every post in the community's grids, in
hierarchy order (总网格 → 一般网格 → 微网格 / 专属网格), with the households each grid covers.
The Excel ledger (issue 5) lays these rows out; the GUI shows them as a table."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from gridoffice.domain.codes import GridLevel, grid_level_label
from gridoffice.i18n import tr
from gridoffice.services.grids import core as grids
from gridoffice.services.refused import Refused
from gridoffice.services.staff.core import ROLE_ORDER
from gridoffice.store import Database
from gridoffice.store.models import Post, Staff


@dataclass(frozen=True)
class RosterRow:
    grid_level: str  # label: 总网格 / 一般网格 / 微网格 / 专属网格
    grid_code: str
    grid: str
    post: str
    name: str
    sex: str
    background: str
    party_member: bool
    phone: str  # the work phone, else the staff member's own
    households: int  # households in the grid (and below it)
    service_team: bool
    grid_id: int
    staff_id: int


def roster_headers() -> tuple[str, ...]:
    return (tr("网格层级"), tr("网格"), tr("岗位"), tr("姓名"), tr("性别"), tr("身份"),
            tr("联系电话"), tr("覆盖户数"), tr("服务团队成员"))


def communities(db: Database) -> list[tuple[int, str]]:
    """(id, name) of every community (总网格), in tree order."""
    return [(n.id, n.name) for root in grids.tree(db) for n in root.walk() if n.level == GridLevel.COMMUNITY]


def staff_roster(db: Database, community_id: int) -> list[RosterRow]:
    """Roster rows for one community; active staff only."""
    node = next((n for root in grids.tree(db) for n in root.walk() if n.id == community_id), None)
    if node is None or node.level != GridLevel.COMMUNITY:
        raise Refused(tr("请选择一个村（社区）。"))
    order = list(node.walk())  # depth first: each general grid followed by its micro-grids
    by_id = {n.id: n for n in order}
    with db.reading() as s:
        rows = s.execute(
            select(Post.grid_id, Post.role, Post.in_service_team, Post.work_phone, Post.sort_order,
                   Staff.id, Staff.name, Staff.sex, Staff.background, Staff.party_member, Staff.phone)
            .join(Staff, Staff.id == Post.staff_id)
            .where(Post.grid_id.in_(list(by_id)), Staff.active)).all()
    position = {gid: i for i, gid in enumerate(by_id)}
    rows = sorted(rows, key=lambda r: (position[r.grid_id], ROLE_ORDER.get(r.role, 99), r.sort_order, r.name))
    result = []
    for r in rows:
        g = by_id[r.grid_id]
        result.append(RosterRow(grid_level_label(g.level), g.code, g.name, r.role, r.name, r.sex or "",
                                r.background, r.party_member, r.work_phone or r.phone or "",
                                g.households, r.in_service_team, g.id, r.id))
    return result


def roster_cells(row: RosterRow) -> tuple[object, ...]:
    """The row as shown under roster_headers()."""
    return (row.grid_level, row.grid, row.post, row.name, row.sex, row.background, row.phone,
            row.households, tr("是") if row.service_team else "")
