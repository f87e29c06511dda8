"""Recording home visits: one call records a visit of several members of one household (one row
per member, so each member's "last visit" moves), or of the household as a whole. Visitors are
staff (micro-grid team, family doctor) picked from the grid's posts, plus names typed freely."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, select

from gridoffice.domain.ages import age_on
from gridoffice.domain.codes import PersonStatus, relation_name
from gridoffice.i18n import N_, tr
from gridoffice.services.changes import Change, operation
from gridoffice.services.errors import ServiceError
from gridoffice.services.grids.core import catalogue
from gridoffice.services.scope import grid_subtree_ids
from gridoffice.store import Database
from gridoffice.store.models import Grid, Household, Person, Post, Staff, Visit, VisitVisitor

TEXT_LIMIT = 500
VISITORS_LIMIT = 200
EARLIEST = dt.date(2000, 1, 1)
FINDINGS = {"health": N_("健康状况"), "finances": N_("经济状况"), "care": N_("照料情况"), "safety": N_("水电气安全"),
            "needs": N_("诉求"), "follow_up": N_("跟进事项")}


class VisitError(ServiceError, ValueError):
    """A visit that cannot be recorded as given; the message is a sentence for the user."""


@dataclass(frozen=True)
class VisitInput:
    visit_date: dt.date
    household_id: int | None = None
    person_ids: Sequence[int] = ()  # empty: the household as a whole
    staff_ids: Sequence[int] = ()
    other_visitors: str = ""  # names not on the staff list, as written
    health: str = ""
    finances: str = ""
    care: str = ""
    safety: str = ""
    needs: str = ""
    follow_up: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def record_visit(db: Database, data: VisitInput, today: dt.date | None = None) -> Change:
    """Record the visit; returns the Change (undo deletes the rows it made)."""
    today = today or dt.date.today()
    if data.visit_date > today:
        raise VisitError(tr("走访日期 {day} 晚于今天，请检查。").format(day=data.visit_date.isoformat()))
    if data.visit_date < EARLIEST:
        raise VisitError(tr("走访日期 {day} 太早，请检查。").format(day=data.visit_date.isoformat()))
    for key, label in FINDINGS.items():
        if len(getattr(data, key)) > TEXT_LIMIT:
            raise VisitError(tr("“{label}”超过 {n} 字，请精简后再保存。").format(label=tr(label), n=TEXT_LIMIT))
    with operation(db, "") as op:
        s = op.session
        household_id = data.household_id
        persons = []
        for pid in dict.fromkeys(data.person_ids):
            person = s.get(Person, pid)
            if person is None or person.deleted_at is not None:
                raise VisitError(tr("找不到这位居民（编号 {id}）。").format(id=pid))
            if person.status != PersonStatus.ACTIVE:
                raise VisitError(tr("{name} 已{status}，不能登记走访。").format(name=person.name, status=person.status))
            if household_id is None:
                household_id = person.household_id
            elif person.household_id != household_id:
                raise VisitError(tr("一次只能登记同一户的成员：{name} 不在这一户。").format(name=person.name))
            persons.append(person)
        household = s.get(Household, household_id) if household_id is not None else None
        if household is None or household.deleted_at is not None:
            raise VisitError(tr("请选择被走访的户或居民。"))
        staff = []
        for sid in dict.fromkeys(data.staff_ids):
            member = s.get(Staff, sid)
            if member is None:
                raise VisitError(tr("找不到这位网格员（编号 {id}）。").format(id=sid))
            staff.append(member)
        names = [m.name for m in staff]
        other = data.other_visitors.strip()
        if other:
            names.append(other)
        visitors = "、".join(names)
        if not visitors:
            raise VisitError(tr("请至少选择或填写一位走访人。"))
        if len(visitors) > VISITORS_LIMIT:
            raise VisitError(tr("走访人一栏超过 {n} 字，请精简。").format(n=VISITORS_LIMIT))
        targets: list[int | None] = [p.id for p in persons] or [None]
        rows = []
        for pid in targets:  # type: ignore[assignment]
            visit = Visit(person_id=pid, household_id=household.id, grid_id=household.grid_id,
                          visit_date=data.visit_date, visitors=visitors,
                          **{key: getattr(data, key).strip() for key in FINDINGS})
            s.add(visit)
            rows.append(visit)
        s.flush()
        for visit in rows:
            for member in staff:
                s.add(VisitVisitor(visit_id=visit.id, staff_id=member.id))  # type: ignore[arg-type]
        who = "、".join(p.name for p in persons) if persons else tr("{number} 户").format(number=household.number)
        op.description = tr("登记走访：{who}（{day}）").format(who=who, day=data.visit_date.isoformat())
    return op.change


def delete_visits(db: Database, visit_ids: Sequence[int]) -> Change:
    """Remove visit records (a mistaken entry). Undo puts them back as they were."""
    ids = list(visit_ids)
    with operation(db, tr("删除走访记录")) as op:
        s = op.session
        found = s.scalars(select(Visit).where(Visit.id.in_(ids))).all()
        if not found:
            raise VisitError(tr("要删除的走访记录已不存在。"))
        s.flush()
        op.deleting(VisitVisitor, VisitVisitor.visit_id.in_(ids))
        s.execute(delete(VisitVisitor).where(VisitVisitor.visit_id.in_(ids)))
        for visit in found:
            s.delete(visit)
    return op.change


# ---- what the record dialog offers ----------------------------------------------------------
@dataclass(frozen=True)
class Member:
    person_id: int
    name: str
    sex: str | None
    age: int | None
    relation: str


@dataclass(frozen=True)
class HouseholdChoice:
    household_id: int
    number: str
    address: str
    head: str


def households(db: Database, grid_id: int) -> list[HouseholdChoice]:
    """Households in the grid (and below), by number, with the head's name."""
    with db.reading() as s:
        ids = grid_subtree_ids(s, grid_id)
        rows = s.execute(
            select(Household.id, Household.number, Household.address)
            .where(Household.grid_id.in_(ids), Household.deleted_at.is_(None))
            .order_by(Household.number)
        ).all()
        heads = dict(s.execute(
            select(Person.household_id, Person.name)
            .join(Household, Household.id == Person.household_id)
            .where(Household.grid_id.in_(ids), Person.relation == "02", Person.deleted_at.is_(None))
        ).all())
    return [HouseholdChoice(hid, number, address, heads.get(hid, "")) for hid, number, address in rows]


