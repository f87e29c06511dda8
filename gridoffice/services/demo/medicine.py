"""The demo's medicine box (issue 21), one per village (community): eight batches given over
the three months before the anchor day — by residents, the village clinic, a pharmacy — and a
few hand-outs to residents aged 60+ by their micro-grid's team; one batch expired (left in the
box to be 报废), one close to expiry, a thermometer with no expiry. Deterministic (its own
random stream) and written with Core like the rest of the demo."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import insert, select

from gridoffice.domain.ages import latest_birth_for_age
from gridoffice.services.grids.core import catalogue
from gridoffice.services.medicine.core import DISCARD, IN, OUT
from gridoffice.store import Database
from gridoffice.store.models import Household, MedicineItem, MedicineMove, Person, Post, Staff

# name, spec, unit, days from the anchor to the expiry (None: none), quantity received
BATCHES = (
    ("布洛芬缓释胶囊", "0.3g×20粒", "盒", 420, 30),
    ("对乙酰氨基酚片", "0.5g×12片", "盒", 15, 20),
    ("连花清瘟胶囊", "0.35g×24粒", "盒", 260, 24),
    ("复方感冒灵颗粒", "14g×9袋", "盒", -10, 12),
    ("医用外科口罩", "10只", "包", 700, 50),
    ("电子体温计", "", "支", None, 10),
    ("硝苯地平缓释片", "10mg×30片", "盒", 180, 8),
    ("藿香正气水", "10ml×10支", "盒", 90, 15),
)
GIVERS = ("爱心药店", "村卫生室", "县红十字会", "村委会")


def generate(db: Database, anchor: dt.date, seed: int = 7) -> int:
    """The box of each village (community) as it stands on ``anchor`` — a street's database holds
    every community's — and the number of movements written."""
    rng = random.Random(f"medicine:{seed}")
    cut = latest_birth_for_age(60, anchor)
    with db.reading() as s:
        community = {gid: g.community_id for gid, g in catalogue(s).items()}
        by_community: dict[int | None, list[tuple[int, int]]] = {}
        for pid, gid in s.execute(select(Person.id, Household.grid_id)
                                  .join(Household, Household.id == Person.household_id)
                                  .where(Person.status == "在册", Person.deleted_at.is_(None), Person.birth_date <= cut,
                                         Household.grid_id.is_not(None)).order_by(Person.id)):
            by_community.setdefault(community.get(gid), []).append((pid, gid))
        team: dict[int, list[str]] = {}
        for gid, name in s.execute(select(Post.grid_id, Staff.name).join(Staff, Staff.id == Post.staff_id)
                                   .where(Post.in_service_team).order_by(Post.id)):
            team.setdefault(gid, []).append(name)
    moves: list[dict[str, object]] = []
    with db.session() as s:
        conn = s.connection()
        for _cid, elders in sorted(by_community.items(), key=lambda kv: kv[0] or 0):
            moves += _box(conn, rng, anchor, elders, team)
        if moves:
            conn.execute(insert(MedicineMove.__table__), moves)
    return len(moves)


def _box(conn, rng: random.Random, anchor: dt.date, elders: list[tuple[int, int]],  # type: ignore[no-untyped-def]
         team: dict[int, list[str]]) -> list[dict[str, object]]:
    moves: list[dict[str, object]] = []
    for n, (name, spec, unit, days, quantity) in enumerate(BATCHES):
        expires = anchor + dt.timedelta(days=days) if days is not None else None
        item_id = conn.execute(insert(MedicineItem.__table__).values(
            name=name, spec=spec, unit=unit, batch=f"{anchor.year % 100:02d}{n + 1:02d}{rng.randrange(100, 999)}",
            expires_on=expires, note="")).inserted_primary_key[0]
        received = anchor - dt.timedelta(days=rng.randrange(60, 95))
        if rng.random() < 0.4:  # a resident brought it
            pid, gid = rng.choice(elders)
            giver = dict(person_id=pid, name="", grid_id=gid)
        else:
            giver = dict(person_id=None, name=rng.choice(GIVERS), grid_id=None)
        moves.append(dict(item_id=item_id, kind=IN, moved_on=received, quantity=quantity, by_name="", note="",
                          **giver))
        left, last = quantity, expires or anchor
        for _ in range(rng.randint(1, 4)):
            day = received + dt.timedelta(days=rng.randrange(1, (anchor - received).days))
            give = min(left - 1, rng.randint(1, 2))
            if give < 1 or day > last:
                continue
            pid, gid = rng.choice(elders)
            moves.append(dict(item_id=item_id, kind=OUT, moved_on=day, quantity=give, person_id=pid, name="",
                              grid_id=gid, by_name=rng.choice(team.get(gid, [""])), note=""))
            left -= give
        if days is not None and days < 0 and left > 2:
            moves.append(dict(item_id=item_id, kind=DISCARD, moved_on=anchor + dt.timedelta(days=days + 1),
                              quantity=2, person_id=None, name="", grid_id=None, by_name="", note="包装破损"))
    return moves
