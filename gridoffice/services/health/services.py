"""The 五到家 service log: a service given to a household (or one person of it) — which of the
five, the day, who gave it, a note — and the counts per micro-grid and type per month."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select

from gridoffice.domain import text
from gridoffice.i18n import N_, tr
from gridoffice.services.changes import Change, operation
from gridoffice.services.errors import ServiceError
from gridoffice.services.scope import grid_subtree_ids
from gridoffice.store import Database
from gridoffice.store.models import HealthService, Household, Person, Staff

TYPES = (N_("送医到家"), N_("温暖到家"), N_("预防到家"), N_("互助到家"), N_("宣传到家"))
NOTE_LIMIT = 500


class ServiceLogError(ServiceError, ValueError):
    """A service record that cannot be kept."""


def record(db: Database, household_id: int, service_type: str, on: dt.date | None = None,
           person_id: int | None = None, by: str = "", note: str = "") -> Change:
    """Record one service; ``by`` is a name as written (matched to a serving staff member when
    exactly one has it). Undo deletes the record."""
    if service_type not in TYPES:
        raise ServiceLogError(tr("服务类型应为 {types} 之一").format(types="、".join(TYPES)))
    on = on or dt.date.today()
    if on > dt.date.today():
        raise ServiceLogError(tr("服务日期晚于今天"))
    by, note = text.clean(by or "").strip(), text.clean(note or "", multiline=True).strip()
    if len(by) > 50 or len(note) > NOTE_LIMIT:
        raise ServiceLogError(tr("服务人不超过 50 字，备注不超过 {n} 字").format(n=NOTE_LIMIT))
    with operation(db, tr("登记一条五到家服务记录")) as op:
        s = op.session
        household = s.get(Household, household_id)
        if household is None or household.deleted_at is not None:
            raise ServiceLogError(tr("没有这一户"))
        if person_id is not None:
            person = s.get(Person, person_id)
            if person is None or person.household_id != household_id:
                raise ServiceLogError(tr("这位居民不在这一户"))
        staff = list(s.scalars(select(Staff.id).where(Staff.name == by, Staff.active))) if by else []
        s.add(HealthService(household_id=household_id, person_id=person_id, grid_id=household.grid_id,
                            service_type=service_type, service_date=on, by_name=by,
                            by_staff_id=staff[0] if len(staff) == 1 else None, note=note))
        op.description = tr("登记{kind}（{number}户，{on}）").format(
            kind=tr(service_type), number=household.number, on=on.isoformat())
    return op.change


def remove(db: Database, record_id: int) -> Change:
    with operation(db, tr("删除一条五到家服务记录")) as op:
        row = op.session.get(HealthService, record_id)
        if row is None:
            raise ServiceLogError(tr("这条服务记录已不存在"))
        op.session.delete(row)
    return op.change


def month_bounds(on: dt.date) -> tuple[dt.date, dt.date]:
    first = on.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def counts(db: Database, grid_id: int | None, start: dt.date, end: dt.date) -> dict[int | None, dict[str, int]]:
    """Records per micro-grid (the household's when recorded) and type, ``start`` to ``end``."""
    stmt = (select(HealthService.grid_id, HealthService.service_type, func.count())
            .where(HealthService.service_date >= start, HealthService.service_date <= end)
            .group_by(HealthService.grid_id, HealthService.service_type))
    with db.reading() as s:
        if grid_id is not None:
            stmt = stmt.where(HealthService.grid_id.in_(grid_subtree_ids(s, grid_id)))
        rows = s.execute(stmt).all()
    out: dict[int | None, dict[str, int]] = defaultdict(lambda: dict.fromkeys(TYPES, 0))
    for gid, kind, n in rows:
        if kind in TYPES:
            out[gid][kind] += n
    return dict(out)


def of_household(db: Database, household_id: int) -> list[tuple[int, dt.date, str, str, str]]:
    """(id, date, type, by, note) of a household's services, latest first."""
    with db.reading() as s:
        return list(s.execute(select(HealthService.id, HealthService.service_date, HealthService.service_type,
                                     HealthService.by_name, HealthService.note)
                              .where(HealthService.household_id == household_id)
                              .order_by(HealthService.service_date.desc(), HealthService.id.desc())).all())
