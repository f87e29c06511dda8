"""``heap.building`` (``services.bulk.building``): the collector is paused inside, back as it was
after (also when the block raises, and only when the outermost use ends); what was made inside is
promoted unexamined, and a cycle among it is still found by the next full collection."""

import gc

import pytest

from gridoffice import heap
from gridoffice.services import bulk


def test_building_pauses_the_collector_and_gives_it_back():
    assert gc.isenabled()
    with bulk.building():
        assert not gc.isenabled()
        with bulk.building():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer use still runs
    assert gc.isenabled()
    with pytest.raises(ValueError), bulk.building():
        raise ValueError
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_program_stays_off():
    gc.disable()
    try:
        with bulk.building():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_as_a_decorator():
    @bulk.building()
    def build():
        return gc.isenabled()

    assert build() is False and gc.isenabled()


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_what_was_built_is_promoted_and_a_cycle_in_it_is_still_collected():
    import weakref

    with heap.building():
        made = [[i] for i in range(5000)]
        a, b = _Node(), _Node()
        a.other, b.other = b, a
        watch = weakref.ref(a)
        del a, b
    assert gc.get_count()[0] < 100  # the young generation is empty: no pass over them on the next allocation
    assert gc.is_tracked(made[0])
    assert watch() is not None  # a cycle is left for the collector…
    gc.collect()
    assert watch() is None  # …which finds it in the oldest generation


def test_objects_frozen_by_someone_else_stay_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with heap.building():
            [[i] for i in range(100)]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
