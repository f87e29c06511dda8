import datetime as dt

import pytest
from sqlalchemy import func, select

from gridoffice.domain import idcard
from gridoffice.domain.codes import GridLevel, Role
from gridoffice.services import demo, grids, stats
from gridoffice.store import Database
from gridoffice.store.models import Grid, Person, Post

ON = dt.date(2023, 1, 7)


def test_village_counts(village):
    counts = stats.counts(village, ON)
    assert counts.communities == 1
    assert counts.general_grids == 4
    assert counts.micro_grids == 32
    assert counts.households == 1600
    assert 3800 <= counts.persons <= 4400
    assert counts.aged_60_plus == 1008
    assert counts.aged_80_plus < counts.aged_60_plus / 3


def test_village_has_the_planted_untidiness(village):
    micro = [n for root in grids.tree(village) for n in root.walk() if n.level == GridLevel.MICRO]
    assert any(n.households > 100 for n in micro)
    with village.reading() as s:
        with_doctor = set(s.scalars(select(Post.grid_id).where(Post.role == Role.DOCTOR)))
    assert sum(1 for n in micro if n.id not in with_doctor) == 1


def test_every_demo_id_is_valid_and_unique(village):
    with village.reading() as s:
        rows = s.execute(select(Person.id_number, Person.birth_date, Person.sex)).all()
    assert len({r.id_number for r in rows}) == len(rows)
    for number, born, sex in rows:
        check = idcard.check(number)
        assert check.ok and check.birth_date == born and check.sex == sex


def test_same_seed_same_data(tmp_path):
    def first_ids(name: str, seed: int) -> list[str]:
        db = Database.open(str(tmp_path / name))
        demo.build(db, "village", seed)
        with db.reading() as s:
            ids = list(s.scalars(select(Person.id_number).order_by(Person.id).limit(20)))
        db.close()
        return ids

    assert first_ids("a.db", 3) == first_ids("b.db", 3)
    assert first_ids("c.db", 4) != first_ids("a2.db", 3)


def test_demo_refuses_a_database_with_data(village):
    with pytest.raises(demo.NotEmpty):
        demo.build(village, "village")


@pytest.mark.slow
def test_street_scale(tmp_path):
    db = Database.open(str(tmp_path / "street.db"))
    try:
        demo.build(db, "street")
        counts = stats.counts(db, ON)
        assert (counts.communities, counts.general_grids, counts.micro_grids, counts.staff) == (18, 137, 836, 3125)
        assert 55_000 <= counts.households <= 65_000
        assert 140_000 <= counts.persons <= 160_000
        with db.reading() as s:
            assert s.scalar(select(func.count()).select_from(Grid).where(Grid.level == GridLevel.STREET)) == 1
    finally:
        db.close()
