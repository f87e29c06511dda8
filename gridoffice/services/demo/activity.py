"""A living office on a given day: the demo's matters (one year up to the day), home visits
(the weeks up to it), a finished kit campaign for the 80+ and a running one for everyone 60+.

``generate(db, on, seed)`` runs after the roster is written (services/demo/core.py); only activity is
relative to ``on``: births stay fixed. ``matters_and_visits`` is also what bench/visits_matters.py
uses at street scale.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update

from gridoffice.domain.codes import GridLevel, Role
from gridoffice.services.campaigns import core as campaigns
from gridoffice.services.demo import names as N
from gridoffice.services.matters import core as matters
from gridoffice.services.visits import core as visits
from gridoffice.store import Database
from gridoffice.store.models import (
    Entitlement,
    Grid,
    Household,
    Matter,
    Person,
    Post,
    Staff,
    Visit,
    VisitVisitor,
)
from gridoffice.store.sequences import reset_sequences

MATTERS_PER_HOUSEHOLD_YEAR = 0.45  # 大弯街道: 27,000 matters a year for 60,000 households
VISIT_WEEKS = 17  # the dashboard's twelve weeks, after a first round of the longest interval (30 days)
BATCH = 5000
Progress = Callable[[str, float], None]


def generate(db: Database, on: dt.date, seed: int = 7, progress: Progress | None = None) -> dict[str, int]:
    with db.reading() as s:
        households = s.scalar(select(func.count()).select_from(Household)) or 0
    done = matters_and_visits(db, on, seed, int(households * MATTERS_PER_HOUSEHOLD_YEAR), VISIT_WEEKS, 0.88)
    if progress:
        progress("visit", 1.0)
    done.update(kit_campaigns(db, on, random.Random(seed + 1)))
    if progress:
        progress("campaign", 1.0)
    return done


def _team(db: Database) -> dict[int, list[tuple[int, str]]]:
    """Per micro-grid: its service team (id, name), leader first."""
    team: dict[int, list[tuple[int, str]]] = defaultdict(list)
    with db.reading() as s:
        for gid, sid, name in s.execute(
                select(Post.grid_id, Post.staff_id, Staff.name).join(Staff, Staff.id == Post.staff_id)
                .where(Post.in_service_team).order_by(Post.grid_id, Post.role != Role.MICRO_LEADER, Post.id)):
            team[gid].append((sid, name))
    return team


def matters_and_visits(db: Database, on: dt.date, seed: int = 11, matters_per_year: int = 30000,
                       weeks: int = 26, visit_rate: float = 0.85) -> dict[str, int]:
    """Write synthetic matters (one year up to ``on``) and visits (``weeks`` weeks up to ``on``, and
    the last round before them)."""
    rng = random.Random(seed)
    team = _team(db)
    with db.reading() as s:
        micro = list(s.scalars(select(Grid.id).where(Grid.level == GridLevel.MICRO).order_by(Grid.id)))
        homes: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
        for gid, address, name, pid in s.execute(
                select(Household.grid_id, Household.address, Person.name, Person.id)
                .join(Person, Person.household_id == Household.id).where(Person.relation == "02")):
            homes[gid].append((address, name, pid))
    end = dt.datetime.combine(on, dt.time())  # nothing happens on the day itself: it has just begun
    start = end - dt.timedelta(days=365)
    rows = []
    for _ in range(matters_per_year if micro else 0):
        gid = rng.choice(micro)
        category = rng.choice(list(N.MATTER_TEXTS))
        # in office hours mostly (07:00–21:00), any day of the year
        reported = start + dt.timedelta(days=rng.randrange(0, 365), minutes=rng.randrange(420, 1260))
        age_days = (end - reported).days
        responded = reported + dt.timedelta(minutes=int(rng.expovariate(1 / 180)) + 5)
        state = rng.choices(matters.STATES, (0, 2, 94, 4))[0] if age_days > 30 else rng.choices(
            matters.STATES, (25, 35, 37, 3))[0] if age_days > 3 else rng.choices(matters.STATES, (45, 30, 23, 2))[0]
        closed = reported + dt.timedelta(hours=rng.expovariate(1 / 40) + 1) if state == matters.CLOSED else None
        if closed and closed > end:
            closed = end
        address, reporter, reporter_id = rng.choice(homes[gid]) if homes.get(gid) else ("", "", None)
        rows.append(dict(
            reported_at=reported.replace(microsecond=0), reporter_name=reporter, reporter_person_id=reporter_id,
            reporter_staff_id=None, grid_id=gid, address=address, category=category,
            description=rng.choice(N.MATTER_TEXTS[category]), urgency=rng.choices(matters.URGENCIES, (85, 12, 3))[0],
            handler_staff_id=rng.choice(team.get(gid, [(None, "")]))[0],
            responded_at=None if state == matters.PENDING else min(max(responded, reported), end).replace(microsecond=0),
            closed_at=closed.replace(microsecond=0) if closed else None,
            outcome="已处理，居民满意" if state == matters.CLOSED else "",
            state=state, transferred_to="街道综治中心" if state == matters.TRANSFERRED else ""))
    persons = visits.key_persons(db, None, on)
    first = visits.vs.weeks_up_to(on, weeks)[0]
    visit_rows: list[dict[str, Any]] = []
    visitor_rows: list[dict[str, Any]] = []
    with db.reading() as s:
        next_id = (s.scalar(select(func.max(Visit.id))) or 0) + 1
    for p in persons:
        # the round before the window's first week fell anywhere in one interval: visits spread out
        day = first - dt.timedelta(days=rng.randrange(0, p.interval))
        if p.key_since is not None:
            day = max(day, p.key_since)
        staff = team.get(p.grid_id, [])[:2]
        while day <= on:
            if rng.random() < visit_rate:
                health, safety = rng.choice(N.VISIT_HEALTH), rng.choice(N.VISIT_SAFETY)
                visit_rows.append(dict(id=next_id, person_id=p.person_id, household_id=p.household_id,
                                       grid_id=p.grid_id, visit_date=day, visitors="、".join(n for _, n in staff),
                                       health=health, finances="", care="", safety=safety, needs="",
                                       follow_up=""))
                visitor_rows.extend(dict(visit_id=next_id, staff_id=sid) for sid, _ in staff)
                next_id += 1
            day += dt.timedelta(days=p.interval + rng.randrange(-1, 2))
    with db.session() as s:
        conn = s.connection()
        for table, data in ((Matter, rows), (Visit, visit_rows), (VisitVisitor, visitor_rows)):
            for i in range(0, len(data), BATCH):
                conn.execute(insert(table.__table__), data[i:i + BATCH])
        reset_sequences(conn, ("visit",))  # visit ids were given here: PostgreSQL's counter must follow
    return {"matters": len(rows), "visits": len(visit_rows), "key_persons": len(persons)}


def kit_campaigns(db: Database, on: dt.date, rng: random.Random) -> dict[str, int]:
    """The seed's order: kits to the 80+ first (finished, closed), then to everyone 60+ (started
    yesterday, under half handed out)."""
    team = _team(db)
    first = on - dt.timedelta(days=40)
    done = _campaign(db, rng, team, "高龄老人健康爱心包（80岁以上）", first, 80, on, share=0.97)
    campaigns.set_state(db, done, "closed")
    yesterday = on - dt.timedelta(days=1)
    running = _campaign(db, rng, team, "健康爱心包（60岁以上）", yesterday, 60, on, share=0.45)
    return {"campaigns": 2, "finished": done, "running": running}


def _campaign(db: Database, rng: random.Random, team: dict[int, list[tuple[int, str]]], name: str,
              reference: dt.date, min_age: int, on: dt.date, share: float) -> int:
    spec = campaigns.CampaignSpec(name, campaigns.Criteria(
        reference, min_age=min_age, window_end=reference + dt.timedelta(days=campaigns.WINDOW_DAYS)))
    cid, _ = campaigns.create(db, spec)
    with db.reading() as s:
        listed = s.execute(select(Entitlement.id, Entitlement.grid_id, Person.name)
                           .join(Person, Person.id == Entitlement.person_id)
                           .where(Entitlement.campaign_id == cid).order_by(Entitlement.id)).all()
    days = max(1, min(3, (on - reference).days + 1))
    rows = []
    for eid, gid, person in listed:
        staff = team.get(gid) or [(None, "")]  # type: ignore[list-item]
        roll = rng.random()
        if roll < share:
            proxy = rng.random() < 0.12
            rows.append(dict(eid=eid, state=campaigns.HANDED, handed_on=reference + dt.timedelta(days=rng.randrange(days)),
                             handed_by_id=rng.choice(staff[:2])[0],
                             method=campaigns.DELIVERED if rng.random() < (0.6 if min_age >= 80 else 0.3)
                             else campaigns.COLLECTED,
                             proxy_name=person[0] + rng.choice(N.MALE_CHARS) + rng.choice(N.MALE_CHARS) if proxy else "",
                             proxy_relation=rng.choice(N.PROXY_RELATIONS) if proxy else "",
                             reason=""))
        elif roll < share + 0.02:
            rows.append(dict(eid=eid, state=campaigns.DECLINED, handed_on=None, handed_by_id=None, method="",
                             proxy_name="", proxy_relation="", reason=rng.choice(N.DECLINE_REASONS)))
        elif roll < share + 0.03:
            rows.append(dict(eid=eid, state=campaigns.UNREACHABLE, handed_on=None, handed_by_id=None, method="",
                             proxy_name="", proxy_relation="", reason="电话无人接听，上门未遇"))
    if rows:
        table = Entitlement.__table__
        keys = ("state", "handed_on", "handed_by_id", "method", "proxy_name", "proxy_relation", "reason")
        stmt = update(table).where(table.c.id == bindparam("eid")).values(
            {k: bindparam("v_" + k) for k in keys})
        with db.session() as s:
            s.connection().execute(stmt, [{"eid": r["eid"], **{"v_" + k: r[k] for k in keys}} for r in rows])
    return cid
