"""Editing the grid hierarchy: add, rename, re-code, say what a grid covers, move, merge,
split and remove grids. Levels follow ``domain.codes.ALLOWED_PARENTS``; codes are unique.
Merging and splitting carry the households (and sub-grids and posts) with them and never lose
one; every call returns a ``Change`` whose undo restores the exact previous state.

A removed or merged grid keeps its row (visits and matters point at it) with ``deleted_at`` set
and its code parked as ``~<id>~<code>`` so the code can be used again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import Session

from gridoffice.domain.codes import ALLOWED_PARENTS, GridLevel, grid_level_label
from gridoffice.i18n import tr
from gridoffice.services.changes import Change, operation
from gridoffice.services.grids.assign import set_household_grids
from gridoffice.services.refused import Refused
from gridoffice.store import Database
from gridoffice.store.models import Grid, Household, Post

CODE_MAX, NAME_MAX, COVERS_MAX = 32, 100, 500


@dataclass(frozen=True)
class GridInfo:
    id: int
    parent_id: int | None
    level: str
    code: str
    name: str
    covers: str
    note: str
    sort_order: int


def _info(g: Grid) -> GridInfo:
    assert g.id is not None
    return GridInfo(g.id, g.parent_id, g.level, g.code, g.name, g.covers, g.note, g.sort_order)


def get_grid(db: Database, grid_id: int) -> GridInfo | None:
    with db.reading() as s:
        g = s.get(Grid, grid_id)
        return _info(g) if g is not None and g.deleted_at is None else None


def child_levels(level: str | None) -> list[str]:
    """Levels that may be added under a grid of ``level`` (None: at the top)."""
    return [child for child, parents in ALLOWED_PARENTS.items() if level in parents]


# ---- validation ------------------------------------------------------------------------------
def _live(s: Session, grid_id: int) -> Grid:
    g = s.get(Grid, grid_id)
    if g is None or g.deleted_at is not None:
        raise Refused(tr("网格不存在或已被合并、删除。"))
    return g


def _clean_code(s: Session, code: str, except_id: int | None = None) -> str:
    code = "".join(str(code).split())
    if not code:
        raise Refused(tr("网格编码不能为空。"))
    if len(code) > CODE_MAX or code.startswith("~"):
        raise Refused(tr("网格编码不能超过 {n} 个字符，也不能以 ~ 开头。").format(n=CODE_MAX))
    other = s.scalars(select(Grid).where(Grid.code == code)).first()
    if other is not None and other.id != except_id:
        raise Refused(tr("网格编码“{code}”已被“{name}”使用，编码不能重复。").format(code=code, name=other.name))
    return code


def _clean_name(name: str) -> str:
    name = str(name).strip()
    if not name:
        raise Refused(tr("网格名称不能为空。"))
    if len(name) > NAME_MAX:
        raise Refused(tr("网格名称不能超过 {n} 个字。").format(n=NAME_MAX))
    return name


def _clean_covers(covers: str) -> str:
    covers = str(covers).strip()
    if len(covers) > COVERS_MAX:
        raise Refused(tr("覆盖范围不能超过 {n} 个字。").format(n=COVERS_MAX))
    return covers


def _check_parent(level: str, parent: Grid | None) -> None:
    if level not in ALLOWED_PARENTS:
        raise Refused(tr("未知的网格层级：{level}").format(level=level))
    parent_level = parent.level if parent is not None else None
    if parent_level not in ALLOWED_PARENTS[level]:
        where = grid_level_label(parent_level) if parent_level else tr("最上层")
        raise Refused(tr("{level}不能放在{where}下面。").format(level=grid_level_label(level), where=where))


def _subtree(s: Session, grid_id: int) -> set[int]:
    rows = s.execute(select(Grid.id, Grid.parent_id).where(Grid.deleted_at.is_(None))).all()
    children: dict[int | None, list[int]] = {}
    for gid, parent in rows:
        children.setdefault(parent, []).append(gid)
    found, todo = set(), [grid_id]
    while todo:
        gid = todo.pop()
        found.add(gid)
        todo.extend(children.get(gid, ()))
    return found


def _next_order(s: Session, parent_id: int | None) -> int:
    value = s.scalar(select(func.max(Grid.sort_order)).where(Grid.parent_id == parent_id,
                                                             Grid.deleted_at.is_(None)))
    return (value + 1) if value is not None else 0


# ---- add / remove ----------------------------------------------------------------------------
def add_grid(db: Database, parent_id: int | None, level: str, code: str, name: str,
             covers: str = "", note: str = "") -> Change:
    """A new grid under ``parent_id``."""
    with operation(db, "") as op:
        s = op.session
        parent = _live(s, parent_id) if parent_id is not None else None
        _check_parent(level, parent)
        grid = Grid(parent_id=parent_id, level=level, code=_clean_code(s, code),
                    name=_clean_name(name), covers=_clean_covers(covers), note=str(note).strip(),
                    sort_order=_next_order(s, parent_id))
        s.add(grid)
        op.description = tr("新建{level}“{name}”").format(level=grid_level_label(level), name=grid.name)
    return op.change


def _park(grid: Grid, now: dt.datetime) -> None:
    grid.deleted_at = now
    grid.code = f"~{grid.id}~{grid.code}"[:CODE_MAX]


def remove_grid(db: Database, grid_id: int) -> Change:
    """Remove an empty grid (no households, no sub-grids); its posts go with it. Undo brings
    back the grid and its posts."""
    with operation(db, "") as op:
        s = op.session
        grid = _live(s, grid_id)
        if s.scalar(select(func.count()).select_from(Grid).where(Grid.parent_id == grid_id,
                                                                  Grid.deleted_at.is_(None))):
            raise Refused(tr("“{name}”下还有下级网格，请先移走或合并。").format(name=grid.name))
        if s.scalar(select(func.count()).select_from(Household).where(
                Household.grid_id == grid_id, Household.deleted_at.is_(None))):
            raise Refused(tr("“{name}”里还有住户，请先把住户划到别的网格，或用“合并”。").format(name=grid.name))
        for p in s.scalars(select(Post).where(Post.grid_id == grid_id)).all():
            s.delete(p)
        op.description = tr("删除网格“{name}”").format(name=grid.name)
        _park(grid, dt.datetime.now().replace(microsecond=0))
    return op.change


# ---- rename / re-code / covers / move --------------------------------------------------------
def update_grid(db: Database, grid_id: int, *, name: str | None = None, code: str | None = None,
                covers: str | None = None, note: str | None = None) -> Change:
    """Rename, re-code, or change what a grid covers (only the fields given)."""
    with operation(db, tr("网格未改动")) as op:
        s = op.session
        grid = _live(s, grid_id)
        before = dict(name=grid.name, code=grid.code)
        if name is not None:
            grid.name = _clean_name(name)
        if code is not None:
            grid.code = _clean_code(s, code, grid_id)
        if covers is not None:
            grid.covers = _clean_covers(covers)
        if note is not None:
            grid.note = str(note).strip()
        if grid.name != before["name"]:
            op.description = tr("把“{old}”改名为“{new}”").format(old=before["name"], new=grid.name)
        elif grid.code != before["code"]:
            op.description = tr("把“{name}”的编码改为 {code}").format(name=grid.name, code=grid.code)
        elif s.is_modified(grid):
            op.description = tr("修改“{name}”").format(name=grid.name)
    return op.change


def move_grid(db: Database, grid_id: int, new_parent_id: int) -> Change:
    """Put a grid (with everything under it) under another parent of an allowed level."""
    with operation(db, tr("网格未改动")) as op:
        s = op.session
        grid = _live(s, grid_id)
        parent = _live(s, new_parent_id)
        if new_parent_id in _subtree(s, grid_id):
            raise Refused(tr("不能把网格移到它自己或它的下级网格下面。"))
        _check_parent(grid.level, parent)
        if grid.parent_id != new_parent_id:
            op.touch("grid", [grid.parent_id, new_parent_id] if grid.parent_id else [new_parent_id])
            grid.parent_id = new_parent_id
            grid.sort_order = _next_order(s, new_parent_id)
            op.description = tr("把“{name}”移到“{parent}”下").format(name=grid.name, parent=parent.name)
    return op.change


# ---- merge -------------------------------------------------------------------------------------
def merge_grids(db: Database, target_id: int, source_ids: Iterable[int]) -> Change:
    """Merge grids of the same level into ``target_id``: their households, sub-grids and posts
    move to the target (a post the target already has is not doubled), what they cover is added
    to the target's, and the merged grids are removed."""
    sources = [sid for sid in dict.fromkeys(source_ids) if sid != target_id]
    if not sources:
        raise Refused(tr("请至少选一个要并入的网格。"))
    now = dt.datetime.now().replace(microsecond=0)
    with operation(db, "") as op:
        s = op.session
        target = _live(s, target_id)
        grids = [_live(s, sid) for sid in sources]
        for g in grids:
            if g.level != target.level:
                raise Refused(tr("只能合并同一层级的网格：“{a}”是{la}，“{b}”是{lb}。").format(
                    a=g.name, la=grid_level_label(g.level), b=target.name, lb=grid_level_label(target.level)))
        if target.level in (GridLevel.STREET, GridLevel.COMMUNITY):
            raise Refused(tr("村（社区）和街道不能在这里合并。"))
        hh_rows = s.execute(select(Household.id).where(Household.grid_id.in_(sources))).scalars().all()
        households = set_household_grids(s, dict.fromkeys(hh_rows, target_id))
        order = _next_order(s, target_id)
        for child in s.scalars(select(Grid).where(Grid.parent_id.in_(sources), Grid.deleted_at.is_(None))
                               .order_by(Grid.sort_order, Grid.code)).all():
            child.parent_id, child.sort_order = target_id, order
            order += 1
        held = {(p.staff_id, p.role) for p in s.scalars(select(Post).where(Post.grid_id == target_id))}
        for post in s.scalars(select(Post).where(Post.grid_id.in_(sources)).order_by(Post.id)).all():
            if (post.staff_id, post.role) in held:
                s.delete(post)
            else:
                held.add((post.staff_id, post.role))
                post.grid_id = target_id
        covers = [c for c in [target.covers, *(g.covers for g in grids)] if c]
        target.covers = "、".join(dict.fromkeys(covers))[:COVERS_MAX]
        names = "、".join(g.name for g in grids)
        s.flush()
        for g in grids:
            _park(g, now)
        op.description = tr("把{names}并入“{target}”（{n} 户）").format(names=names, target=target.name,
                                                                      n=len(households))
    return op.change