def members(db: Database, household_id: int, on: dt.date) -> list[Member]:
    with db.reading() as s:
        rows = s.execute(
            select(Person.id, Person.name, Person.sex, Person.birth_date, Person.relation)
            .where(Person.household_id == household_id, Person.deleted_at.is_(None),
                   Person.status == PersonStatus.ACTIVE)
            .order_by(Person.relation, Person.id)
        ).all()
    return [Member(pid, name, sex, age_on(born, on) if born else None, relation_name(rel))
            for pid, name, sex, born, rel in rows]


@dataclass(frozen=True)
class StaffChoice:
    staff_id: int
    name: str
    role: str
    grid_name: str


def visiting_staff(db: Database, grid_id: int | None) -> list[StaffChoice]:
    """Staff with a post in the grid or any grid above it (the service team, the family doctor,
    the general-grid leader…); nearest grid first."""
    with db.reading() as s:
        chain = []
        current = s.get(Grid, grid_id) if grid_id is not None else None
        while current is not None:
            chain.append(current)
            current = s.get(Grid, current.parent_id) if current.parent_id is not None else None
        found: dict[int, StaffChoice] = {}
        labels = {gid: g.label for gid, g in catalogue(s).items()} if chain else {}
        for grid in chain:
            rows = s.execute(
                select(Staff.id, Staff.name, Post.role).join(Post, Post.staff_id == Staff.id)
                .where(Post.grid_id == grid.id, Staff.active).order_by(Post.sort_order, Staff.id)
            ).all()
            for sid, name, role in rows:
                found.setdefault(sid, StaffChoice(sid, name, role, labels.get(grid.id, grid.name)))  # type: ignore[arg-type]
    return list(found.values())
