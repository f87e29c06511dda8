from gridoffice.domain.codes import GridLevel
from gridoffice.services.grids import core as grids


def test_tree_counts_roll_up(village):
    (root,) = grids.tree(village)
    assert root.level == GridLevel.COMMUNITY
    assert len(root.children) == 4
    assert root.households == 1600 == sum(g.households for g in root.children)
    assert sum(1 for n in root.walk() if n.level == GridLevel.MICRO) == 32
    assert grids.unassigned_households(village) == 0
