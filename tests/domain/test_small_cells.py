"""Small-cell suppression of public counts (domain.privacy.suppress_small_cells)."""

from gridoffice.domain.privacy import HIDDEN_CELL, SMALL_CELL, suppress_small_cells


def test_a_single_small_cell_hides_the_next_smallest_of_its_sum():
    values = {"a": 1, "b": 7, "c": 4, "c0": 0, "total": 12}
    hidden = suppress_small_cells(values, [("total", ["a", "b", "c", "c0"])])
    assert hidden == {"a": SMALL_CELL, "c": HIDDEN_CELL}  # 12 - 7 - 0 = a + c: a stays 1 or 2


def test_two_small_cells_need_nothing_more_and_no_small_cell_nothing_at_all():
    assert suppress_small_cells({"a": 1, "b": 2, "c": 9, "t": 12}, [("t", ["a", "b", "c"])]) == {
        "a": SMALL_CELL, "b": SMALL_CELL}
    assert suppress_small_cells({"a": 3, "b": 0, "t": 3}, [("t", ["a", "b"])]) == {}


def test_a_total_that_is_small_itself_is_hidden_with_its_only_part():
    hidden = suppress_small_cells({"a": 2, "b": 0, "t": 2}, [("t", ["a", "b"])])
    assert hidden == {"a": SMALL_CELL, "t": SMALL_CELL}


def test_suppression_runs_through_every_level_of_a_hierarchy():
    # micro-grids m1..m4 in general grids g1 (m1, m2) and g2 (m3, m4); g1 + g2 = total
    values = {"m1": 1, "m2": 5, "m3": 6, "m4": 8, "g1": 6, "g2": 14, "t": 20}
    sums = [("g1", ["m1", "m2"]), ("g2", ["m3", "m4"]), ("t", ["g1", "g2"]), ("t", ["m1", "m2", "m3", "m4"])]
    hidden = suppress_small_cells(values, sums)
    assert hidden["m1"] == SMALL_CELL and "m2" in hidden
    for total, parts in sums:  # no printed sum is left with exactly one unknown
        assert sum(c in hidden for c in (total, *parts)) != 1


def test_only_sensitive_cells_are_hidden_for_being_small():
    values = {"a": 1, "b": 1, "t": 2}
    assert suppress_small_cells(values, [("t", ["a", "b"])], sensitive=lambda k: False) == {}
