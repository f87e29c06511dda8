"""The figures behind the briefing's and the dashboard's charts, as chart specs
(domain/chart_spec.py): the age pyramid by sex, key populations per child grid, kit coverage of
the current campaign per micro-grid, visits done vs due per week and matters opened vs closed per
month. Every chart keeps, per category, the key of what is behind it (a grid id, a month)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import and_, case, func, or_, select

from gridoffice.domain.ages import latest_birth_for_age
from gridoffice.domain.chart_spec import ChartSpec, Series, value_text
from gridoffice.domain.codes import GridLevel
from gridoffice.i18n import N_, tr
from gridoffice.services import bulk, derived
from gridoffice.services.campaigns import core as campaigns
from gridoffice.services.campaigns import lists as campaign_lists
from gridoffice.services.grids import core as grids
from gridoffice.services.matters import flow as matter_flow
from gridoffice.services.matters import month_counts as matter_counts
from gridoffice.services.scope import Scope, grid_subtree_ids, person_filter, subtree_owners
from gridoffice.services.visits import core as visits
from gridoffice.services.visits import weeks as visit_weeks
from gridoffice.store import Database, generations
from gridoffice.store.models import Grid, Household, KeyMembership, Person

AGE_BANDS = tuple(range(0, 90, 10))  # 0-9 … 80+
KEY_FIGURES = (("alone", N_("独居老人")), ("disabled", N_("残疾人")), ("dibao", N_("低保")),
               ("tekun", N_("特困")), ("left_behind_child", N_("留守儿童")), ("chronic", N_("慢病患者")))
LIST_OF = {"alone": "elderly"}  # the list a figure's segment opens (独居: among the elderly)
MAX_BARS = 40  # more grids than this: one level up
COVERAGE_BARS = 10  # more than this: the lowest, and a note of the others


@bulk.building()  # a street's tens of thousands of rows: see gridoffice/heap.py
def age_pyramid(db: Database, grid_id: int | None, on: dt.date) -> ChartSpec:
    whole = grid_id is None or holds_every_household(db, grid_id)
    men, women = derived.kept(db, ("pyramid", None if whole else grid_id, on), (generations.KEY_INPUTS,),
                              lambda: _pyramid_counts(db, None, on) if whole else _pyramid_grouped(db, grid_id, on))
    labels = tuple(f"{a}-{a + 9}" if a < AGE_BANDS[-1] else f"{a}+" for a in AGE_BANDS)
    return ChartSpec("pyramid", tr("人口年龄结构（{on}）").format(on=on.isoformat()), labels,
                     (Series(tr("男"), tuple(men)), Series(tr("女"), tuple(women))), unit=tr("人"),
                     keys=AGE_BANDS, key_kind="age", series_keys=("男", "女"))


def holds_every_household(db: Database, grid_id: int) -> bool:
    """Whether the grid's subtree holds every live grid and every household is on one of them
    (a street's or village's root selected): its persons are then the whole database's, which
    the index counts without a join (1.1 s → 0.05 s for a street)."""
    with db.reading() as s:
        live = set(s.scalars(select(Grid.id).where(Grid.deleted_at.is_(None))))
        if set(grid_subtree_ids(s, grid_id)) != live:
            return False
        grids_used = s.scalars(select(Household.grid_id).distinct()).all()
    return all(g is not None and g in live for g in grids_used)


def _pyramid_grouped(db: Database, grid_id: int | None, on: dt.date) -> tuple[list[int], list[int]]:
    """Persons per sex and age band, grouped in SQL (the band a CASE over the birth date)."""
    # the band in SQL (born on or before the last birthday of each band's first age)
    band = case(*[(Person.birth_date <= latest_birth_for_age(a, on), i) for i, a in reversed(list(enumerate(AGE_BANDS)))
                  if a], else_=0)
    with db.reading() as s:
        stmt = (select(Person.sex, band, func.count()).select_from(Person)
                .where(person_filter(s, Scope(grid_id=grid_id), on), Person.birth_date.is_not(None),
                       Person.birth_date <= on, Person.household_id.is_not(None))
                .group_by(Person.sex, band))
        if grid_id is not None:  # the whole database needs no household (148,000 lookups for a street)
            stmt = stmt.join(Household, Person.household_id == Household.id)
        rows = s.execute(stmt).all()
    men, women = [0] * len(AGE_BANDS), [0] * len(AGE_BANDS)
    for sex, i, n in rows:
        side = men if sex == "男" else women if sex == "女" else None
        if side is not None:
            side[int(i)] += n
    return men, women


def _pyramid_counts(db: Database, grid_id: int | None, on: dt.date) -> tuple[list[int], list[int]]:
    """The same counts for the whole database as one range count per sex and band over the index
    (status, sex, birth_date, household_id, deleted_at) alone (migration 0007): grouping 148,000
    rows of a street took 0.6 s, the 18 range counts ~0.05 s."""
    tops = [on, *(latest_birth_for_age(a, on) for a in AGE_BANDS[1:])]  # band i: (tops[i + 1], tops[i]]
    with db.reading() as s:
        where = [person_filter(s, Scope(grid_id=grid_id), on), Person.household_id.is_not(None)]
        counts = [select(func.count()).select_from(Person).where(
                      *where, Person.sex == sex, Person.birth_date <= tops[i],
                      *([Person.birth_date > tops[i + 1]] if i + 1 < len(tops) else []))
                  .scalar_subquery() for sex in ("男", "女") for i in range(len(AGE_BANDS))]
        row = s.execute(select(*counts)).one()
    n = len(AGE_BANDS)
    return [int(v) for v in row[:n]], [int(v) for v in row[n:]]


def child_grids(db: Database, grid_id: int | None) -> list[grids.GridInfo]:
    """The grids one level below the scope (the communities of a street, the general grids of a
    community, the micro-grids of a general grid), in tree order."""
    with db.reading() as s:
        table = grids.catalogue(s)
    live = [g for g in table.values() if not g.deleted]
    if grid_id is None:
        roots = [g for g in live if g.parent_id is None]
        parent_ids = {g.id for g in roots}
        if len(roots) == 1:
            return child_grids(db, roots[0].id)
    else:
        parent_ids = {grid_id}
    kids = [g for g in live if g.parent_id in parent_ids]
    if not kids and grid_id is not None and grid_id in table:
        return [table[grid_id]]  # a micro-grid: itself
    return sorted(kids, key=lambda g: grids.order_key(table, g.id))


@bulk.building()  # a street's tens of thousands of rows: see gridoffice/heap.py
def key_populations(db: Database, grid_id: int | None, on: dt.date) -> ChartSpec:
    """Key populations stacked per child grid (the micro-grids' counts summed by id)."""
    # the street's or village's root selected: the whole database's counts, from the membership
    # rows the visits chart reads its key persons from (read once for both, see ``_key_counts``)
    scope = None if grid_id is None or holds_every_household(db, grid_id) else grid_id
    per_micro = derived.kept(db, ("key_counts", scope, on), (generations.KEY_INPUTS,),
                             lambda: _key_counts(db, scope, on))  # kept while the roster is unchanged
    kids = child_grids(db, grid_id)
    with db.reading() as s:
        table = grids.catalogue(s)
        under = subtree_owners(s, [k.id for k in kids])
    sums: dict[int, Counter[str]] = {k.id: Counter() for k in kids}
    for gid, counts in per_micro.items():
        if gid in under:
            sums[under[gid]].update(counts)
    series = tuple(Series(tr(label), tuple(float(sums[k.id].get(key, 0)) for k in kids)) for key, label in KEY_FIGURES)
    title = tr("重点人群分布（按{level}）").format(level=_level_word(kids))
    return ChartSpec("stacked", title, tuple(table[k.id].name for k in kids), series, unit=tr("人"),
                     horizontal=len(kids) > 8, keys=tuple(k.id for k in kids), key_kind="grid",
                     series_keys=tuple(LIST_OF.get(key, key) for key, _label in KEY_FIGURES))


def _key_counts(db: Database, grid_id: int | None, on: dt.date) -> dict[int, Counter[str]]:
    """Persons per micro-grid id and figure of ``KEY_FIGURES`` (as the summary ledger counts
    them, ``ledger_summary.counts_by_grid``). The whole database's from the membership rows the
    visits chart builds its key persons from (``visits.membership_rows``, read once for both
    and kept); a grid's from those when they are kept, else in one grouped read of its own."""
    if grid_id is None:
        return _counted(visits.membership_rows(db, on), None)
    shared = derived.peek(db, ("key_membership_rows", on), (generations.KEY_INPUTS,))
    if isinstance(shared, tuple):
        with db.reading() as s:
            return _counted(shared, set(grid_subtree_ids(s, grid_id)))
    alone = and_(KeyMembership.category == "elderly", KeyMembership.attrs["living"].as_string() == "独居")
    figure = case((alone, "alone"), else_=KeyMembership.category)
    wanted = [key for key, _label in KEY_FIGURES if key != "alone"]
    with db.reading() as s:
        rows = s.execute(
            select(Household.grid_id, figure, func.count(func.distinct(Person.id))).select_from(Person)
            .join(Household, Person.household_id == Household.id)
            .join(KeyMembership, KeyMembership.person_id == Person.id)
            .where(Household.deleted_at.is_(None), person_filter(s, Scope(grid_id=grid_id), on),
                   or_(KeyMembership.since.is_(None), KeyMembership.since <= on),
                   or_(KeyMembership.until.is_(None), KeyMembership.until >= on),
                   or_(KeyMembership.category.in_(wanted), alone))
            .group_by(Household.grid_id, figure)).all()
    out: dict[int, Counter[str]] = {}
    for gid, key, n in rows:
        if gid is not None:
            out.setdefault(gid, Counter())[key] += n
    return out


def _counted(rows: tuple[tuple, ...], inside: set[int] | None) -> dict[int, Counter[str]]:
    """``_key_counts`` from membership rows (person, …, grid id 7, category 8, …, living 11): a
    person once per figure however many memberships of it they hold."""
    wanted = {key for key, _label in KEY_FIGURES}
    seen: set[tuple[int, str]] = set()
    for row in rows:
        pid, gid, category = row[0], row[7], row[8]
        if inside is not None and gid not in inside:
            continue
        if category in wanted:
            seen.add((pid, category))
        if category == "elderly" and row[11] == "独居":
            seen.add((pid, "alone"))
    grid_of = {row[0]: row[7] for row in rows}
    out: dict[int, Counter[str]] = {}
    for pid, key in seen:
        gid = grid_of[pid]
        counts = out.get(gid)
        if counts is None:
            counts = out[gid] = Counter()
        counts[key] += 1
    return out


def _level_word(kids: list[grids.GridInfo]) -> str:
    level = kids[0].level if kids else GridLevel.MICRO
    return {GridLevel.COMMUNITY: tr("村/社区"), GridLevel.GENERAL: tr("一般网格")}.get(level, tr("微网格"))  # type: ignore[call-overload]


def current_campaign(db: Database) -> campaigns.CampaignInfo | None:
    """The campaign the dashboard follows: the newest open one, else the newest."""
    found = campaigns.campaigns(db)
    return next((c for c in found if c.state == "open"), found[0] if found else None)


@bulk.building()  # a street's tens of thousands of rows: see gridoffice/heap.py
def kit_coverage(db: Database, grid_id: int | None, _on: dt.date | None = None,
                 limit: int | None = COVERAGE_BARS) -> ChartSpec | None:
    """Hand-out rate per micro-grid against 100% (per general grid or community when the scope
    holds more than ``MAX_BARS`` micro-grids). More than ``limit`` grids: the ``limit`` lowest,
    lowest first, and a note of the others ("其余 20 个微网格 ≥ 85%") — 32 bars made the
    dashboard's first row 700 px tall, and the lowest are what a leader acts on."""
    campaign = current_campaign(db)
    if campaign is None:
        return None
    cov = campaign_lists.coverage(db, campaign.id)
    with db.reading() as s:
        inside = set(grid_subtree_ids(s, grid_id)) if grid_id is not None else None
        table = grids.catalogue(s)
    level, rows = "", []
    for word, found in ((tr("微网格"), cov.micro), (tr("一般网格"), cov.general), (tr("村/社区"), cov.communities)):
        level = word
        rows = [r for r in found if r.grid_id is not None and (inside is None or r.grid_id in inside) and r.eligible]
        if len(rows) <= MAX_BARS:
            break

    def rate(r: campaign_lists.CoverageRow) -> float:
        return round(100.0 * r.handed / r.eligible, 1)

    # a grid's own name where it tells every grid of the scope apart (第1网格 … inside a community),
    # else the street-wide label that names its community too
    names = {r.grid_id: table[r.grid_id].name if r.grid_id in table else r.label for r in rows}
    plain = len(set(names.values())) == len(names)
    note = ""
    if limit is not None and len(rows) > limit:
        ranked = sorted(rows, key=rate)  # stable: tree order among equals
        rows, rest = ranked[:limit], ranked[limit:]
        note = tr("其余 {n} 个{level}发放率 ≥ {rate}").format(n=len(rest), level=level,
                                                         rate=value_text(rate(rest[0]), percent=True))
    labels = tuple(names[r.grid_id] if plain else r.label for r in rows)
    return ChartSpec("bar", tr("{name} 发放进度").format(name=campaign.name), labels,
                     (Series(tr("发放率"), tuple(rate(r) for r in rows)),), unit="%", percent=True, target=100.0,
                     target_label=tr("目标 100%"), horizontal=True, keys=tuple(r.grid_id for r in rows),
                     key_kind="grid", note=note)


@bulk.building()  # a street's tens of thousands of rows: see gridoffice/heap.py
def visits_by_week(db: Database, grid_id: int | None, on: dt.date, weeks: int = 12) -> ChartSpec:
    """Key persons visited vs due per week (应访: visited, due or overdue that week), counted as
    the week grid would show them (services/visits/weeks.py, without building it)."""
    whole = grid_id is None or holds_every_household(db, grid_id)  # the street selected: its faster read
    counts = visit_weeks.week_counts(db, None if whole else grid_id, on, weeks)
    labels = tuple(f"{m.month}/{m.day}" for m in counts.weeks)
    return ChartSpec("line", tr("重点人员走访：应访与已访（近{n}周）").format(n=weeks), labels,
                     (Series(tr("应访"), tuple(counts.due)), Series(tr("已访"), tuple(counts.visited))), unit=tr("人"),
                     keys=tuple(counts.weeks), key_kind="week")


@bulk.building()  # a street's tens of thousands of rows: see gridoffice/heap.py
def matters_by_month(db: Database, grid_id: int | None, on: dt.date, months: int = 12) -> ChartSpec:
    start, end = matter_flow.last_months(on, months)
    rows = matter_counts.month_counts(db, grid_id, start, end)
    labels = tuple(f"{int(r.label[5:])}月" for r in rows)
    return ChartSpec("bar", tr("民情事项：新增与办结（近{n}个月）").format(n=months), labels,
                     (Series(tr("新增"), tuple(float(r.new) for r in rows)),
                      Series(tr("办结"), tuple(float(r.closed) for r in rows))), unit=tr("件"),
                     keys=tuple(r.label for r in rows), key_kind="month", series_keys=("new", "closed"))


# the dashboard's charts in screen order; each one is read on its own (the GUI shows each as it comes)
DASHBOARD = (age_pyramid, key_populations, kit_coverage, visits_by_week, matters_by_month)
SLOWEST = 3  # the visits chart (every key person's weeks): the GUI asks for it last


def dashboard(db: Database, grid_id: int | None, on: dt.date) -> list[ChartSpec]:
    """The five charts of the overview (and the briefing), for the grid and day (the kit
    coverage only when there is a campaign)."""
    return [spec for fn in DASHBOARD if (spec := fn(db, grid_id, on)) is not None]
