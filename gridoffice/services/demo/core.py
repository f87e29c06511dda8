"""Deterministic synthetic data: a village like 禹庙村, or a street office like 大弯街道.

village: one community, 4 general grids, 32 micro-grids, about 1,600 households and 4,000
residents, exactly 1,008 aged 60+ on 2023-01-07; one micro-grid above 100 households and
one without a family doctor (so the checks have something to find).
street: 18 communities, 137 general grids, 836 micro-grids, 3,125 staff, about 60,000
households and 150,000 residents.

Rows are written with Core inserts in batches (ORM add_all is ~8x slower for 200k rows).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert

from gridoffice.domain import pinyin
from gridoffice.domain.ages import age_on
from gridoffice.domain.idcard import make_id
from gridoffice.domain.population import disability_card_number
from gridoffice.i18n import tr
from gridoffice.services.demo import activity as demo_activity
from gridoffice.services.demo import fill as demo_fill
from gridoffice.services.demo import health as demo_health
from gridoffice.services.demo import medicine as demo_medicine
from gridoffice.services.demo import names as N
from gridoffice.services.demo import structure as demo_structure
from gridoffice.services.errors import ServiceError, cli_only
from gridoffice.store import Database, maintenance
from gridoffice.store.models import (
    Grid,
    Household,
    KeyMembership,
    Person,
    Post,
    ReturneeStay,
    Setting,
    Staff,
)
from gridoffice.store.sequences import reset_sequences

REFERENCE_DATE = dt.date(2023, 1, 7)
VILLAGE_ELDERLY = 1008
VILLAGE_CODE, VILLAGE_NAME = "YMC", "禹庙村"
BATCH = 5000

Progress = Callable[[str, float], None]


class NotEmpty(ServiceError):
    """Demo data goes only into an empty database."""


@dataclass
class _Plan:
    """Everything to insert, as plain dicts with ids assigned here."""

    grids: list[dict[str, Any]] = field(default_factory=list)
    staff: list[dict[str, Any]] = field(default_factory=list)
    posts: list[dict[str, Any]] = field(default_factory=list)
    households: list[dict[str, Any]] = field(default_factory=list)
    persons: list[dict[str, Any]] = field(default_factory=list)
    memberships: list[dict[str, Any]] = field(default_factory=list)
    stays: list[dict[str, Any]] = field(default_factory=list)


class Maker:
    def __init__(self, seed: int, scale: str, code: str = VILLAGE_CODE, name: str = VILLAGE_NAME) -> None:
        self.rng = random.Random(seed)
        self.scale = scale
        self.code, self.village_name = code, name
        self.plan = _Plan()
        self.used_ids: set[str] = set()
        self.used_phones: set[str] = set()
        self.seq_block: int | None = None

    # ---- names, phones, ids ---------------------------------------------------------
    def name(self, sex: str) -> str:
        rng = self.rng
        surname = rng.choice(N.COMPOUND_SURNAMES) if rng.random() < 0.01 else rng.choice(N.SURNAMES)
        pool = N.MALE_CHARS if sex == "男" else N.FEMALE_CHARS
        given = rng.choice(pool) if rng.random() < 0.35 else rng.choice(pool) + rng.choice(pool)
        if rng.random() < 0.003:
            given = given[:-1] + rng.choice(N.RARE_CHARS)
        return surname + given

    def phone(self) -> str:
        while True:
            number = "1" + self.rng.choice("3578") + "".join(self.rng.choices("0123456789", k=9))
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number

    def id_number(self, born: dt.date, sex: str, local: bool = True) -> str:
        areas = N.AREA_LOCAL if local else N.AREA_OTHER
        for _ in range(1000):
            if self.seq_block is None:
                seq = self.rng.randrange(0, 1000)
                if (seq % 2 == 1) != (sex == "男"):
                    seq = (seq + 1) % 1000
            else:  # a village of its own: sequence numbers from its own hundred
                seq = self.seq_block * 100 + self.rng.randrange(0, 100)
                if (seq % 2 == 1) != (sex == "男"):
                    seq ^= 1
            number = make_id(self.rng.choice(areas), born, seq)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number
        raise RuntimeError("ran out of ID sequence numbers")

    def born_at_age(self, lo: int, hi: int) -> dt.date:
        if lo >= 60:  # the old thin out with age: most 60+ residents are in their sixties
            age = min(hi, int(self.rng.triangular(lo, hi + 1, lo)))
        else:
            age = self.rng.randint(lo, hi)
        start = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - age - 1) + dt.timedelta(days=1)
        return start + dt.timedelta(days=self.rng.randrange(0, 365))

    # ---- grids and staff ---------------------------------------------------------------
    def grid(self, level: str, code: str, name: str, parent: int | None, covers: str = "",
             order: int = 0) -> int:
        gid = len(self.plan.grids) + 1
        self.plan.grids.append(dict(id=gid, parent_id=parent, level=level, code=code, name=name,
                                    covers=covers, sort_order=order, note=""))
        return gid

    def staff(self, background: str, sex: str | None = None, party: bool | None = None) -> int:
        sex = sex or self.rng.choice("男女")
        name = self.name(sex)
        sid = len(self.plan.staff) + 1
        self.plan.staff.append(dict(
            id=sid, name=name, name_pinyin=pinyin.full(name), name_initials=pinyin.initials(name),
            sex=sex, phone=self.phone(), background=background,
            party_member=party if party is not None else self.rng.random() < 0.5,
            photo_path=None, active=True, note=""))
        if background == "党员":  # 身份 and 政治面貌 agree
            self.plan.staff[-1]["party_member"] = True
        return sid

    def new_people(self, seed: str) -> None:
        """Other names, phones and ID numbers from here on (births and structure stay): a village
        with its own code is other people, so several villages can share a street database: its
        ID numbers take their sequence numbers from a hundred of the code's own (so villages whose
        codes fall in different hundreds, e.g. AAA, BBB and CCC, never share an ID number)."""
        self.rng = random.Random(seed)
        self.seq_block = zlib.crc32(self.code.encode()) % 10
        self.used_ids.clear()
        self.used_phones.clear()
        for row in self.plan.staff:
            row["name"] = self.name(row["sex"])
            row.update(name_pinyin=pinyin.full(row["name"]), name_initials=pinyin.initials(row["name"]),
                       phone=self.phone())

    def post(self, staff_id: int, grid_id: int, role: str, team: bool = False, order: int = 0) -> None:
        self.plan.posts.append(dict(staff_id=staff_id, grid_id=grid_id, role=str(role),
                                    in_service_team=team, work_phone=None, sort_order=order))

    # ---- households and persons ------------------------------------------------------
    def household(self, grid_id: int, number: str, **address: str) -> int:
        hid = len(self.plan.households) + 1
        row = dict(id=hid, number=number, grid_id=grid_id, village_group="", compound="",
                   building="", unit="", door="", address="", hukou_type="", registered_here=True,
                   residence_state="常住", note="")
        row.update(address)
        self.plan.households.append(row)
        return hid

    def members(self, hid: int, rural: bool) -> None:
        rng = self.rng
        kind = rng.choices(
            ("single_old", "old_couple", "family", "three_gen", "single", "couple"),
            weights=(12, 15, 30, 16, 15, 12) if rural else (9, 12, 34, 10, 21, 14),
        )[0]
        people: list[tuple[str, str, tuple[int, int]]] = []  # relation, sex, age range
        head_sex = "男" if rng.random() < 0.8 else "女"
        other = "女" if head_sex == "男" else "男"
        if kind == "single_old":
            people = [("02", rng.choice("男女"), (60, 95))]
        elif kind == "old_couple":
            people = [("02", head_sex, (62, 90)), ("10", other, (60, 88))]
        elif kind == "single":
            people = [("02", head_sex, (20, 59))]
        elif kind == "couple":
            people = [("02", head_sex, (24, 59)), ("10", other, (23, 58))]
        else:
            people = [("02", head_sex, (30, 56)), ("10", other, (28, 55))]
            for _ in range(rng.choice((1, 1, 2))):
                sex = rng.choice("男女")
                people.append(("20" if sex == "男" else "30", sex, (0, 24)))
            if kind == "three_gen":
                for _ in range(rng.choice((1, 2))):
                    sex = rng.choice("男女")
                    people.append(("50", sex, (60, 92)))
        for relation, sex, (lo, hi) in people:
            born = self.born_at_age(lo, hi)
            self.plan.persons.append(dict(household_id=hid, relation=relation, sex=sex, birth_date=born,
                                          local=rng.random() < 0.95, status="在册"))
        if rng.random() < 0.015:  # a former member, kept on record
            sex = rng.choice("男女")
            status = rng.choice(("迁出", "死亡"))
            self.plan.persons.append(dict(
                household_id=hid, relation="50", sex=sex, birth_date=self.born_at_age(70, 95),
                local=True, status=status,
                status_date=REFERENCE_DATE - dt.timedelta(days=rng.randrange(30, 900))))

    def fix_elderly(self, target: int) -> None:
        """Move birth dates across the 60 line until exactly ``target`` active persons are 60+."""
        active = [p for p in self.plan.persons if p["status"] == "在册"]
        old = [p for p in active if age_on(p["birth_date"], REFERENCE_DATE) >= 60]
        diff = len(old) - target
        if diff > 0:
            movable = [p for p in old if age_on(p["birth_date"], REFERENCE_DATE) <= 64]
            for p in self.rng.sample(movable, diff):
                p["birth_date"] = self.born_at_age(55, 59)
        elif diff < 0:
            movable = [p for p in active if 55 <= age_on(p["birth_date"], REFERENCE_DATE) <= 59]
            for p in self.rng.sample(movable, -diff):
                p["birth_date"] = self.born_at_age(60, 64)

    def finish_persons(self) -> None:
        rng = self.rng
        households = {h["id"]: h for h in self.plan.households}
        cache: dict[str, tuple[str, str]] = {}
        for pid, p in enumerate(self.plan.persons, start=1):
            name = self.name(p["sex"])
            if name not in cache:
                cache[name] = (pinyin.full(name), pinyin.initials(name))
            age = age_on(p["birth_date"], REFERENCE_DATE)
            p.update(
                id=pid, name=name, name_pinyin=cache[name][0], name_initials=cache[name][1],
                id_number=self.id_number(p["birth_date"], p["sex"], p.pop("local")),
                ethnicity="01" if rng.random() < 0.97 else rng.choice(("03", "04", "07", "33")),
                phone=self.phone() if age >= 16 and rng.random() < 0.85 else None,
                political_status="中共党员" if age >= 18 and rng.random() < 0.08 else "群众",
                hukou_address=households[p["household_id"]]["address"],
                current_address="", note="",
            )
            p.setdefault("status_date", None)

    def key_populations(self) -> None:
        rng = self.rng
        by_household: dict[int, list[dict[str, Any]]] = {}
        for p in self.plan.persons:
            if p["status"] == "在册":
                by_household.setdefault(p["household_id"], []).append(p)
        add = self.plan.memberships.append
        for members in by_household.values():
            for p in members:
                age = age_on(p["birth_date"], REFERENCE_DATE)
                if age >= 60:
                    living = "独居" if len(members) == 1 else (
                        "空巢" if all(age_on(m["birth_date"], REFERENCE_DATE) >= 55 for m in members)
                        else "与子女同住")
                    add(dict(person_id=p["id"], category="elderly", attrs={
                        "living": living,
                        "self_care": rng.choices(("自理", "半自理", "不能自理"), (85, 11, 4))[0],
                        "emergency_contact": "", "emergency_phone": ""},
                        risk_level="高" if living == "独居" or age >= 80 else ""))
                    if rng.random() < 0.35:
                        add(dict(person_id=p["id"], category="chronic", attrs={
                            "illness": rng.choice(("高血压", "高血压", "糖尿病", "心脑血管病", "慢阻肺")),
                            "doctor_signed": rng.random() < 0.8, "doctor": ""}, risk_level=""))
                if age >= 16 and rng.random() < 0.03:
                    kind, grade = rng.choice("1234567"), rng.choice("1234")
                    add(dict(person_id=p["id"], category="disabled", attrs={
                        "disability_type": kind, "disability_grade": grade,
                        "card_number": disability_card_number(p["id_number"], kind, grade),
                        "care_subsidy": grade in "12", "living_subsidy": rng.random() < 0.3},
                        risk_level="高" if grade == "1" else ""))
                if p["sex"] == "女" and 22 <= age <= 38 and rng.random() < 0.03:
                    add(dict(person_id=p["id"], category="pregnant", attrs={
                        "due_date": (REFERENCE_DATE + dt.timedelta(days=rng.randrange(10, 250))).isoformat(),
                        "high_risk": rng.random() < 0.15, "postpartum": False},
                        risk_level=""))
                if self.scale == "village" and age < 16 and rng.random() < 0.08:
                    add(dict(person_id=p["id"], category="left_behind_child", attrs={
                        "guardian": "", "guardian_relation": "祖父母", "parents_away": "双亲外出"},
                        risk_level="高"))
                if 18 <= age <= 50 and rng.random() < 0.05:
                    arrived = REFERENCE_DATE + dt.timedelta(days=rng.randrange(-5, 14))
                    self.plan.stays.append(dict(
                        person_id=p["id"], arrived_on=arrived,
                        expected_departure=arrived + dt.timedelta(days=rng.randrange(10, 30)),
                        left_on=None, from_place=rng.choice(N.PROVINCES_FROM),
                        transport=rng.choice(N.TRANSPORT), current_address="", note=""))
            if rng.random() < 0.02:
                head = members[0]
                add(dict(person_id=head["id"], category="dibao", attrs={
                    "certificate": f"DB{head['id']:06d}", "start_month": "2021-03", "amount": 910},
                    risk_level=""))
            elif rng.random() < 0.004:
                head = members[0]
                add(dict(person_id=head["id"], category="tekun", attrs={
                    "certificate": f"TK{head['id']:06d}", "start_month": "2020-07",
                    "support": "分散供养"}, risk_level="高"))
        for m in self.plan.memberships:
            m.setdefault("since", None)
            m.setdefault("until", None)
            m.setdefault("note", "")


def _write(db: Database, plan: _Plan, office: str, progress: Progress | None) -> None:
    tables: Iterable[tuple[Any, list[dict[str, Any]]]] = (
        (Grid, plan.grids), (Staff, plan.staff), (Post, plan.posts), (Household, plan.households),
        (Person, plan.persons), (KeyMembership, plan.memberships), (ReturneeStay, plan.stays),
    )
    now = dt.datetime.now().replace(microsecond=0)
    for row in plan.households:
        row.update(created_at=now, updated_at=now)
    for row in plan.persons:
        row.update(created_at=now, updated_at=now)
    with db.session() as s:
        conn = s.connection()
        for model, rows in tables:
            for start in range(0, len(rows), BATCH):
                conn.execute(insert(model.__table__), rows[start:start + BATCH])
            if progress:
                progress(model.__tablename__, 1.0)
        conn.execute(insert(Setting.__table__), [
            dict(key="office_name", value=office),
            dict(key="demo_scale", value="demo"),
        ])
        reset_sequences(conn)  # ids were given explicitly: PostgreSQL's counters must follow


def check_village(code: str, name: str) -> None:
    """A village's own code (letters and digits, the prefix of every grid code and household
    number) and name."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]{0,11}", code or ""):
        raise ServiceError(tr("村的编码“{code}”不可用：请用 1–12 个字母或数字，以字母开头，例如 YMC。").format(code=code))
    if not (name or "").strip() or len(name.strip()) > 30:
        raise ServiceError(tr("请给村起一个名字（不超过 30 个字），例如 禹庙村。"))