# ---- split -------------------------------------------------------------------------------------
def split_grid(db: Database, grid_id: int, code: str, name: str, household_ids: Iterable[int] = (),
               child_ids: Iterable[int] = (), covers: str = "") -> Change:
    """Split a grid: a new grid of the same level beside it takes the chosen households (and,
    for a general grid, the chosen micro-grids). Nothing else moves; posts stay."""
    hh = list(dict.fromkeys(household_ids))
    kids = list(dict.fromkeys(child_ids))
    if not hh and not kids:
        raise Refused(tr("拆分时请选出要分到新网格的住户或下级网格。"))
    with operation(db, "") as op:
        s = op.session
        grid = _live(s, grid_id)
        if grid.level in (GridLevel.STREET, GridLevel.COMMUNITY):
            raise Refused(tr("村（社区）和街道不能在这里拆分。"))
        own = set(s.scalars(select(Household.id).where(Household.grid_id == grid_id,
                                                       Household.deleted_at.is_(None))).all())
        if not set(hh) <= own:
            raise Refused(tr("有 {n} 户不在“{name}”里，不能从它拆出。").format(n=len(set(hh) - own), name=grid.name))
        own_children = set(s.scalars(select(Grid.id).where(Grid.parent_id == grid_id,
                                                           Grid.deleted_at.is_(None))).all())
        if not set(kids) <= own_children:
            raise Refused(tr("选中的下级网格不全在“{name}”下面。").format(name=grid.name))
        new = Grid(parent_id=grid.parent_id, level=grid.level, code=_clean_code(s, code),
                   name=_clean_name(name), covers=_clean_covers(covers), sort_order=grid.sort_order)
        s.add(new)
        s.flush()
        new_id = new.id
        assert new_id is not None
        for order, cid in enumerate(kids):
            child = s.get(Grid, cid)
            assert child is not None
            child.parent_id, child.sort_order = new_id, order
        s.flush()
        set_household_grids(s, dict.fromkeys(hh, new_id))
        op.description = tr("从“{old}”拆出“{new}”（{n} 户）").format(old=grid.name, new=new.name, n=len(hh))
        op.touch("grid", [grid_id])
    return op.change
