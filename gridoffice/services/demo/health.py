"""The demo's health work (issue 21): chronic disease with its stability, vaccination and
mobility for every resident aged 55+ on the reference date (so the 65+ of later days have one
too); family-doctor contracts (most of the 65+ and of the chronically ill, some others) with the
doctor of their micro-grid; three months of 五到家 services when the demo has activity.
Deterministic: its own random streams, so the rest of the demo stays as it was. A resident with
a 慢病 membership has that illness; others may have one without the membership."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import insert, select

from gridoffice.domain import health_tiers as ht
from gridoffice.domain.ages import latest_birth_for_age
from gridoffice.domain.codes import Role
from gridoffice.services.health import services as health_services
from gridoffice.services.health import signing
from gridoffice.store import Database
from gridoffice.store.models import (
    DoctorSigning,
    Grid,
    HealthProfile,
    HealthService,
    Household,
    KeyMembership,
    Person,
    Post,
    Staff,
)

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
    _insert(db, HealthProfile, rows)
    return len(rows)


def _doctor_of(db: Database) -> dict[int, int]:
    """micro-grid id → the staff id of its family doctor (its own post, else the nearest above)."""
    with db.reading() as s:
        parent = dict(s.execute(select(Grid.id, Grid.parent_id)).all())
        posted = {g: sid for g, sid in s.execute(select(Post.grid_id, Post.staff_id)
                                                 .where(Post.role == Role.DOCTOR).order_by(Post.id.desc()))}
    out = {}
    for gid in parent:
        g: int | None = gid
        while g is not None and g not in posted:
            g = parent.get(g)
        if g is not None:
            out[gid] = posted[g]
    return out


def signings(db: Database, anchor: dt.date, seed: int = 7) -> int:
    """Contracts signed in the year before ``anchor`` (so they are valid on it)."""
    rng = random.Random(f"signing:{seed}")
    doctor = _doctor_of(db)
    cut65, cut18 = latest_birth_for_age(65, anchor), latest_birth_for_age(18, anchor)
    with db.reading() as s:
        chronic = set(s.scalars(select(KeyMembership.person_id).where(KeyMembership.category == "chronic")))
        persons = s.execute(select(Person.id, Person.birth_date, Household.grid_id)
                            .join(Household, Household.id == Person.household_id)
                            .where(Person.status == "在册", Household.grid_id.is_not(None)).order_by(Person.id)).all()
    rows = []
    for pid, born, gid in persons:
        share = 0.8 if pid in chronic else 0.72 if born and born <= cut65 else 0.3 if born and born <= cut18 else 0.1
        if gid not in doctor or rng.random() >= share:
            continue
        signed = anchor - dt.timedelta(days=rng.randrange(0, 360))
        rows.append(dict(person_id=pid, doctor_id=doctor[gid], signed_on=signed,
                         expires_on=signing.default_expiry(signed)))
    _insert(db, DoctorSigning, rows)
    return len(rows)


def services(db: Database, on: dt.date, seed: int = 7, months: int = 3) -> int:
    """Three months of 五到家 services up to ``on``: a few a month per micro-grid, by its team."""
    rng = random.Random(f"services:{seed}")
    with db.reading() as s:
        homes: dict[int, list[int]] = {}
        for gid, hid in s.execute(select(Household.grid_id, Household.id)
                                  .where(Household.grid_id.is_not(None)).order_by(Household.id)):
            homes.setdefault(gid, []).append(hid)
        team: dict[int, list[tuple[int, str]]] = {}
        for gid, sid, name in s.execute(select(Post.grid_id, Staff.id, Staff.name).join(Staff, Staff.id == Post.staff_id)
                                        .where(Post.in_service_team).order_by(Post.id)):
            team.setdefault(gid, []).append((sid, name))
    weights = (30, 20, 20, 15, 15)
    start = on - dt.timedelta(days=30 * months)
    rows = []
    for gid, households in sorted(homes.items()):
        for _ in range(rng.randint(4, 8) * months):
            kind = rng.choices(health_services.TYPES, weights)[0]
            sid, name = rng.choice(team.get(gid, [(None, "")]))
            rows.append(dict(household_id=rng.choice(households), person_id=None, grid_id=gid, service_type=kind,
                             service_date=start + dt.timedelta(days=rng.randrange(0, (on - start).days + 1)),
                             by_name=name, by_staff_id=sid, note=""))
    _insert(db, HealthService, rows)
    return len(rows)


def _insert(db: Database, model, rows: list[dict]) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        conn = s.connection()
        for start in range(0, len(rows), BATCH):
            conn.execute(insert(model.__table__), rows[start:start + BATCH])
