"""Checks on the grid structure: what a clerk must fix before the boards are printed.

Each finding names its kind, the grid code, a Chinese sentence and where it is fixed (a grid,
a staff member or the unassigned households)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass

from sqlalchemy import func, select

from gridoffice.domain import phone as phones
from gridoffice.domain.codes import (
    GENERAL_HOUSEHOLDS,
    LEADER_ROLE,
    MICRO_HOUSEHOLDS,
    SERVICE_TEAM_SIZE,
    GridLevel,
    Role,
    grid_level_label,
)
from gridoffice.i18n import tr
from gridoffice.services.grids import core as grids
from gridoffice.services.grids.assign import HOLDING_LEVELS
from gridoffice.store import Database
from gridoffice.store.models import Grid, Household, Post, Staff

# Kinds, in the order the panel lists them.
MICRO_SIZE = "micro_size"
GENERAL_SIZE = "general_size"
NO_LEADER = "no_leader"
NO_DOCTOR = "no_doctor"
TEAM_SIZE = "team_size"
BAD_PHONE = "bad_phone"
UNASSIGNED = "unassigned_households"
KINDS = (UNASSIGNED, MICRO_SIZE, GENERAL_SIZE, NO_LEADER, NO_DOCTOR, TEAM_SIZE, BAD_PHONE)

# Where a finding is fixed.
TARGET_GRID, TARGET_STAFF, TARGET_HOUSEHOLDS = "grid", "staff", "households"


def kind_label(kind: str) -> str:
    return {
        MICRO_SIZE: tr("微网格户数"),
        GENERAL_SIZE: tr("一般网格户数"),
        NO_LEADER: tr("缺网格长"),
        NO_DOCTOR: tr("缺家庭医生"),
        TEAM_SIZE: tr("服务团队人数"),
        BAD_PHONE: tr("电话有误"),
        UNASSIGNED: tr("未划入微网格"),
    }.get(kind, kind)


@dataclass(frozen=True)
class Finding:
    kind: str
    grid_code: str
    message: str
    target_kind: str
    target_id: int | None
    grid_id: int | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def run(db: Database) -> list[Finding]:
    """Every finding in the database, ordered by kind then by tree position."""
    roots = grids.tree(db)
    nodes = [n for root in roots for n in root.walk()]
    label = grids.labels(db)  # the name, or the path where it repeats (every community has a 第1网格)
    with db.reading() as s:
        posts = s.execute(
            select(Post.grid_id, Post.staff_id, Post.role, Post.in_service_team, Post.work_phone, Post.id,
                   Staff.active)
            .join(Staff, Staff.id == Post.staff_id)).all()
        staff = s.execute(select(Staff.id, Staff.name, Staff.phone).where(Staff.active)).all()
        unassigned = s.scalar(
            select(func.count()).select_from(Household)
            .outerjoin(Grid, (Grid.id == Household.grid_id) & Grid.deleted_at.is_(None))
            .where(Household.deleted_at.is_(None),
                   Grid.id.is_(None) | Grid.level.not_in(HOLDING_LEVELS))) or 0
    roles: dict[int, set[str]] = defaultdict(set)
    team: dict[int, set[int]] = defaultdict(set)
    for p in posts:
        if not p.active:
            continue
        roles[p.grid_id].add(p.role)
        if p.in_service_team:
            team[p.grid_id].add(p.staff_id)
    by_kind: dict[str, list[Finding]] = defaultdict(list)
    if unassigned:
        by_kind[UNASSIGNED].append(Finding(
            UNASSIGNED, "", tr("有 {n} 户没有划入微网格").format(n=unassigned), TARGET_HOUSEHOLDS, None))
    lo_m, hi_m = MICRO_HOUSEHOLDS
    lo_g, hi_g = GENERAL_HOUSEHOLDS
    lo_t, hi_t = SERVICE_TEAM_SIZE
    for n in nodes:
        def add(kind: str, message: str, node: grids.GridNode = n) -> None:
            by_kind[kind].append(Finding(kind, node.code, message, TARGET_GRID, node.id, node.id))

        count = n.households
        if n.level == GridLevel.MICRO and not lo_m <= count <= hi_m:
            add(MICRO_SIZE, tr("{name}有 {n} 户，微网格应为 {lo}–{hi} 户").format(
                name=label[n.id], n=count, lo=lo_m, hi=hi_m))
        if n.level == GridLevel.GENERAL and not lo_g <= count <= hi_g:
            add(GENERAL_SIZE, tr("{name}有 {n} 户，一般网格应为 {lo}–{hi} 户").format(
                name=label[n.id], n=count, lo=lo_g, hi=hi_g))
        leader = LEADER_ROLE.get(n.level)
        if leader is not None and leader not in roles[n.id]:
            add(NO_LEADER, tr("{name}（{level}）没有{role}").format(
                name=label[n.id], level=grid_level_label(n.level), role=leader))
        if n.level == GridLevel.MICRO:
            if Role.DOCTOR not in roles[n.id]:
                add(NO_DOCTOR, tr("{name}没有家庭医生").format(name=label[n.id]))
            size = len(team[n.id])
            if not lo_t <= size <= hi_t:
                add(TEAM_SIZE, tr("{name}的服务团队有 {n} 人，应为 {lo}–{hi} 人").format(
                    name=label[n.id], n=size, lo=lo_t, hi=hi_t))
    codes = {n.id: n.code for n in nodes}
    first_grid: dict[int, int] = {}
    for p in posts:
        if p.grid_id in codes:
            first_grid.setdefault(p.staff_id, p.grid_id)
    for sid, name, raw in staff:
        checked = phones.check(raw)
        gid = first_grid.get(sid)
        code = codes.get(gid, "") if gid is not None else ""
        if checked.problem:
            by_kind[BAD_PHONE].append(Finding(BAD_PHONE, code, tr("网格员{name}的电话“{raw}”有误：{problem}").format(
                name=name, raw=raw, problem=checked.problem), TARGET_STAFF, sid, gid))
    for p in posts:
        if p.work_phone and p.active and p.grid_id in codes and phones.check(p.work_phone).problem:
            by_kind[BAD_PHONE].append(Finding(BAD_PHONE, codes[p.grid_id], tr("岗位工作电话“{raw}”有误").format(
                raw=p.work_phone), TARGET_STAFF, p.staff_id, p.grid_id))
    return [f for kind in KINDS for f in by_kind[kind]]


def summary(findings: list[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(KINDS, 0)
    for f in findings:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    return counts
