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
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, case, func, null, or_, select
from sqlmodel import Session

from gridoffice.domain import visit_schedule as vs
from gridoffice.domain.ages import age_on, latest_birth_for_age
from gridoffice.domain.codes import GridLevel, PersonStatus
from gridoffice.domain.population import OLDEST_OLD_AGE
from gridoffice.services import bulk, derived
from gridoffice.services.grids.core import catalogue
from gridoffice.services.scope import grid_subtree_ids
from gridoffice.services.visits import days as visit_days
from gridoffice.services.visits import rules as visit_rules
from gridoffice.store import Database, generations, plain
from gridoffice.store.models import Household, KeyMembership, Person, Visit

if TYPE_CHECKING:
    from gridoffice.services.health.tiers import TierRow

Status = vs.Status
TIER_RANK = {"红": 0, "黄": 1}


@dataclass(slots=True)
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
    tier: str = ""  # 红 / 黄 / 绿 for residents 65+ (services/health/tiers.py), else ""

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

    def copy(self) -> KeyPerson:
        """A copy to fill in (its last visit); the category list is shared, never changed once read."""
        return KeyPerson(self.person_id, self.name, self.sex, self.birth_date, self.household_id,
                         self.household_number, self.address, self.grid_id, self.categories, self.interval,
                         self.key_since, self.last_visit, self.tier)


@bulk.building()
def key_persons(db: Database, grid_id: int | None, on: dt.date, *, last_visits: bool = True,
                detail: bool = True) -> list[KeyPerson]:
    """Key persons in the grid (and everything under it; None = the whole database) on ``on``,
    with their last visit up to ``on`` (``last_visits=False``: the caller fills it, as the week
    grid does from the visits it reads anyway); ordered by grid, household number, person.

    ``detail=False`` is for counting (the visits chart): the same persons, rules, intervals,
    tiers and grids, without name, sex, household number and address (empty), in no particular
    order — the text columns were about a third of a street's read.

    Fresh objects the caller may change, copied from the ones ``shared_key_persons`` keeps."""
    result = [p.copy() for p in shared_key_persons(db, grid_id, on, detail=detail)]
    if not last_visits:
        return result
    last = _last_visits(db, None if grid_id is None else result, on)
    for p in result:
        seen = [d for d in (last.get(p.person_id), last.get(-p.household_id)) if d is not None]
        p.last_visit = max(seen) if seen else None
    return result


def shared_key_persons(db: Database, grid_id: int | None, on: dt.date, *,
                       detail: bool = True) -> tuple[KeyPerson, ...]:
    """``key_persons`` without last visits, as kept while what decides them is unchanged
    (services/derived.py: a membership, person, health profile or rule written by any path reads
    them afresh; on PostgreSQL a new visit does not, on SQLite any commit does). Shared: do not
    change them."""
    groups = (generations.KEY_INPUTS,)

    def read() -> tuple[KeyPerson, ...]:
        # taken from what is kept where it holds the answer: counting (``detail=False``) can use
        # the same scope's persons with details; a grid of a street, its part of the street's
        # (same persons, same order). Looked at here, after ``kept`` read the stamp, so a write
        # between the two makes this a fresh read that is not kept.
        candidates = [(grid_id, True)] if not detail else []
        if grid_id is not None:
            candidates += [(None, detail)] + ([(None, True)] if not detail else [])
        for scope, with_detail in candidates:
            found = derived.peek(db, ("key_persons", scope, on, with_detail), groups)
            if isinstance(found, tuple):
                if scope == grid_id:
                    return found
                with db.reading() as s:
                    inside = set(grid_subtree_ids(s, grid_id))  # type: ignore[arg-type]
                return tuple(p for p in found if p.grid_id in inside)
        return tuple(_read_key_persons(db, grid_id, on, detail))

    return derived.kept(db, ("key_persons", grid_id, on, detail), groups, read, large=grid_id is None)


