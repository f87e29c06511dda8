"""A small hand-made office for the visits and matters tests: one community, one general grid,
two micro-grids, a few households with key persons, and staff."""

from __future__ import annotations

import datetime as dt

from gridoffice.domain.codes import GridLevel, Role
from gridoffice.store.models import Grid, Household, KeyMembership, Person, Post, Staff


def build(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    ids: dict[str, int] = {}
    with db.session() as s:
        root = Grid(level=GridLevel.COMMUNITY, code="T", name="测试村")
        s.add(root)
        s.flush()
        general = Grid(level=GridLevel.GENERAL, code="T-01", name="第一网格", parent_id=root.id)
        s.add(general)
        s.flush()
        m1 = Grid(level=GridLevel.MICRO, code="T-01-01", name="第1微网格", parent_id=general.id)
        m2 = Grid(level=GridLevel.MICRO, code="T-01-02", name="第2微网格", parent_id=general.id)
        s.add_all([m1, m2])
        s.flush()
        leader = Staff(name="李组长")
        doctor = Staff(name="周医生")
        chief = Staff(name="王书记")
        s.add_all([leader, doctor, chief])
        s.flush()
        s.add_all([Post(staff_id=leader.id, grid_id=m1.id, role=Role.MICRO_LEADER, in_service_team=True),
                   Post(staff_id=doctor.id, grid_id=m1.id, role=Role.DOCTOR, in_service_team=True),
                   Post(staff_id=chief.id, grid_id=root.id, role=Role.CHIEF)])
        h1 = Household(number="T001", grid_id=m1.id, address="测试村1组1号")
        h2 = Household(number="T002", grid_id=m1.id, address="测试村1组2号")
        h3 = Household(number="T003", grid_id=m2.id, address="测试村2组3号")
        s.add_all([h1, h2, h3])
        s.flush()
        # h1: an old couple; he is 82 (weekly as 80+), she is 70 with an unrated elderly membership
        grandpa = Person(household_id=h1.id, relation="02", name="张大爷", sex="男", birth_date=dt.date(1940, 5, 1))
        grandma = Person(household_id=h1.id, relation="10", name="刘大妈", sex="女", birth_date=dt.date(1952, 8, 1))
        # h2: a widow living alone (独居, weekly) and nobody else
        widow = Person(household_id=h2.id, relation="02", name="陈婆婆", sex="女", birth_date=dt.date(1955, 3, 3))
        # h3: a high-risk disabled man (weekly) who became key on 2023-01-04, and his son (not key)
        disabled = Person(household_id=h3.id, relation="02", name="赵师傅", sex="男", birth_date=dt.date(1975, 1, 1))
        son = Person(household_id=h3.id, relation="20", name="赵小明", sex="男", birth_date=dt.date(2005, 1, 1))
        moved = Person(household_id=h3.id, relation="50", name="赵老太", sex="女", birth_date=dt.date(1930, 1, 1),
                       status="迁出")
        s.add_all([grandpa, grandma, widow, disabled, son, moved])
        s.flush()
        s.add_all([
            KeyMembership(person_id=grandpa.id, category="elderly", attrs={"living": "空巢"}),
            KeyMembership(person_id=grandma.id, category="elderly", attrs={"living": "空巢"},
                          since=dt.date(2022, 6, 1)),
            KeyMembership(person_id=widow.id, category="elderly", attrs={"living": "独居"},
                          since=dt.date(2022, 1, 1)),
            KeyMembership(person_id=disabled.id, category="disabled", risk_level="高",
                          since=dt.date(2023, 1, 4)),
            KeyMembership(person_id=son.id, category="pregnant", until=dt.date(2022, 1, 1)),  # ended
        ])
        ids.update(root=root.id, general=general.id, m1=m1.id, m2=m2.id, leader=leader.id,
                   doctor=doctor.id, chief=chief.id, h1=h1.id, h2=h2.id, h3=h3.id,
                   grandpa=grandpa.id, grandma=grandma.id, widow=widow.id, disabled=disabled.id,
                   son=son.id, moved=moved.id)
    return ids
