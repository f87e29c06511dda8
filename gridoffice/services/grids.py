"""Reading the grid tree (with household counts) for the tree pane, lists and checks."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

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