@bulk.building()
def _read_key_persons(db: Database, grid_id: int | None, on: dt.date, detail: bool) -> list[KeyPerson]:
    from gridoffice.services.health import tiers as health_tiers

    rules = visit_rules.load(db)
    cut80 = latest_birth_for_age(OLDEST_OLD_AGE, on)
    if grid_id is None and not detail:
        rows = list(membership_rows(db, on))  # shared with the key populations chart
    else:
        with db.reading() as s:
            rows = _key_rows(s, grid_id, on, cut80, detail)
    tier_rows = health_tiers.tiers(db, grid_id, on, detail=detail)  # every resident 65+, the 80+ among them
    if grid_id is None:  # the 80+ without a membership: from those rows, not a query of their own
        rows += [(t.person_id, t.name, t.sex, t.birth_date, t.household_id, t.household_number, t.address,
                  t.grid_id, None, None, None, None, t.relation) for t in tier_rows if t.birth_date <= cut80]
    interval = rules.interval
    aged80, alone = interval(visit_rules.AGED_80, ""), interval(visit_rules.LIVING_ALONE, "")
    day = plain.dates(rows, 3, 10)  # the birth date and the membership's start (text on SQLite)
    intervals: dict[tuple[str, str | None], int] = {}  # (category, risk) → days, looked up 44,000 times
    found: dict[int, tuple[KeyPerson, list[dt.date | None], tuple[int, str, str, int] | None]] = {}
    for pid, name, sex, born, hid, number, address, gid, category, risk, since, living, relation in rows:
        entry = found.get(pid)
        if entry is None:
            born = day[born]
            p = KeyPerson(pid, name, sex, born, hid, number, address, gid)
            entry = found[pid] = (p, [], (gid, number, relation or "", pid) if detail else None)
            if aged80 > 0 and born is not None and born <= cut80:
                p.categories.append(visit_rules.AGED_80)
                p.interval = aged80
                entry[1].append(vs.eightieth_birthday(born))
        if category is None:
            continue
        p, starts = entry[0], entry[1]
        days = intervals.get((category, risk))
        if days is None:
            days = intervals[(category, risk)] = interval(category, risk or "")
        # each rule once; the shortest interval wins
        if days > 0 and category not in p.categories:
            p.categories.append(category)
            p.interval = days if not p.interval or days < p.interval else p.interval
            starts.append(day[since])
        if (category == "elderly" and alone > 0 and living == "独居"
                and visit_rules.LIVING_ALONE not in p.categories):
            p.categories.append(visit_rules.LIVING_ALONE)
            p.interval = alone if not p.interval or alone < p.interval else p.interval
            starts.append(day[since])
    _apply_tiers(tier_rows, rules, found, detail)
    result = []
    for p, starts, _order in sorted(found.values(), key=lambda e: e[2]) if detail else found.values():  # type: ignore[arg-type, return-value]
        if not p.interval:
            continue
        p.key_since = None if (not starts or None in starts) else min(starts)  # type: ignore[type-var]
        result.append(p)
    return result


def _apply_tiers(tier_rows: list[TierRow], rules: visit_rules.Rules,
                 found: dict[int, tuple[KeyPerson, list[dt.date | None], tuple[int, str, str, int] | None]],
                 detail: bool) -> None:
    """Every resident 65+ with a tier is visited at its rhythm (from their 65th birthday)."""
    rhythm = {tier: (category, rules.interval(category, "")) for tier, category in visit_rules.TIER_CATEGORIES.items()}
    for t in tier_rows:
        ruled = rhythm.get(t.tier)
        if ruled is None:
            continue  # 未评估: no rhythm of its own
        entry = found.get(t.person_id)
        if entry is None:
            p = KeyPerson(t.person_id, t.name, t.sex, t.birth_date, t.household_id, t.household_number,
                          t.address, t.grid_id)
            entry = found[t.person_id] = (p, [], (t.grid_id, t.household_number, t.relation or "", t.person_id)
                                          if detail else None)
        p, starts = entry[0], entry[1]
        p.tier = t.tier
        category, days = ruled
        if days > 0 and category not in p.categories:
            p.categories.append(category)
            p.interval = days if not p.interval or days < p.interval else p.interval
            starts.append(vs.birthday(t.birth_date, 65))