def build(db: Database, scale: str = "village", seed: int = 7, progress: Progress | None = None, *,
          code: str | None = None, name: str | None = None, on: dt.date | None = None) -> dict[str, int]:
    """Fill an empty database with demo data. Returns the row counts written.

    ``code`` / ``name`` (village only): the village's own codes and names, with other people
    but the same structure and births (1,008 aged 60+ on 2023-01-07). ``on``: also the office's
    activity up to that day (visits, matters, two kit campaigns, see ``demo_activity``);
    None writes the roster only."""
    if scale not in ("village", "street"):
        raise ValueError(scale)
    if scale == "street" and (code or name):
        raise ServiceError(tr("只有演示村可以指定编码和名称，演示街道不能。"), **cli_only(tr("（--scale village）")))
    code = VILLAGE_CODE if code is None else code.upper()
    name = VILLAGE_NAME if name is None else name.strip()
    check_village(code, name)
    with db.reading() as s:
        if s.exec(Grid.__table__.select().limit(1)).first() is not None:
            raise NotEmpty(tr("这个数据库里已有网格数据，演示数据只能生成到空数据库里。请换一个文件名。"))
    m = Maker(seed, scale, code, name)
    if scale == "village":
        demo_structure.village(m)
        m.fix_elderly(VILLAGE_ELDERLY)
    else:
        demo_structure.street(m)
    if code != VILLAGE_CODE:
        m.new_people(f"{seed}:{code}")
    m.finish_persons()
    m.key_populations()
    demo_fill.fill(m.plan, random.Random(f"fill:{seed}:{code}"), m.phone, REFERENCE_DATE)
    _write(db, m.plan, name if scale == "village" else "大弯街道", progress)
    demo_health.generate(db, REFERENCE_DATE, seed)
    demo_health.signings(db, on or REFERENCE_DATE, seed)
    demo_medicine.generate(db, on or REFERENCE_DATE, seed)
    if on is not None:
        demo_activity.generate(db, on, seed, progress)
        demo_health.services(db, on, seed)
    maintenance.analyze(db.engine)
    return {"grids": len(m.plan.grids), "staff": len(m.plan.staff), "households": len(m.plan.households),
            "persons": len(m.plan.persons)}
