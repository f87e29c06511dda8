"""Reading the grid tree (with household counts) for the tree pane, lists and checks, and the one
way to name a grid (``catalogue``: path and label per grid id)."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    order: tuple  # tree order: sort orders from the root, then the code


# The last catalogue made, under the grid rows it was made from: a street's ~1,000 grids take
# ~0.1 s to name, and the person list asked for them on every page it fetched (on the GUI thread,
# twice per screen of scrolling). Keyed by the rows themselves, so never stale.
_last: tuple[tuple[tuple, ...], dict[int, GridInfo]] | None = None


def catalogue(s: Session) -> dict[int, GridInfo]:
    """Every grid (deleted ones too, for old records) by id, in one query."""
    global _last
    rows = tuple(tuple(r) for r in s.execute(select(Grid.id, Grid.parent_id, Grid.level, Grid.code, Grid.name,
                                                      Grid.sort_order, Grid.deleted_at.is_not(None))))
    last = _last
    if last is not None and last[0] == rows:
        return dict(last[1])
    out = _named(rows)
    _last = (rows, out)
    return dict(out)


def _named(rows: tuple[tuple, ...]) -> dict[int, GridInfo]:
    info = {r[0]: r for r in rows}
    street, micro_levels = str(GridLevel.STREET), (str(GridLevel.MICRO), str(GridLevel.DEDICATED))
    chains: dict[int, tuple] = {}  # root … grid

    def chain_of(gid: int, depth: int = 0) -> tuple:
        found = chains.get(gid)
        if found is None:
            r = info[gid]
            parent = r[1]
            up = chain_of(parent, depth + 1) if parent in info and depth < 12 else ()
            found = chains[gid] = (*up, r)
        return found

    names: dict[int, tuple[str, ...]] = {}
    tails: dict[tuple[str, ...], int] = {}
    for r in rows:
        parts = tuple(n[4] for n in chain_of(r[0]) if n[2] != street) or (r[4],)
        names[r[0]] = parts
        if not r[6]:
            for k in range(1, len(parts) + 1):
                tails[parts[-k:]] = tails.get(parts[-k:], 0) + 1
    out: dict[int, GridInfo] = {}
    for gid, parent, level, code, name, order, deleted in rows:
        chain = chains[gid]
        community = general = micro = None
        for n in chain:
            if n[2] == GridLevel.COMMUNITY and community is None:
                community = n
            elif n[2] == GridLevel.GENERAL and general is None:
                general = n
            elif n[2] in micro_levels and micro is None:
                micro = n
        parts = names[gid]
        label = next((SEP.join(parts[-k:]) for k in range(1, len(parts) + 1) if tails.get(parts[-k:], 0) <= 1),
                     SEP.join(parts))
        out[gid] = GridInfo(
            gid, parent, level, code, name, order or 0, bool(deleted),
            community[0] if community else None, general[0] if general else None,
            community[4] if community else "", general[4] if general else "", micro[4] if micro else "",
            SEP.join(parts), label, (tuple(n[5] or 0 for n in chain), code))
    return out


def labels(db: Database) -> dict[int, str]:
    """grid id → the label to show (name when unique in the database, else the path)."""
    with db.reading() as s:
        return {gid: g.label for gid, g in catalogue(s).items()}


def order_key(grids: dict[int, GridInfo], gid: int | None) -> tuple:
    """Tree order; the unassigned bucket (and unknown grids) last."""
    g = grids.get(gid) if gid is not None else None
    return (1, (), "") if g is None else (0, *g.order)