def membership_rows(db: Database, on: dt.date) -> tuple[tuple[Any, ...], ...]:
    """The whole database's rows of ``_key_rows`` for counting (``detail=False``): one per
    active resident of a live household with a grid and membership valid on ``on``, as
    (person id, -, -, birth date, household id, -, -, grid id, category, risk level, since,
    living, -), as the driver gives them (store/plain.py: read the dates through
    ``plain.dates``). Kept while the key persons' tables are unchanged: the key populations chart
    counts from them and the visits chart's key persons are built from them (one read of a
    street's 44,000 memberships, not two). Shared: do not change them."""
    def read() -> tuple[tuple[Any, ...], ...]:
        with db.reading() as s:
            return tuple(_key_rows(s, None, on, latest_birth_for_age(OLDEST_OLD_AGE, on), detail=False))

    return derived.kept(db, ("key_membership_rows", on), (generations.KEY_INPUTS,), read, large=True)


def _key_rows(session: Session, grid_id: int | None, on: dt.date, cut80: dt.date,
              detail: bool = True) -> list[tuple[Any, ...]]:
    """One row per (person, membership valid on ``on``); for a grid also one per person aged 80+
    (membership columns None; for the whole database the caller takes those from the health
    tiers' rows of every resident 65+). Core rows (the ORM's row handling doubled the time for
    a street; plain rows, see store/plain.py). ``detail=False``: name, sex, household number,
    address and relation NULL."""
    member = and_(
        KeyMembership.person_id == Person.id,
        or_(KeyMembership.since.is_(None), KeyMembership.since <= on),
        or_(KeyMembership.until.is_(None), KeyMembership.until >= on),
    )
    name, sex, number, address, relation = ((Person.name, Person.sex, Household.number, Household.address,
                                             Person.relation) if detail else (null(),) * 5)
    columns = (Person.id, name, sex, Person.birth_date, Person.household_id, number, address, Household.grid_id)
    living = case((KeyMembership.category == "elderly", KeyMembership.attrs["living"].as_string()))
    membership = (KeyMembership.category, KeyMembership.risk_level, KeyMembership.since, living)
    alive = (Person.deleted_at.is_(None), Household.deleted_at.is_(None), Household.grid_id.is_not(None))
    # ``status || ''`` keeps SQLite from driving these queries by the status index (all 150,000
    # residents) instead of the grid's households or the membership rows.
    active = Person.status.concat("") == PersonStatus.ACTIVE
    conn = session.connection()
    if grid_id is not None:
        stmt = (
            select(*columns, *membership, relation)
            .join(Household, Person.household_id == Household.id)
            .outerjoin(KeyMembership, member)
            .where(*alive, active, Household.grid_id.in_(grid_subtree_ids(session, grid_id)),
                   or_(KeyMembership.id.is_not(None), Person.birth_date <= cut80))
        )
        return plain.rows(conn, stmt)
    # the whole database: driven by the membership rows
    members = (select(*columns, *membership, relation).select_from(KeyMembership)
               .join(Person, member).join(Household, Person.household_id == Household.id)
               .where(*alive, active))
    return plain.rows(conn, members)


def _last_visits(db: Database, persons: list[KeyPerson] | None, on: dt.date) -> dict[int, dt.date]:
    """Last visit date up to ``on`` per person id (and per ``-household_id`` for whole-household
    visits): the visits before a window that starts the day after (visits/days.py)."""
    after = on + dt.timedelta(days=1)
    return {k: after + dt.timedelta(days=before)
            for k, (before, _days) in visit_days.read(db, persons, after, on).items() if before is not None}


# ---- the week grid ----------------------------------------------------------------------------
@dataclass(slots=True)
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

    _this_week: dict[Status, int] | None = field(default=None, repr=False, compare=False)

    def counts_this_week(self) -> dict[Status, int]:
        """Counted once (``week_view`` does it in the pool: 33,000 rows of a street were a
        stall of their own on the GUI thread)."""
        if self._this_week is None:
            counts = dict.fromkeys(Status, 0)
            for row in self.rows:
                counts[row.cells[-1]] += 1
            self._this_week = counts
        return dict(self._this_week)


