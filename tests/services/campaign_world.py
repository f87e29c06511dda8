"""A tiny hand-made village for the campaign tests: 1 community, 1 general grid, 2 micro-grids,
a service team each, persons with chosen birth dates."""

from __future__ import annotations

import datetime as dt

from gridoffice.domain import pinyin
from gridoffice.domain.idcard import make_id
from gridoffice.store.models import Grid, Household, KeyMembership, Person, Post, Staff

REF = dt.date(2023, 1, 7)


class World:
    def __init__(self, db) -> None:  # type: ignore[no-untyped-def]
        self.db = db
        self.seq = 0
        with db.session() as s:
            root = Grid(level="community", code="T", name="测试村")
            s.add(root)
            s.flush()
            general = Grid(level="general", code="T-01", name="第一网格", parent_id=root.id)
            s.add(general)
            s.flush()
            self.general = general.id
            self.micro = []
            self.staff = []
            for k in (1, 2):
                micro = Grid(level="micro", code=f"T-01-0{k}", name=f"第{k}微网格", parent_id=general.id,
                             sort_order=k)
                s.add(micro)
                s.flush()
                self.micro.append(micro.id)
                for role, name in (("微网格长", f"组长{k}"), ("微网格员", f"网格员{k}")):
                    st = Staff(name=name, name_pinyin=pinyin.full(name), name_initials=pinyin.initials(name))
                    s.add(st)
                    s.flush()
                    s.add(Post(staff_id=st.id, grid_id=micro.id, role=role, in_service_team=True))
                    self.staff.append(st.id)
            self.households = []
            for k, gid in enumerate(self.micro, start=1):
                h = Household(number=f"H{k}", grid_id=gid, address=f"测试村{k}组1号")
                s.add(h)
                s.flush()
                self.households.append(h.id)

    def person(self, name: str, born: dt.date, grid: int = 0, status: str = "在册",
               category: str | None = None, sex: str = "女") -> int:
        self.seq += 1
        with self.db.session() as s:
            p = Person(name=name, name_pinyin=pinyin.full(name), name_initials=pinyin.initials(name),
                       household_id=self.households[grid], birth_date=born, sex=sex, status=status,
                       relation="02", id_number=make_id("510124", born, self.seq * 2),
                       phone=f"1380000{self.seq:04d}")
            s.add(p)
            s.flush()
            if category:
                s.add(KeyMembership(person_id=p.id, category=category, attrs={}))
            return p.id
