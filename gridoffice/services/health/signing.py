"""Family-doctor signing (家庭医生签约): a resident's current contract with a doctor (a serving
staff member holding the 家庭医生 post), its date and expiry; 签约率 per micro-grid for all
residents, those 65+ and key persons; contracts about to expire.

A contract counts on a day when it was signed by then and has not expired.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from gridoffice.domain.ages import latest_birth_for_age
from gridoffice.domain.codes import PersonStatus, Role
from gridoffice.i18n import tr
from gridoffice.services.changes import Change, Operation, operation
from gridoffice.services.errors import ServiceError
from gridoffice.services.scope import grid_subtree_ids
from gridoffice.store import Database
from gridoffice.store.models import DoctorSigning, Household, KeyMembership, Person, Post, Staff

TERM_DAYS = 365
GROUPS = ("all", "aged_65", "key")


class SigningError(ServiceError, ValueError):
    """A contract that cannot be kept (no such doctor, dates the wrong way round)."""


def default_expiry(signed_on: dt.date) -> dt.date:
    """One year: the day before the anniversary."""
    try:
        return signed_on.replace(year=signed_on.year + 1) - dt.timedelta(days=1)
    except ValueError:  # 29 February
        return dt.date(signed_on.year + 1, 2, 28)


def doctors(db: Database) -> list[tuple[int, str]]:
    """(staff id, name) of the serving staff with a 家庭医生 post."""
    with db.reading() as s:
        return list(s.execute(select(Staff.id, Staff.name).join(Post, Post.staff_id == Staff.id)
                              .where(Post.role == Role.DOCTOR, Staff.active).distinct().order_by(Staff.name)).all())


def doctor_by_name(db: Database, name: str) -> int:
    found = [sid for sid, n in doctors(db) if n == name.strip()]
    if not found:
        raise SigningError(tr("没有叫“{name}”的家庭医生（须是有家庭医生岗位的在岗网格员）").format(name=name.strip()))
    if len(found) > 1:
        raise SigningError(tr("有 {n} 位家庭医生叫“{name}”，请在程序里选择").format(n=len(found), name=name.strip()))
    return found[0]


def sign(db: Database, person_id: int, doctor_id: int | None, signed_on: dt.date | None = None,
         expires_on: dt.date | None = None) -> Change:
    """Sign (or renew) the person's contract; ``doctor_id=None`` removes it."""
    signed_on, expires_on = settled(db, doctor_id, signed_on, expires_on)
    with operation(db, tr("家庭医生签约")) as op:
        name = write(op, person_id, doctor_id, signed_on, expires_on)
        op.description = (tr("{name}与家庭医生签约").format(name=name) if doctor_id is not None
                          else tr("取消{name}的家庭医生签约").format(name=name))
    return op.change


