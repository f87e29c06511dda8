import datetime as dt

import pytest
from sqlalchemy import func, select

from gridoffice.domain import idcard
from gridoffice.domain.codes import GridLevel, Role
from gridoffice.services import stats
from gridoffice.services.campaigns import core as campaigns
from gridoffice.services.demo import activity as demo_activity
from gridoffice.services.demo import core as demo
from gridoffice.services.errors import ServiceError
from gridoffice.services.grids import core as grids
from gridoffice.services.visits import core as visits
from gridoffice.store import Database
from gridoffice.store.models import (
    Grid,
    Household,
    KeyMembership,
    Matter,
    Person,
    Post,
    ReturneeStay,
    Setting,
    Staff,
    Visit,
)

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
            # every household's compound and address belong to its own community (大弯锦绣花园 in 大弯社区)
            general, community = Grid.__table__.alias("g"), Grid.__table__.alias("c")
            rows = s.execute(select(Household.compound, Household.address, community.c.name)
                             .join(Grid, Grid.id == Household.grid_id)
                             .join(general, general.c.id == Grid.parent_id)
                             .join(community, community.c.id == general.c.parent_id)).all()
        assert len(rows) == counts.households
        assert all(c.startswith(name[:2]) and a.startswith(c) for c, a, name in rows)
    finally:
        db.close()


def _build(tmp_path, file: str, **kw):  # type: ignore[no-untyped-def]
    db = Database.open(str(tmp_path / file))
    demo.build(db, "village", **kw)
    return db


def test_a_village_with_its_own_code_and_name(tmp_path, village):
    """Same structure and births as 禹庙村, its own codes, names and people: several such villages
    could share one street database."""
    db = _build(tmp_path, "hxc.db", code="HXC", name="红星村")
    try:
        counts = stats.counts(db, ON)
        assert (counts.micro_grids, counts.households, counts.persons, counts.aged_60_plus) == (32, 1600, 4149, 1008)
        with db.reading() as s:
            codes = set(s.scalars(select(Grid.code)))
            homes = s.execute(select(Household.number, Household.address)).all()
            ids = set(s.scalars(select(Person.id_number)))
            office = s.scalar(select(Setting.value).where(Setting.key == "office_name"))
        assert "HXC" in codes and "HXC-02-04" in codes and all(c.startswith("HXC") for c in codes)
        assert all(n.startswith("HXC") and a.startswith("红星村") for n, a in homes)
        assert office == "红星村"
        with village.reading() as s:
            assert not codes & set(s.scalars(select(Grid.code)))
            assert not {n for n, _ in homes} & set(s.scalars(select(Household.number)))
            assert len(ids & set(s.scalars(select(Person.id_number)))) < 5  # other people
    finally:
        db.close()


@pytest.mark.parametrize("code", ["", "1AB", "A-B", "ABCDEFGHIJKLM"])
def test_a_bad_village_code_is_a_sentence(tmp_path, code):
    with pytest.raises(ServiceError, match="编码"):
        _build(tmp_path, "bad.db", code=code, name="红星村")


def test_the_roster_has_what_a_real_one_has(village):
    with village.reading() as s:
        rows = s.execute(select(KeyMembership.category, KeyMembership.attrs, KeyMembership.since)).all()
        staff = s.execute(select(Staff.background, Staff.party_member)).all()
        doctors = set(s.scalars(select(Staff.name).join(Post, Post.staff_id == Staff.id)
                                .where(Post.role == Role.DOCTOR)))
        stays = s.execute(select(ReturneeStay.current_address, ReturneeStay.left_on,
                                 ReturneeStay.expected_departure)).all()
    assert all(since is not None and since <= ON for _, _, since in rows)
    elderly = [a for c, a, _ in rows if c == "elderly"]
    assert len(elderly) > 900 and all(a["emergency_contact"] and a["emergency_phone"] for a in elderly)
    children = [a for c, a, _ in rows if c == "left_behind_child"]
    assert children and all(a["guardian"] and a["guardian_relation"] for a in children)
    chronic = [a for c, a, _ in rows if c == "chronic"]
    signed = [a for a in chronic if a["doctor_signed"]]
    assert signed and all(a["doctor"] in doctors for a in signed)
    assert all(not a["doctor"] for a in chronic if not a["doctor_signed"])
    assert all(party for background, party in staff if background == "党员")
    assert stays and all(address for address, _, _ in stays)
    left = [x for x in stays if x.left_on is not None]
    assert 0 < len(left) < len(stays) and all(x.left_on > ON for x in left)


def test_activity_is_relative_to_the_day_and_births_stay(tmp_path):
    day = dt.date(2025, 3, 12)
    db = _build(tmp_path, "on.db", on=day)
    try:
        assert stats.counts(db, ON).aged_60_plus == 1008
        with db.reading() as s:
            reported = s.execute(select(func.min(Matter.reported_at), func.max(Matter.reported_at))).one()
            visited = s.execute(select(func.min(Visit.visit_date), func.max(Visit.visit_date))).one()
            open_matters = s.scalar(select(func.count()).select_from(Matter).where(Matter.state == "待处理"))
        assert reported[0].date() >= day - dt.timedelta(days=366) and reported[1].date() <= day
        assert visited[0] >= day - dt.timedelta(weeks=demo_activity.VISIT_WEEKS + 1, days=30)
        assert visited[1] <= day and open_matters > 0
        finished, running = sorted(campaigns.campaigns(db), key=lambda c: c.id)
        assert finished.state == "closed" and finished.reference_date < day - dt.timedelta(days=30)
        assert finished.handed > 0.9 * finished.eligible
        assert running.state == "open" and running.reference_date == day - dt.timedelta(days=1)
        assert 0.3 * running.eligible < running.handed < 0.6 * running.eligible
        week = visits.week_grid(db, None, day).counts_this_week()
        assert week[visits.Status.OVERDUE] < 0.25 * sum(week.values())  # a living office, not all red
    finally:
        db.close()
