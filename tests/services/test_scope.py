import datetime as dt

import pytest
from sqlalchemy import func, select

from gridoffice.services import backup
from gridoffice.services.scope import (
    Scope,
    UnknownGrid,
    grid_by_code,
    grid_id_by_code,
    grid_subtree_ids,
    persons_select,
    require_grid,
    subtree_owners,
)
from gridoffice.store import Database
from gridoffice.store.models import Grid

ON = dt.date(2023, 1, 7)


def count(db, scope):
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(persons_select(s, scope, ON).subquery()))


def test_scopes_on_the_village(village):
    everyone = count(village, Scope())
    assert 3800 <= everyone <= 4400
    assert count(village, Scope(category="aged_60_plus")) == 1008
    assert 0 < count(village, Scope(category="aged_80_plus")) < 1008
    assert 0 < count(village, Scope(category="disabled")) < everyone
    assert 0 < count(village, Scope(returnees_on=ON + dt.timedelta(days=5))) < everyone
    with village.reading() as s:
        general = grid_by_code(s, "YMC-01")
        ids = grid_subtree_ids(s, general.id)
        assert len(ids) == 9 and s.scalar(select(func.count()).select_from(Grid).where(Grid.id.in_(ids))) == 9
    in_general = count(village, Scope(grid_id=general.id))
    assert 0 < in_general < everyone
    assert count(village, Scope(include_inactive=True)) > everyone


def test_subtree_owners_is_each_roots_subtree_in_one_read(village):
    with village.reading() as s:
        root = s.scalar(select(Grid.id).where(Grid.parent_id.is_(None), Grid.deleted_at.is_(None)))
        generals = list(s.scalars(select(Grid.id).where(Grid.parent_id == root, Grid.deleted_at.is_(None))))
        owners = subtree_owners(s, generals)
        assert len(generals) > 1
        for general in generals:
            assert sorted(g for g, owner in owners.items() if owner == general) == sorted(grid_subtree_ids(s, general))
        micro = grid_subtree_ids(s, generals[0])[1]
        nested = subtree_owners(s, [root, micro])  # a root under another keeps its own subtree
        assert nested[micro] == micro and set(nested) == set(grid_subtree_ids(s, root))
        assert sum(owner == root for owner in nested.values()) == len(nested) - len(grid_subtree_ids(s, micro))


@pytest.mark.sqlite
def test_backup_before_makes_an_openable_copy(village):
    copy = backup.backup_before(village, "test")
    assert copy is not None and copy.exists() and "before-test" in copy.name
    other = Database.open(str(copy), create=False)
    try:
        assert count(other, Scope(category="aged_60_plus")) == 1008
    finally:
        other.close()


def test_one_grid_by_code_lookup_and_one_refusal(village):
    with village.reading() as s:
        general = grid_by_code(s, "YMC-01")
        assert require_grid(s, "YMC-01").id == general.id
        assert grid_by_code(s, "NOPE") is None
        with pytest.raises(UnknownGrid, match="没有编码为 NOPE 的网格。") as caught:
            require_grid(s, "NOPE")
    assert caught.value.code == "NOPE"
    assert grid_id_by_code(village, "YMC-01") == general.id
    with pytest.raises(UnknownGrid):
        grid_id_by_code(village, "NOPE")
