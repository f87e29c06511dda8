"""The demo's health profiles (issue 21): chronic disease with its stability, vaccination and
mobility for every resident aged 55+ on the reference date (so the 65+ of later days have one
too). Deterministic: its own random stream, so the rest of the demo stays as it was. A resident
with a 慢病 membership has that illness; others may have one without the membership."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import insert, select

from gridoffice.domain import health_tiers as ht
from gridoffice.domain.ages import latest_birth_for_age
from gridoffice.store import Database
from gridoffice.store.models import HealthProfile, KeyMembership, Person

ILLNESSES = ("高血压", "糖尿病", "心脑血管病", "慢阻肺", "冠心病")
BATCH = 5000


def generate(db: Database, reference: dt.date, seed: int = 7) -> int:
    rng = random.Random(f"health:{seed}")
    cut = latest_birth_for_age(55, reference)
    cut80 = latest_birth_for_age(80 - 2, reference)
    with db.reading() as s:
        persons = s.execute(select(Person.id, Person.birth_date).where(Person.birth_date <= cut)
                            .order_by(Person.id)).all()
        illness = {pid: attrs.get("illness", "") for pid, attrs in s.execute(
            select(KeyMembership.person_id, KeyMembership.attrs).where(KeyMembership.category == "chronic"))}
    rows = []
    for pid, born in persons:
        old = born <= cut80
        if pid in illness:
            state = rng.choices((ht.CHRONIC_STABLE, ht.CHRONIC_UNSTABLE), (75, 25))[0]
            diseases = illness[pid] or rng.choice(ILLNESSES)
        elif rng.random() < 0.25:
            state, diseases = ht.CHRONIC_STABLE, rng.choice(ILLNESSES)
        else:
            state, diseases = ht.CHRONIC_NONE, ""
        vaccine = rng.choices((ht.VACCINE_FULL, ht.VACCINE_PARTIAL, ht.VACCINE_NONE),
                              (45, 30, 25) if old else (60, 25, 15))[0]
        doses = {ht.VACCINE_FULL: rng.choice((3, 3, 4)), ht.VACCINE_PARTIAL: rng.choice((1, 2)),
                 ht.VACCINE_NONE: 0}[vaccine]
        last = None if not doses else reference - dt.timedelta(days=rng.randrange(30, 500))
        rows.append(dict(person_id=pid, chronic_diseases=diseases, chronic_state=state, vaccine_doses=doses,
                         vaccine_last=last, vaccine_state=vaccine,
                         mobility_limited=rng.random() < (0.25 if old else 0.06)))
    with db.session() as s:
        conn = s.connection()
        for start in range(0, len(rows), BATCH):
            conn.execute(insert(HealthProfile.__table__), rows[start:start + BATCH])
    return len(rows)
