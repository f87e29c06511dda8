"""The daily-call log (每日电话随访): a call to a resident of the red tier recorded on the day it
was made — who called, whether the resident was reached, a short note — so the call sheet and
the 健康服务 pane show who was called this week, and the counts per grid say how many of the red
residents were called. Calls are kept for anyone (a yellow resident called once is recorded
too); the list offered for calling is the red tier's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from gridoffice.domain import health_tiers as ht
from gridoffice.domain import text
from gridoffice.domain import visit_schedule as vs
from gridoffice.i18n import tr
from gridoffice.services.changes import Change, operation
from gridoffice.services.errors import ServiceError
from gridoffice.services.health import tiers as health_tiers
from gridoffice.services.scope import grid_subtree_ids
from gridoffice.store import Database
from gridoffice.store.models import HealthCall, Household, Person

NOTE_LIMIT = 200
BY_LIMIT = 50


class CallError(ServiceError, ValueError):
    """A call that cannot be recorded (no such resident, a date in the future, a note too long)."""


@dataclass(frozen=True)
class Call:
    id: int
    person_id: int
    called_on: dt.date
    reached: bool
    by_name: str
    note: str


def record(db: Database, person_id: int, on: dt.date | None = None, reached: bool = True, by: str = "",
           note: str = "", today: dt.date | None = None) -> Change:
    """Record one call made on ``on`` (today by default)."""
    today = today or dt.date.today()
    on = on or today
    if on > today:
        raise CallError(tr("电话随访的日期不能晚于今天"))
    by, note = text.clean(by or "").strip(), text.clean(note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise CallError(tr("情况记录不能超过 {n} 个字").format(n=NOTE_LIMIT))
    if len(by) > BY_LIMIT:
        raise CallError(tr("随访人姓名不能超过 {n} 个字").format(n=BY_LIMIT))
    with operation(db, tr("电话随访")) as op:
        person = op.session.get(Person, person_id)
        if person is None or person.deleted_at is not None:
            raise CallError(tr("没有这位居民"))
        by = by or db.operator or ""
        op.session.add(HealthCall(person_id=person_id, called_on=on, reached=reached, by_name=by[:BY_LIMIT],
                                  note=note))
        op.description = (tr("{name} {day} 电话随访（已打通）") if reached else
                          tr("{name} {day} 电话随访（未接通）")).format(name=person.name, day=on.isoformat())
    return op.change


def remove(db: Database, call_id: int) -> Change:
    """Take a call back (recorded by mistake)."""
    with operation(db, tr("删除电话随访记录")) as op:
        row = op.session.get(HealthCall, call_id)
        if row is None:
            raise CallError(tr("这条电话随访记录已经不在了"))
        person = op.session.get(Person, row.person_id)
        op.description = tr("删除 {name} {day} 的电话随访记录").format(
            name=person.name if person else "", day=row.called_on.isoformat())
        op.session.delete(row)
    return op.change


def calls(db: Database, person_ids: list[int] | None, start: dt.date, end: dt.date,
          grid_id: int | None = None) -> list[Call]:
    """Calls from ``start`` to ``end`` (both included) to these residents (None: everyone, or
    everyone of ``grid_id`` and under it), in the order made."""
    stmt = (select(HealthCall.id, HealthCall.person_id, HealthCall.called_on, HealthCall.reached,
                   HealthCall.by_name, HealthCall.note)
            .where(HealthCall.called_on >= start, HealthCall.called_on <= end)
            .order_by(HealthCall.called_on, HealthCall.id))
    with db.reading() as s:
        if grid_id is not None:
            stmt = (stmt.join(Person, Person.id == HealthCall.person_id)
                    .join(Household, Household.id == Person.household_id)
                    .where(Household.grid_id.in_(grid_subtree_ids(s, grid_id))))
        rows = s.execute(stmt).all()
    wanted = None if person_ids is None else set(person_ids)
    return [Call(*r) for r in rows if wanted is None or r[1] in wanted]


@dataclass(frozen=True)
class LoggedCall:
    call: Call
    name: str
    household_number: str
    grid_id: int | None


def week_log(db: Database, grid_id: int | None, on: dt.date) -> list[LoggedCall]:
    """Every call of the week of ``on`` in the grid (and under it; None: everywhere), with the
    resident's name, household and grid, in the order made."""
    stmt = (select(HealthCall.id, HealthCall.person_id, HealthCall.called_on, HealthCall.reached,
                   HealthCall.by_name, HealthCall.note, Person.name, Household.number, Household.grid_id)
            .join(Person, Person.id == HealthCall.person_id)
            .join(Household, Household.id == Person.household_id)
            .where(HealthCall.called_on >= vs.week_start(on), HealthCall.called_on <= vs.week_end(on))
            .order_by(HealthCall.called_on, HealthCall.id))
    with db.reading() as s:
        if grid_id is not None:
            stmt = stmt.where(Household.grid_id.in_(grid_subtree_ids(s, grid_id)))
        return [LoggedCall(Call(*r[:6]), r[6], r[7], r[8]) for r in s.execute(stmt).all()]


def week_calls(db: Database, person_ids: list[int] | None, on: dt.date,
               grid_id: int | None = None) -> dict[int, list[Call]]:
    """person id → the calls of the week of ``on`` (Monday to Sunday)."""
    out: dict[int, list[Call]] = defaultdict(list)
    for c in calls(db, person_ids, vs.week_start(on), vs.week_end(on), grid_id):
        out[c.person_id].append(c)
    return dict(out)


@dataclass
class CallListRow:
    """A red resident on the call list, with this week's calls."""
    tier: health_tiers.TierRow
    week: list[Call] = field(default_factory=list)

    def on(self, day: dt.date) -> list[Call]:
        return [c for c in self.week if c.called_on == day]

    def reached_on(self, day: dt.date) -> bool | None:
        """True: reached that day; False: called but not reached; None: not called."""
        found = self.on(day)
        return None if not found else any(c.reached for c in found)


def call_list(db: Database, grid_id: int | None, on: dt.date, rows: list[health_tiers.TierRow] | None = None
              ) -> list[CallListRow]:
    """The red residents 65+ of the grid with their calls of the week of ``on`` (``rows``: the
    tiers when the caller has read them already)."""
    rows = health_tiers.tiers(db, grid_id, on) if rows is None else rows
    red = [t for t in rows if t.tier == ht.RED]
    week = week_calls(db, None, on, grid_id)
    return [CallListRow(t, week.get(t.person_id, [])) for t in red]


@dataclass(frozen=True)
class CallCounts:
    red: int = 0  # red residents
    called_week: int = 0  # of them, called at least once this week
    called_today: int = 0
    reached_today: int = 0


def counts_by_grid(listed: list[CallListRow], on: dt.date) -> dict[int, CallCounts]:
    """Per micro-grid (by id): red residents, how many were called this week and today."""
    acc: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for row in listed:
        c = acc[row.tier.grid_id]
        today = row.reached_on(on)
        c[0] += 1
        c[1] += bool(row.week)
        c[2] += today is not None
        c[3] += today is True
    return {gid: CallCounts(*c) for gid, c in acc.items()}
