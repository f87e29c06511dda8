"""``grids.catalogue`` reuses the last naming while the grid rows are unchanged, and never
returns a stale one (issue 17: the person list named ~1,000 grids on every page)."""

from __future__ import annotations

from sqlalchemy import select

from gridoffice.services.grids import core as grids
from gridoffice.store.models import Grid


def test_the_catalogue_follows_every_change_of_the_grids(village):
    with village.reading() as s:
        first = grids.catalogue(s)
        again = grids.catalogue(s)
    assert again == first and again is not first
    again.clear()  # a caller's copy: the next one is whole
    with village.session() as s:
        grid = s.scalars(select(Grid).where(Grid.deleted_at.is_(None)).order_by(Grid.id.desc())).first()
        grid.name = "改过名的网格"
        gid = grid.id
    with village.reading() as s:
        renamed = grids.catalogue(s)
    assert len(renamed) == len(first) and renamed[gid].name == "改过名的网格" and "改过名的网格" in renamed[gid].path
