"""Weekly visits of key persons (巡访): who is a key person, when each is due, the week grid per
micro-grid and the counts per grid.

Who is a key person on a day: an active resident (在册) in a household with a grid who holds a
key-population membership valid that day (every category of ``domain.population.CATEGORIES``),
or who is aged 80 or over (高龄, from the birth date), or an elderly member living alone (独居,
the elderly membership's ``living`` attribute). Each applicable rule (category × risk level, see
``visit_rules``) gives an interval; the person is visited at the shortest one. Pairs set to 0 days
take nobody onto the visit list. Due / overdue arithmetic: ``domain.visit_schedule``.

Visits of a whole household (``person_id`` empty) count for every member of it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import and_, func, literal, or_, select

from gridoffice.domain import visit_schedule as vs
from gridoffice.domain.ages import age_on, latest_birth_for_age
from gridoffice.domain.codes import GridLevel, PersonStatus
from gridoffice.domain.population import OLDEST_OLD_AGE
from gridoffice.services import visit_rules
from gridoffice.services.grids import catalogue
from gridoffice.services.scope import grid_subtree_ids
from gridoffice.store import Database
from gridoffice.store.models import Household, KeyMembership, Person, Visit

Status = vs.Status
TIER_RANK = {"红": 0, "黄": 1}


@dataclass
class KeyPerson:
    person_id: int
    name: str
    sex: str | None
    birth_date: dt.date | None
    household_id: int
    household_number: str
    address: str
    grid_id: int
    categories: list[str] = field(default_factory=list)  # rule category codes that apply
    interval: int = 0
    key_since: dt.date | None = None  # None: not recorded
    last_visit: dt.date | None = None
    tier: str = ""  # 红 / 黄 / 绿 for residents 65+ (services/health_tiers.py), else ""

    @property
    def due(self) -> dt.date | None:
        return vs.due_date(self.last_visit, self.interval, self.key_since)

    def age(self, on: dt.date) -> int | None:
        return age_on(self.birth_date, on) if self.birth_date else None

    def status(self, on: dt.date) -> Status:
        """The status in the week of ``on``."""
        monday = vs.week_start(on)
        visited = self.last_visit is not None and self.last_visit >= monday
        return vs.week_status(visited, self.due, monday)

    def category_labels(self) -> list[str]:
        return [visit_rules.rule_category_label(c) for c in self.categories]


def key_persons(db: Database, grid_id: int | None, on: dt.date, *, last_visits: bool = True) -> list[KeyPerson]:
    """Key persons in the grid (and everything under it; None = the whole database) on ``on``,
    with their last visit up to ``on`` (``last_visits=False``: the caller fills it, as the week
    grid does from the visits it reads anyway); ordered by grid, household number, person."""
    rules = visit_rules.load(db)
    cut80 = latest_birth_for_age(OLDEST_OLD_AGE, on)
    member = and_(
        KeyMembership.person_id == Person.id,
        or_(KeyMembership.since.is_(None), KeyMembership.since <= on),
        or_(KeyMembership.until.is_(None), KeyMembership.until >= on),
    )
    columns = (Person.id, Person.name, Person.sex, Person.birth_date, Household.id, Household.number,
               Household.address, Household.grid_id)
    membership = (KeyMembership.category, KeyMembership.risk_level, KeyMembership.since,
                  KeyMembership.attrs["living"].as_string())
    alive = (Person.deleted_at.is_(None), Household.deleted_at.is_(None), Household.grid_id.is_not(None))
    # ``status || ''`` keeps SQLite from driving these queries by the status index (all 150,000
    # residents) instead of the grid's households or the membership rows.
    active = Person.status.concat("") == PersonStatus.ACTIVE
    with db.reading() as s:
        if grid_id is not None:
            stmt = (
                select(*columns, *membership, Person.relation)
                .join(Household, Person.household_id == Household.id)
                .outerjoin(KeyMembership, member)
                .where(*alive, active, Household.grid_id.in_(grid_subtree_ids(s, grid_id)),
                       or_(KeyMembership.id.is_not(None), Person.birth_date <= cut80))
            )
            rows = list(s.execute(stmt).all())
        else:  # the whole database: driven by the membership rows, plus the 80+ without one
            members = (select(*columns, *membership, Person.relation).select_from(KeyMembership)
                       .join(Person, member).join(Household, Person.household_id == Household.id)
                       .where(*alive, active))
            oldest = (select(*columns, *(literal(None) for _ in membership), Person.relation)
                      .join(Household, Person.household_id == Household.id)
                      .where(*alive, Person.status == PersonStatus.ACTIVE, Person.birth_date <= cut80))
            rows = list(s.execute(members).all()) + list(s.execute(oldest).all())
    rows.sort(key=lambda r: (r[7], r[5], r[12] or "", r[0]))
    relations = {r[0]: r[12] or "" for r in rows}
    persons: dict[int, KeyPerson] = {}
    starts: dict[int, list[dt.date | None]] = defaultdict(list)
    for pid, name, sex, born, hid, number, address, gid, category, risk, since, living, _relation in rows:
        p = persons.get(pid)
        if p is None:
            p = persons[pid] = KeyPerson(pid, name, sex, born, hid, number, address, gid)
            if born is not None and born <= cut80:
                _apply(p, visit_rules.AGED_80, rules.interval(visit_rules.AGED_80, ""),
                       vs.eightieth_birthday(born), starts)
        if category is None:
            continue
        _apply(p, category, rules.interval(category, risk or ""), since, starts)
        if category == "elderly" and living == "独居":
            _apply(p, visit_rules.LIVING_ALONE, rules.interval(visit_rules.LIVING_ALONE, ""), since, starts)
    _apply_tiers(db, grid_id, on, rules, persons, starts, relations)
    result = []
    order = {pid: (p.grid_id, p.household_number, relations.get(pid, ""), pid) for pid, p in persons.items()}
    for pid, p in sorted(persons.items(), key=lambda item: order[item[0]]):
        if not p.interval:
            continue
        known = starts[pid]
        p.key_since = None if (not known or None in known) else min(d for d in known if d is not None)
        result.append(p)
    if not last_visits:
        return result
    with db.reading() as s:
        last = _last_visits(s, None if grid_id is None else result, on)
    for p in result:
        seen = [d for d in (last.get(p.person_id), last.get(-p.household_id)) if d is not None]
        p.last_visit = max(seen) if seen else None
    return result


def _apply_tiers(db: Database, grid_id: int | None, on: dt.date, rules: visit_rules.Rules,
                 persons: dict[int, KeyPerson], starts: dict[int, list[dt.date | None]],
                 relations: dict[int, str]) -> None:
    """Every resident 65+ with a tier is visited at its rhythm (from their 65th birthday)."""
    from gridoffice.services import health_tiers

    for t in health_tiers.tiers(db, grid_id, on):
        if t.tier not in visit_rules.TIER_CATEGORIES:
            continue  # 未评估: no rhythm of its own
        p = persons.get(t.person_id)
        relations.setdefault(t.person_id, t.relation)
        if p is None:
            p = persons[t.person_id] = KeyPerson(t.person_id, t.name, t.sex, t.birth_date, t.household_id,
                                                 t.household_number, t.address, t.grid_id)
        p.tier = t.tier
        category = visit_rules.TIER_CATEGORIES[t.tier]
        _apply(p, category, rules.interval(category, ""), vs.birthday(t.birth_date, 65), starts)


def _apply(p: KeyPerson, category: str, interval: int, since: dt.date | None,
           starts: dict[int, list[dt.date | None]]) -> None:
    if interval <= 0 or category in p.categories:
        return
    p.categories.append(category)
    p.interval = interval if not p.interval else min(p.interval, interval)
    starts[p.person_id].append(since)


def _visit_rows(session, persons: list[KeyPerson] | None, *where) -> list[tuple[int, dt.date]]:  # type: ignore[no-untyped-def]
    """(key, visit date) for visits matching ``where``: key is the person id, or minus the
    household id for whole-household visits. ``persons`` None means every visit (whole database);
    otherwise only visits of these persons and their households (by the indexed ids)."""
    found: list[tuple[int, dt.date]] = []
    person_level = select(Visit.person_id, Visit.visit_date).where(Visit.person_id.is_not(None), *where)
    household_level = select(-Visit.household_id, Visit.visit_date).where(
        Visit.person_id.is_(None), Visit.household_id.is_not(None), *where)
    if persons is None:
        for stmt in (person_level, household_level):
            found.extend(session.execute(stmt).all())
        return found
    person_ids = [p.person_id for p in persons]
    household_ids = list({p.household_id for p in persons})
    for ids, stmt, column in ((person_ids, person_level, Visit.person_id),
                              (household_ids, household_level, Visit.household_id)):
        for start in range(0, len(ids), 900):
            found.extend(session.execute(stmt.where(column.in_(ids[start:start + 900]))).all())
    return found


def _last_visits(session, persons: list[KeyPerson] | None, on: dt.date,  # type: ignore[no-untyped-def]
                 before: dt.date | None = None) -> dict[int, dt.date]:
    """Last visit date per person id (and per ``-household_id`` for whole-household visits)."""
    where = [Visit.visit_date <= on]
    if before is not None:
        where.append(Visit.visit_date < before)
    found: dict[int, dt.date] = {}
    if persons is None:  # the whole database: let SQL take the maximum per key
        levels = ((Visit.person_id, Visit.person_id.is_not(None)),
                  (-Visit.household_id, and_(Visit.person_id.is_(None), Visit.household_id.is_not(None))))
        for key, level in levels:
            column = key.label("key")
            stmt = select(column, func.max(Visit.visit_date)).where(level, *where).group_by(column)
            found.update({k: d for k, d in session.execute(stmt)})
        return found
    for key, day in _visit_rows(session, persons, *where):
        if key not in found or day > found[key]:
            found[key] = day
    return found


# ---- the week grid ----------------------------------------------------------------------------
@dataclass
class WeekRow:
    person: KeyPerson
    cells: list[Status]  # one per week
    visit_counts: list[int]

    def days_since(self, on: dt.date) -> int | None:
        return vs.days_since(self.person.last_visit, on)


@dataclass
class WeekGrid:
    on: dt.date
    weeks: list[dt.date]  # Mondays, oldest first; the last is the week of ``on``
    rows: list[WeekRow]

    def counts_this_week(self) -> dict[Status, int]:
        counts = dict.fromkeys(Status, 0)
        for row in self.rows:
            counts[row.cells[-1]] += 1
        return counts


def week_grid(db: Database, grid_id: int | None, on: dt.date, weeks: int = 8) -> WeekGrid:
    """Key persons down, ``weeks`` weeks across (ending with the week of ``on``)."""
    mondays = vs.weeks_up_to(on, weeks)
    sundays = [m + dt.timedelta(days=6) for m in mondays]
    start = mondays[0]
    persons = key_persons(db, grid_id, on, last_visits=False)
    persons.sort(key=lambda p: TIER_RANK.get(p.tier, 2))  # red first, then yellow, then the rest
    scope = None if grid_id is None else persons
    with db.reading() as s:
        before = _last_visits(s, scope, on, before=start)
        in_window: dict[int, list[dt.date]] = defaultdict(list)
        for key, day in _visit_rows(s, scope, Visit.visit_date >= start, Visit.visit_date <= on):
            in_window[key].append(day)
    visited, due_now, overdue, not_due = Status.VISITED, Status.DUE, Status.OVERDUE, Status.NOT_DUE
    rows = []
    for p in persons:
        days = sorted(in_window.get(p.person_id, []) + in_window.get(-p.household_id, []))
        candidates = [d for d in (before.get(p.person_id), before.get(-p.household_id)) if d]
        last = max(candidates) if candidates else None
        # the due date changes only with a visit: computed once per person and once per visited
        # week (33,000 calls for a street instead of 299,000), the statuses compared inline
        due = vs.due_date(last, p.interval, p.key_since)
        cells, counts = [], []
        i = 0
        for monday, sunday in zip(mondays, sundays, strict=True):
            n = 0
            while i < len(days) and days[i] <= sunday:
                last = days[i]
                n += 1
                i += 1
            if n:
                cells.append(visited)
                due = vs.due_date(last, p.interval, p.key_since)
            else:
                cells.append(overdue if due is None or due < monday else due_now if due <= sunday else not_due)
            counts.append(n)
        p.last_visit = last  # the last visit up to ``on``: before the window, or in it
        rows.append(WeekRow(p, cells, counts))
    return WeekGrid(on, mondays, rows)


def week_view(db: Database, grid_id: int | None, on: dt.date,
              weeks: int = 8) -> tuple[WeekGrid, list[GridWeekCount]]:
    """The week grid and the counts per grid, from one reading of the key persons (the visits
    pane shows both; computing them apart read the street's 33,000 key persons twice)."""
    grid = week_grid(db, grid_id, on, weeks)
    return grid, _counts(db, grid_id, on, ((row.person, row.cells[-1]) for row in grid.rows))


# ---- counts per grid ------------------------------------------------------------------------
@dataclass(frozen=True)
class GridWeekCount:
    grid_id: int
    code: str
    name: str
    key_persons: int
    visited: int
    due: int
    overdue: int
    visits: int  # visit records this week (人次)
    label: str = ""  # the name, or the path where the name repeats (services.grids.catalogue)


def week_counts(db: Database, grid_id: int | None, on: dt.date) -> list[GridWeekCount]:
    """For every micro-grid under ``grid_id``: key persons and their status in the week of ``on``."""
    return _counts(db, grid_id, on, ((p, p.status(on)) for p in key_persons(db, grid_id, on)))


def _counts(db: Database, grid_id: int | None, on: dt.date,
            statuses: Iterable[tuple[KeyPerson, Status]]) -> list[GridWeekCount]:
    per: dict[int, dict[Status, int]] = defaultdict(lambda: dict.fromkeys(Status, 0))
    totals: dict[int, int] = defaultdict(int)
    for p, status in statuses:
        per[p.grid_id][status] += 1
        totals[p.grid_id] += 1
    visits = visits_this_week_by_grid(db, on)
    with db.reading() as s:
        table = catalogue(s)
        inside = set(grid_subtree_ids(s, grid_id)) if grid_id is not None else None
    chosen = sorted((g for g in table.values() if not g.deleted and g.level in (GridLevel.MICRO, GridLevel.DEDICATED)
                     and (inside is None or g.id in inside)), key=lambda g: g.code)
    return [GridWeekCount(g.id, g.code, g.name, totals[g.id], per[g.id][Status.VISITED], per[g.id][Status.DUE],
                          per[g.id][Status.OVERDUE], visits.get(g.id, 0), g.label) for g in chosen]


def visits_this_week_by_grid(db: Database, on: dt.date) -> dict[int, int]:
    """Visit records (人次) dated in the Monday–Sunday week of ``on``, per visit grid (micro-grid)."""
    monday = vs.week_start(on)
    with db.reading() as s:
        rows = s.execute(
            select(Visit.grid_id, func.count())
            .where(Visit.visit_date >= monday, Visit.visit_date <= monday + dt.timedelta(days=6),
                   Visit.grid_id.is_not(None))
            .group_by(Visit.grid_id)
        ).all()
    return {gid: n for gid, n in rows}


def due_list(db: Database, grid_id: int | None, on: dt.date) -> list[KeyPerson]:
    """Key persons due or overdue in the week of ``on``: overdue first (longest first), then due."""
    found = [p for p in key_persons(db, grid_id, on) if p.status(on) in (Status.DUE, Status.OVERDUE)]

    def order(p: KeyPerson) -> tuple[int, dt.date, int]:
        return (0 if p.status(on) == Status.OVERDUE else 1, p.due or dt.date.min, p.person_id)

    return sorted(found, key=order)