def settled(db: Database, doctor_id: int | None, signed_on: dt.date | None,
            expires_on: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """The contract's dates (today and a year on when not given); a refusal when it cannot be kept."""
    if doctor_id is None:
        return signed_on, expires_on
    signed_on = signed_on or dt.date.today()
    expires_on = expires_on or default_expiry(signed_on)
    if expires_on < signed_on:
        raise SigningError(tr("到期日期早于签约日期"))
    if doctor_id not in {sid for sid, _ in doctors(db)}:
        raise SigningError(tr("签约医生须是有家庭医生岗位的在岗网格员"))
    return signed_on, expires_on


def write(op: Operation, person_id: int, doctor_id: int | None, signed_on: dt.date | None,
          expires_on: dt.date | None) -> str:
    """The contract written inside an operation (dates already settled); the person's name."""
    s = op.session
    person = s.get(Person, person_id)
    if person is None or person.deleted_at is not None:
        raise SigningError(tr("没有这位居民"))
    row = s.scalars(select(DoctorSigning).where(DoctorSigning.person_id == person_id)).first()
    if doctor_id is None:
        if row is not None:
            s.delete(row)
    elif row is None:
        s.add(DoctorSigning(person_id=person_id, doctor_id=doctor_id, signed_on=signed_on, expires_on=expires_on))  # type: ignore[arg-type]
    else:
        row.doctor_id, row.signed_on, row.expires_on = doctor_id, signed_on, expires_on  # type: ignore[assignment]
    op.touch("doctor_signing")
    return person.name


@dataclass(frozen=True)
class Rate:
    persons: int
    signed: int

    @property
    def rate(self) -> float | None:
        return self.signed / self.persons if self.persons else None


def rates(db: Database, grid_id: int | None, on: dt.date) -> dict[int, dict[str, Rate]]:
    """Per micro-grid: residents and those with a valid contract, for everyone, the 65+ and the
    key persons (a key-population membership valid on the day)."""
    cut65 = latest_birth_for_age(65, on)
    valid = and_(DoctorSigning.person_id == Person.id, DoctorSigning.signed_on <= on, DoctorSigning.expires_on >= on)
    member = and_(KeyMembership.person_id == Person.id,
                  or_(KeyMembership.since.is_(None), KeyMembership.since <= on),
                  or_(KeyMembership.until.is_(None), KeyMembership.until >= on))
    stmt = (select(Household.grid_id, Person.id, Person.birth_date, DoctorSigning.id, KeyMembership.id)
            .join(Household, Person.household_id == Household.id)
            .outerjoin(DoctorSigning, valid).outerjoin(KeyMembership, member)
            .where(Person.deleted_at.is_(None), Household.deleted_at.is_(None), Household.grid_id.is_not(None),
                   Person.status == PersonStatus.ACTIVE))
    with db.reading() as s:
        if grid_id is not None:
            stmt = stmt.where(Household.grid_id.in_(grid_subtree_ids(s, grid_id)))
        rows = s.execute(stmt).all()
    seen: set[int] = set()
    counts: dict[int, dict[str, list[int]]] = defaultdict(lambda: {g: [0, 0] for g in GROUPS})
    key_ids = {pid for _g, pid, _b, _s, mid in rows if mid is not None}
    for gid, pid, born, signing, _mid in rows:
        if pid in seen:  # one row per membership
            continue
        seen.add(pid)
        groups = ["all"]
        if born is not None and born <= cut65:
            groups.append("aged_65")
        if pid in key_ids:
            groups.append("key")
        for g in groups:
            counts[gid][g][0] += 1
            counts[gid][g][1] += signing is not None
    return {gid: {g: Rate(*c[g]) for g in GROUPS} for gid, c in counts.items()}


@dataclass(frozen=True)
class Expiring:
    person_id: int
    name: str
    household_number: str
    grid_id: int
    doctor: str
    signed_on: dt.date
    expires_on: dt.date


def expiring(db: Database, grid_id: int | None, on: dt.date, within_days: int = 30) -> list[Expiring]:
    """Contracts that end from ``on`` to ``within_days`` later (renew them), soonest first."""
    stmt = (select(Person.id, Person.name, Household.number, Household.grid_id, Staff.name,
                   DoctorSigning.signed_on, DoctorSigning.expires_on)
            .join(Person, Person.id == DoctorSigning.person_id)
            .join(Household, Person.household_id == Household.id)
            .join(Staff, Staff.id == DoctorSigning.doctor_id)
            .where(DoctorSigning.expires_on >= on, DoctorSigning.expires_on <= on + dt.timedelta(days=within_days),
                   Person.deleted_at.is_(None), Person.status == PersonStatus.ACTIVE, Household.grid_id.is_not(None))
            .order_by(DoctorSigning.expires_on, Household.number, Person.id))
    with db.reading() as s:
        if grid_id is not None:
            stmt = stmt.where(Household.grid_id.in_(grid_subtree_ids(s, grid_id)))
        return [Expiring(*r) for r in s.execute(stmt).all()]


def current(db: Database, person_id: int) -> tuple[int, dt.date, dt.date] | None:
    """The person's contract: (doctor id, signed on, expires on), or None."""
    with db.reading() as s:
        row = s.execute(select(DoctorSigning.doctor_id, DoctorSigning.signed_on, DoctorSigning.expires_on)
                        .where(DoctorSigning.person_id == person_id)).first()
    return None if row is None else (row[0], row[1], row[2])
