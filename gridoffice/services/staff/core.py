"""The staff directory and their posts: who works in which grid, in which role, who is on a
micro-grid's service team, and whom residents should call. One person may hold posts in
several grids. Staff are never deleted (their names are on visit records): they leave (离任)."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import func, or_, select

from gridoffice.domain import phone as phones
from gridoffice.domain import pinyin
from gridoffice.domain.codes import LEADER_ROLE, GridLevel, Role, grid_level_label
from gridoffice.i18n import tr
from gridoffice.services.changes import Change, operation
from gridoffice.services.grids.core import catalogue
from gridoffice.services.refused import Refused
from gridoffice.store import Database
from gridoffice.store.models import Grid, Post, Staff

# Roles in the order boards and rosters list them.
ROLE_ORDER: dict[str, int] = {str(r): i for i, r in enumerate(Role)}
# Roles that belong to a micro-grid's service team by default.
TEAM_ROLES = (Role.MICRO_LEADER, Role.MICRO_STAFF, Role.DOCTOR)
# A leading role may only be held in a grid of its own level.
_ROLE_LEVELS: dict[str, tuple[str, ...]] = {
    Role.CHIEF: (GridLevel.COMMUNITY,),
    Role.GENERAL_LEADER: (GridLevel.GENERAL,),
    Role.MICRO_LEADER: (GridLevel.MICRO, GridLevel.DEDICATED),
}
SEXES = ("男", "女")


@dataclass(frozen=True)
class StaffFields:
    """What a clerk types about a staff member."""

    name: str
    sex: str | None = None
    phone: str | None = None
    background: str = ""
    party_member: bool = False
    photo_path: str | None = None
    note: str = ""


@dataclass(frozen=True)
class StaffRow:
    id: int
    name: str
    sex: str
    phone: str
    background: str
    party_member: bool
    photo_path: str
    active: bool
    note: str
    posts: str  # "第7微网格 微网格长；第一网格 一般网格长"


@dataclass(frozen=True)
class PostRow:
    id: int
    staff_id: int
    staff_name: str
    grid_id: int
    grid_code: str
    grid_name: str
    grid_level: str
    role: str
    in_service_team: bool
    phone: str  # the work phone, else the staff member's own
    sort_order: int
    active: bool


def _clean(values: StaffFields, old_photo: str | None = None) -> dict[str, Any]:
    name = "".join(str(values.name).split())
    if not name:
        raise Refused(tr("姓名不能为空。"))
    if len(name) > 50:
        raise Refused(tr("姓名太长（最多 50 个字）。"))
    sex = (values.sex or "").strip() or None
    if sex is not None and sex not in SEXES:
        raise Refused(tr("性别应为“男”或“女”。"))
    checked = phones.check(values.phone)
    if checked.problem:
        raise Refused(tr("电话“{raw}”有误：{problem}").format(raw=values.phone, problem=checked.problem))
    photo = (values.photo_path or "").strip() or None
    if photo is not None and photo != old_photo and not os.path.isfile(photo):
        raise Refused(tr("找不到照片文件：{path}").format(path=photo))
    return dict(name=name, name_pinyin=pinyin.full(name), name_initials=pinyin.initials(name), sex=sex,
                phone=checked.normalized, background=values.background.strip()[:50],
                party_member=bool(values.party_member), photo_path=photo, note=values.note.strip()[:500])


def _live_staff(s, staff_id: int) -> Staff:  # type: ignore[no-untyped-def]
    st = s.get(Staff, staff_id)
    if st is None:
        raise Refused(tr("找不到这位网格员。"))
    return st


# ---- staff -----------------------------------------------------------------------------------
def add_staff(db: Database, values: StaffFields) -> Change:
    data = _clean(values)
    with operation(db, tr("新增网格员{name}").format(name=data["name"])) as op:
        op.session.add(Staff(**data))
    return op.change


def update_staff(db: Database, staff_id: int, values: StaffFields) -> Change:
    with operation(db, "") as op:
        st = _live_staff(op.session, staff_id)
        data = _clean(values, old_photo=st.photo_path)
        for key, value in data.items():
            setattr(st, key, value)
        op.description = tr("修改网格员{name}").format(name=data["name"])
        op.touch("staff", [staff_id])
        op.touch("post")
    return op.change


def set_active(db: Database, staff_id: int, active: bool) -> Change:
    """离任 (inactive: kept on record, no longer listed on teams) or back in service."""
    with operation(db, "") as op:
        st = _live_staff(op.session, staff_id)
        st.active = active
        op.description = (tr("{name}复任") if active else tr("{name}离任")).format(name=st.name)
    return op.change


def list_staff(db: Database, search: str = "", include_inactive: bool = True) -> list[StaffRow]:
    """Staff by name; ``search`` matches name, pinyin, initials, phone or background. Plain
    columns, not ORM objects (3,125 staff on a street: 0.5 s → 0.1 s)."""
    with db.reading() as s:
        q = select(Staff.id, Staff.name, Staff.sex, Staff.phone, Staff.background, Staff.party_member,
                   Staff.photo_path, Staff.active, Staff.note)
        if not include_inactive:
            q = q.where(Staff.active)
        text = search.strip()
        if text:
            like = f"%{text}%"
            q = q.where(or_(Staff.name.like(like), Staff.name_pinyin.like(f"%{text.lower()}%"),
                            Staff.name_initials.like(f"%{text.lower()}%"), Staff.phone.like(like),
                            Staff.background.like(like)))
        staff = s.execute(q.order_by(Staff.name_pinyin, Staff.id)).all()
        posts: dict[int, list[str]] = {}
        labels = {gid: g.label for gid, g in catalogue(s).items()} if staff else {}
        post_rows = (select(Post.staff_id, Grid.id, Post.role).join(Grid, Grid.id == Post.grid_id)
                     .where(Grid.deleted_at.is_(None)).order_by(Grid.sort_order, Grid.code))
        if text or not include_inactive:  # a part of the staff: their posts only
            ids = [st.id for st in staff]
            chunks = [post_rows.where(Post.staff_id.in_(ids[i:i + 500])) for i in range(0, len(ids), 500)]
        else:
            chunks = [post_rows]
        for query in chunks:
            for sid, gid, role in s.execute(query).all():
                posts.setdefault(sid, []).append(f"{labels.get(gid, '')} {role}")
    return [StaffRow(st.id, st.name, st.sex or "", st.phone or "", st.background, st.party_member,
                     st.photo_path or "", st.active, st.note, "；".join(posts.get(st.id, [])))
            for st in staff]


def get_staff(db: Database, staff_id: int) -> StaffRow | None:
    with db.reading() as s:
        st = s.get(Staff, staff_id)
        if st is None:
            return None
        name = st.name
    return next((r for r in list_staff(db, name) if r.id == staff_id), None)


def active_staff_ids(db: Database, name: str) -> list[int]:
    """Ids of the serving staff called `name` (names are not unique: the caller decides)."""
    with db.reading() as s:
        return list(s.scalars(select(Staff.id).where(Staff.name == name.strip(), Staff.active)))


# ---- posts -----------------------------------------------------------------------------------
def _post_rows(db: Database, *where: Any) -> list[PostRow]:
    with db.reading() as s:
        rows = s.execute(
            select(Post, Staff.name, Staff.phone, Staff.active, Grid.code, Grid.name, Grid.level)
            .join(Staff, Staff.id == Post.staff_id).join(Grid, Grid.id == Post.grid_id)
            .where(Grid.deleted_at.is_(None), *where)).all()
        labels = {gid: g.label for gid, g in catalogue(s).items()} if rows else {}
    result = [PostRow(p.id, p.staff_id, sname, p.grid_id, gcode, labels.get(p.grid_id, gname), glevel, p.role,
                      p.in_service_team, p.work_phone or sphone or "", p.sort_order, bool(active))
              for p, sname, sphone, active, gcode, gname, glevel in rows]
    result.sort(key=lambda r: (r.sort_order, ROLE_ORDER.get(r.role, 99), r.staff_name, r.id))
    return result


def grid_posts(db: Database, grid_id: int) -> list[PostRow]:
    """Everyone holding a post in this grid, team first order (sort order, then role)."""
    return _post_rows(db, Post.grid_id == grid_id)


def staff_posts(db: Database, staff_id: int) -> list[PostRow]:
    return _post_rows(db, Post.staff_id == staff_id)


def assign_post(db: Database, staff_id: int, grid_id: int, role: str,
                in_service_team: bool | None = None, work_phone: str | None = None,
                ) -> Change:
    """Give a staff member a post in a grid. On a micro-grid the leader, staff and family
    doctor join the service team unless ``in_service_team`` says otherwise."""
    checked = phones.check(work_phone)
    if checked.problem:
        raise Refused(tr("工作电话“{raw}”有误：{problem}").format(raw=work_phone, problem=checked.problem))
    with operation(db, "") as op:
        s = op.session
        st = _live_staff(s, staff_id)
        grid = s.get(Grid, grid_id)
        if grid is None or grid.deleted_at is not None:
            raise Refused(tr("网格不存在或已被合并、删除。"))
        if role not in ROLE_ORDER:
            raise Refused(tr("未知的岗位：{role}").format(role=role))
        levels = _ROLE_LEVELS.get(role)
        if levels is not None and grid.level not in levels:
            raise Refused(tr("{role}只能设在{levels}。").format(
                role=role, levels="、".join(grid_level_label(x) for x in levels)))
        if s.scalars(select(Post).where(Post.staff_id == staff_id, Post.grid_id == grid_id,
                                        Post.role == role)).first() is not None:
            raise Refused(tr("{name}已经是“{grid}”的{role}。").format(name=st.name, grid=grid.name, role=role))
        if in_service_team is None:
            in_service_team = grid.level in (GridLevel.MICRO, GridLevel.DEDICATED) and role in TEAM_ROLES
        top = s.scalar(select(func.max(Post.sort_order)).where(Post.grid_id == grid_id))
        s.add(Post(staff_id=staff_id, grid_id=grid_id, role=role, in_service_team=in_service_team,
                   work_phone=checked.normalized, sort_order=0 if top is None else top + 1))
        op.description = tr("任命{name}为“{grid}”{role}").format(name=st.name, grid=grid.name, role=role)
        op.touch("staff", [staff_id])
        op.touch("grid", [grid_id])
    return op.change


def remove_post(db: Database, post_id: int) -> Change:
    with operation(db, "") as op:
        s = op.session
        post = s.get(Post, post_id)
        if post is None:
            raise Refused(tr("这个岗位已不存在。"))
        st = s.get(Staff, post.staff_id)
        grid = s.get(Grid, post.grid_id)
        s.delete(post)
        op.description = tr("免去{name}“{grid}”{role}").format(
            name=st.name if st else "", grid=grid.name if grid else "", role=post.role)
        op.touch("staff", [post.staff_id])
        op.touch("grid", [post.grid_id])
    return op.change


def update_post(db: Database, post_id: int, *, in_service_team: bool | None = None,
                work_phone: str | None = None) -> Change:
    """Put a post on or off the service team, or give it a work phone ("" clears it)."""
    with operation(db, "") as op:
        s = op.session
        post = s.get(Post, post_id)
        if post is None:
            raise Refused(tr("这个岗位已不存在。"))
        was_in_team = post.in_service_team
        if in_service_team is not None:
            post.in_service_team = in_service_team
        if work_phone is not None:
            checked = phones.check(work_phone)
            if checked.problem:
                raise Refused(tr("工作电话“{raw}”有误：{problem}").format(raw=work_phone, problem=checked.problem))
            post.work_phone = checked.normalized
        st = s.get(Staff, post.staff_id)
        if in_service_team is not None and in_service_team != was_in_team:
            text = tr("{name}加入服务团队") if in_service_team else tr("{name}退出服务团队")
        else:
            text = tr("修改{name}的岗位")
        op.description = text.format(name=st.name if st else "")
        op.touch("post", [post_id])
        op.touch("staff", [post.staff_id])
        op.touch("grid", [post.grid_id])
    return op.change


def set_first_contact(db: Database, post_id: int) -> Change:
    """Make this post the first one residents of the grid should call (it moves to the top)."""
    with db.reading() as s:
        post = s.get(Post, post_id)
        if post is None:
            raise Refused(tr("这个岗位已不存在。"))
        grid_id = post.grid_id
    current = grid_posts(db, grid_id)
    order = [post_id] + [p.id for p in current if p.id != post_id]
    name = next((p.staff_name for p in current if p.id == post_id), "")
    with operation(db, tr("把{name}设为首要联系人").format(name=name)) as op:
        for i, pid in enumerate(order):
            row = op.session.get(Post, pid)
            if row is not None:
                row.sort_order = i
        op.touch("post", order)
        op.touch("grid", [grid_id])
    return op.change


def service_team(db: Database, grid_id: int) -> list[PostRow]:
    """The micro-grid's service team (active staff on the team), first contact first. One
    person with two posts in the grid counts once (their first post)."""
    seen: set[int] = set()
    team = []
    for p in grid_posts(db, grid_id):
        if p.in_service_team and p.active and p.staff_id not in seen:
            seen.add(p.staff_id)
            team.append(p)
    return team


def whom_to_call(db: Database, grid_id: int) -> PostRow | None:
    """Whom residents of the grid should call: the first team member with a valid phone;
    without a team, the grid's leader with a phone."""
    for p in service_team(db, grid_id):
        if p.phone and phones.check(p.phone).ok:
            return p
    with db.reading() as s:
        grid = s.get(Grid, grid_id)
        level = grid.level if grid else None
    leader = LEADER_ROLE.get(level or "")
    for p in grid_posts(db, grid_id):
        if p.role == leader and p.active and p.phone and phones.check(p.phone).ok:
            return p
    return None


def roles() -> list[str]:
    return list(ROLE_ORDER)


def roles_for_level(level: str) -> list[str]:
    """The posts that may be given in a grid of ``level``, in board order."""
    return [r for r in ROLE_ORDER if level in _ROLE_LEVELS.get(r, (level,))]


STAFF_FIELD_NAMES = tuple(f.name for f in fields(StaffFields))
