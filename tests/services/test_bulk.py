"""``services.bulk.building``: the collector is paused inside, back as it was after (also when
the block raises, and only when the outermost use ends)."""

import gc

import pytest

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