@bulk.building()
def week_grid(db: Database, grid_id: int | None, on: dt.date, weeks: int = 8) -> WeekGrid:
    """Key persons down, ``weeks`` weeks across (ending with the week of ``on``)."""
    mondays = vs.weeks_up_to(on, weeks)
    if grid_id is None:  # every visit: read in the database beside the key persons (visits/days.py)
        with visit_days.beside(db, mondays[0], on) as reading:
            persons = key_persons(db, grid_id, on, last_visits=False)
            found = reading.result()
    else:  # a grid's: by its key persons' ids
        persons = key_persons(db, grid_id, on, last_visits=False)
        found = visit_days.read(db, persons, mondays[0], on)
    persons.sort(key=lambda p: TIER_RANK.get(p.tier, 2))  # red first, then yellow, then the rest (stable)
    base = mondays[0].toordinal()
    table = _WeekTable(0, weeks)  # in days from the first Monday, as visits/days.py reads them
    nothing: tuple[int | None, str] = (None, "")
    rows = []
    for p in persons:
        last, text = found.get(p.person_id, nothing)
        days = sorted(map(int, text.split(","))) if text else []
        home = found.get(-p.household_id)
        if home is not None:  # whole-household visits count for every member
            if home[0] is not None and (last is None or home[0] > last):
                last = home[0]
            if home[1]:
                days = sorted([*days, *visit_days.sorted_days(home[1])])
        since = None if p.key_since is None else p.key_since.toordinal() - base
        cells, counts, last = table.row(days, last, p.interval, since)
        p.last_visit = None if last is None else dt.date.fromordinal(base + last)  # the last up to ``on``
        rows.append(WeekRow(p, cells, counts))
    return WeekGrid(on, mondays, rows)


class _WeekTable:
    """``vs.week_status`` for ``weeks`` weeks from the Monday ``first``, every day a number
    counted as ``first`` is (the week grid: days from its first Monday, ``first`` = 0). A person's due date changes only with a visit, and a week without one is
    not due before the due date's week, due in it and overdue after it: the statuses between two
    visited weeks are a slice of one line, so the work per person goes with their visited weeks,
    not with every week (33,000 persons × 8 weeks for a street). tests/services/test_visits_fast.py
    holds it to the plain rule."""

    def __init__(self, first: int, weeks: int) -> None:
        self.first, self.weeks = first, weeks
        # by (week − the due date's week) + weeks
        self.line = [Status.NOT_DUE] * weeks + [Status.DUE] + [Status.OVERDUE] * weeks

    def row(self, days: list[int], last: int | None, interval: int,
            key_since: int | None) -> tuple[list[Status], list[int], int | None]:
        """Statuses and visit counts per week from the visit days in the window (sorted) and
        the last visit before it; and the last visit of all. Every day — ``key_since`` too — is
        a day number counted as ``first`` is."""
        first, weeks, line = self.first, self.weeks, self.line
        if last is not None:
            due = last + interval
        elif key_since is not None:
            due = key_since
        else:  # never visited, start unknown: due at once
            due = first - 1
        due_week = min(max((due - first) // 7, -1), weeks)
        cells: list[Status] = []
        counts = [0] * weeks
        start, visited = 0, -1  # the first week not yet filled; the visited week being read
        for day in days:
            week = (day - first) // 7
            if week != visited:
                if visited >= 0:
                    due_week, start = min((last + interval - first) // 7, weeks), visited + 1  # type: ignore[operator]
                cells += line[weeks + start - due_week:weeks + week - due_week]
                cells.append(Status.VISITED)
                visited = week
            counts[week] += 1
            last = day
        if visited >= 0:
            due_week, start = min((last + interval - first) // 7, weeks), visited + 1  # type: ignore[operator]
        cells += line[weeks + start - due_week:weeks + weeks - due_week]
        return cells, counts, last


@bulk.building()
def week_view(db: Database, grid_id: int | None, on: dt.date,
              weeks: int = 8) -> tuple[WeekGrid, list[GridWeekCount]]:
    """The week grid and the counts per grid, from one reading of the key persons (the visits
    pane shows both; computing them apart read the street's 33,000 key persons twice)."""
    grid = week_grid(db, grid_id, on, weeks)
    grid.counts_this_week()  # kept on the grid, counted here in the pool
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
    label: str = ""  # the name, or the path where the name repeats (services.grids.core.catalogue)


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
