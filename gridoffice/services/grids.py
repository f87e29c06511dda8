"""Reading the grid tree (with household counts) for the tree pane, lists and checks, and the one
way to name a grid (``catalogue``: path and label per grid id)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from gridoffice.domain.codes import GridLevel
from gridoffice.store import Database
from gridoffice.store.models import Grid, Household


@dataclass
class GridNode:
    id: int
    parent_id: int | None
    level: str
    code: str
    name: str
    covers: str
    own_households: int  # households assigned directly to this grid
    children: list[GridNode] = field(default_factory=list)

    @property
    def households(self) -> int:
        """Households in this grid and everything below it."""
        return self.own_households + sum(c.households for c in self.children)

    def walk(self):  # type: ignore[no-untyped-def]
        yield self
        for child in self.children:
            yield from child.walk()


def tree(db: Database) -> list[GridNode]:
    """The roots (street or community) with their subtrees, in sort order."""
    with db.reading() as s:
        counts = dict(
            s.execute(
                select(Household.grid_id, func.count())
                .where(Household.deleted_at.is_(None), Household.grid_id.is_not(None))
                .group_by(Household.grid_id)
            ).all()
        )
        rows = s.execute(
            select(Grid.id, Grid.parent_id, Grid.level, Grid.code, Grid.name, Grid.covers)
            .where(Grid.deleted_at.is_(None))
            .order_by(Grid.sort_order, Grid.code)
        ).all()
    nodes = {r.id: GridNode(r.id, r.parent_id, r.level, r.code, r.name, r.covers, counts.get(r.id, 0)) for r in rows}
    roots: list[GridNode] = []
    for node in nodes.values():
        parent = nodes.get(node.parent_id) if node.parent_id is not None else None
        (parent.children if parent else roots).append(node)
    return roots


def unassigned_households(db: Database) -> int:
    with db.reading() as s:
        return s.scalar(
            select(func.count()).select_from(Household)
            .where(Household.deleted_at.is_(None), Household.grid_id.is_(None))
        ) or 0


# ---- one way to name a grid ----------------------------------------------------------------
SEP = " · "


@dataclass(frozen=True)
class GridInfo:
    """A grid with its place in the tree: ids of its community and general grid, the names on
    the way down (the street left out) and a label that tells it apart from every other grid."""

    id: int
    parent_id: int | None
    level: str
    code: str
    name: str
    sort_order: int
    deleted: bool
    community_id: int | None  # the community (总网格) it lies in, itself for a community
    general_id: int | None  # the general grid it lies in, itself for a general grid
    community: str  # names, "" when the grid is above that level
    general: str
    micro: str  # the micro (or dedicated) grid's name, "" above it
    path: str  # 大弯社区 · 第1网格 · 第3微网格
    label: str  # the shortest tail of the path that no other grid has (the name when unique)
    order: tuple  # type: ignore[type-arg]  # tree order: sort orders from the root, then the code


def catalogue(s: Session) -> dict[int, GridInfo]:
    """Every grid (deleted ones too, for old records) by id, in one query."""
    rows = s.execute(select(Grid.id, Grid.parent_id, Grid.level, Grid.code, Grid.name, Grid.sort_order,
                            Grid.deleted_at)).all()
    info = {r.id: r for r in rows}
    chains: dict[int, list] = {}  # type: ignore[type-arg]
    for r in rows:
        chain, node, seen = [], r, 0
        while node is not None and seen < 12:
            chain.append(node)
            node = info.get(node.parent_id) if node.parent_id is not None else None
            seen += 1
        chains[r.id] = list(reversed(chain))
    names = {gid: [n.name for n in chain if n.level != GridLevel.STREET] or [info[gid].name]
             for gid, chain in chains.items()}
    tails: dict[tuple[str, ...], int] = {}
    for gid, parts in names.items():
        if info[gid].deleted_at is None:
            for k in range(1, len(parts) + 1):
                key = tuple(parts[-k:])
                tails[key] = tails.get(key, 0) + 1
    out: dict[int, GridInfo] = {}
    for gid, chain in chains.items():
        r = info[gid]
        by_level: dict[str, Any] = {}
        for n in chain:
            level = GridLevel.MICRO if n.level == GridLevel.DEDICATED else n.level
            by_level.setdefault(level, n)
        parts = names[gid]
        label = SEP.join(parts)
        for k in range(1, len(parts) + 1):
            if tails.get(tuple(parts[-k:]), 0) <= 1:
                label = SEP.join(parts[-k:])
                break
        community, general, micro = (by_level.get(x) for x in (GridLevel.COMMUNITY, GridLevel.GENERAL, GridLevel.MICRO))
        out[gid] = GridInfo(
            gid, r.parent_id, r.level, r.code, r.name, r.sort_order or 0, r.deleted_at is not None,
            community.id if community else None, general.id if general else None,
            community.name if community else "", general.name if general else "", micro.name if micro else "",
            SEP.join(parts), label, (tuple(n.sort_order or 0 for n in chain), r.code))
    return out


def labels(db: Database) -> dict[int, str]:
    """grid id → the label to show (name when unique in the database, else the path)."""
    with db.reading() as s:
        return {gid: g.label for gid, g in catalogue(s).items()}


def order_key(grids: dict[int, GridInfo], gid: int | None) -> tuple:  # type: ignore[type-arg]
    """Tree order; the unassigned bucket (and unknown grids) last."""
    g = grids.get(gid) if gid is not None else None
    return (1, (), "") if g is None else (0, *g.order)

