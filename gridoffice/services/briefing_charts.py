"""The figures behind the briefing's and the dashboard's charts, as chart specs
(domain/chart_spec.py): the age pyramid by sex, key populations per child grid, kit coverage of
the current campaign per micro-grid, visits done vs due per week and matters opened vs closed per
month. Every chart keeps, per category, the key of what is behind it (a grid id, a month)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import case, func, select

from gridoffice.domain.ages import latest_birth_for_age
from gridoffice.domain.chart_spec import ChartSpec, Series
from gridoffice.domain.codes import GridLevel
from gridoffice.i18n import N_, tr
from gridoffice.services import (
    campaign_lists,
    campaigns,
    grids,
    ledger_summary,
    matter_flow,
    visits,
)
from gridoffice.services.scope import Scope, grid_subtree_ids, person_filter
from gridoffice.store import Database
from gridoffice.store.models import Household, Person

AGE_BANDS = tuple(range(0, 90, 10))  # 0-9 … 80+
KEY_FIGURES = (("alone", N_("独居老人")), ("disabled", N_("残疾人")), ("dibao", N_("低保")),
               ("tekun", N_("特困")), ("left_behind_child", N_("留守儿童")), ("chronic", N_("慢病患者")))
MAX_BARS = 40  # more grids than this: one level up


def age_pyramid(db: Database, grid_id: int | None, on: dt.date) -> ChartSpec:
    # the band in SQL (born on or before the last birthday of each band's first age)
    band = case(*[(Person.birth_date <= latest_birth_for_age(a, on), i) for i, a in reversed(list(enumerate(AGE_BANDS)))
                  if a], else_=0)
    with db.reading() as s:
        rows = s.execute(select(Person.sex, band, func.count()).select_from(Person)
                         .join(Household, Person.household_id == Household.id)
                         .where(person_filter(s, Scope(grid_id=grid_id), on), Person.birth_date.is_not(None),
                                Person.birth_date <= on)
                         .group_by(Person.sex, band)).all()
    men, women = [0] * len(AGE_BANDS), [0] * len(AGE_BANDS)
    for sex, i, n in rows:
        side = men if sex == "男" else women if sex == "女" else None
        if side is not None:
            side[int(i)] += n
    labels = tuple(f"{a}-{a + 9}" if a < AGE_BANDS[-1] else f"{a}+" for a in AGE_BANDS)
    return ChartSpec("pyramid", tr("人口年龄结构（{on}）").format(on=on.isoformat()), labels,
                     (Series(tr("男"), tuple(men)), Series(tr("女"), tuple(women))), unit=tr("人"),
                     keys=AGE_BANDS, key_kind="age")


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


def key_populations(db: Database, grid_id: int | None, on: dt.date) -> ChartSpec:
    """Key populations stacked per child grid (the micro-grids' counts summed by id)."""
    code = None
    if grid_id is not None:
        with db.reading() as s:
            code = grids.catalogue(s)[grid_id].code
    per_micro = ledger_summary.counts_by_grid(db, code, on)
    kids = child_grids(db, grid_id)
    with db.reading() as s:
        table = grids.catalogue(s)
        under = {k.id: set(grid_subtree_ids(s, k.id)) for k in kids}
    sums = {k.id: Counter() for k in kids}  # type: ignore[var-annotated]
    for gid, counts in per_micro.items():
        for k in kids:
            if gid in under[k.id]:
                sums[k.id].update(counts)
    series = tuple(Series(tr(label), tuple(float(sums[k.id].get(key, 0)) for k in kids)) for key, label in KEY_FIGURES)
    title = tr("重点人群分布（按{level}）").format(level=_level_word(kids))
    return ChartSpec("stacked", title, tuple(table[k.id].name for k in kids), series, unit=tr("人"),
                     horizontal=len(kids) > 8, keys=tuple(k.id for k in kids), key_kind="grid")


def _level_word(kids: list[grids.GridInfo]) -> str:
    level = kids[0].level if kids else GridLevel.MICRO
    return {GridLevel.COMMUNITY: tr("村/社区"), GridLevel.GENERAL: tr("一般网格")}.get(level, tr("微网格"))  # type: ignore[call-overload]


def current_campaign(db: Database) -> campaigns.CampaignInfo | None:
    """The campaign the dashboard follows: the newest open one, else the newest."""
    found = campaigns.campaigns(db)
    return next((c for c in found if c.state == "open"), found[0] if found else None)


def kit_coverage(db: Database, grid_id: int | None, _on: dt.date | None = None) -> ChartSpec | None:
    """Hand-out rate per micro-grid against 100% (per general grid or community when the scope
    holds more than ``MAX_BARS`` micro-grids)."""
    campaign = current_campaign(db)
    if campaign is None:
        return None
    cov = campaign_lists.coverage(db, campaign.id)
    with db.reading() as s:
        inside = set(grid_subtree_ids(s, grid_id)) if grid_id is not None else None
    for rows in (cov.micro, cov.general, cov.communities):
        rows = [r for r in rows if r.grid_id is not None and (inside is None or r.grid_id in inside) and r.eligible]
        if len(rows) <= MAX_BARS:
            break
    labels = tuple(r.label for r in rows)
    rates = tuple(round(100.0 * r.handed / r.eligible, 1) for r in rows)
    return ChartSpec("bar", tr("{name} 发放进度").format(name=campaign.name), labels,
                     (Series(tr("发放率"), rates),), unit="%", percent=True, target=100.0,
                     target_label=tr("目标 100%"), horizontal=True, keys=tuple(r.grid_id for r in rows),
                     key_kind="grid")


def visits_by_week(db: Database, grid_id: int | None, on: dt.date, weeks: int = 12) -> ChartSpec:
    """Key persons visited vs due per week (应访: visited, due or overdue that week)."""
    grid = visits.week_grid(db, grid_id, on, weeks)
    done = [0] * len(grid.weeks)
    due = [0] * len(grid.weeks)
    for row in grid.rows:
        for i, cell in enumerate(row.cells):
            if cell != visits.Status.NOT_DUE:
                due[i] += 1
            if cell == visits.Status.VISITED:
                done[i] += 1
    labels = tuple(f"{m.month}/{m.day}" for m in grid.weeks)
    return ChartSpec("line", tr("重点人员走访：应访与已访（近{n}周）").format(n=weeks), labels,
                     (Series(tr("应访"), tuple(due)), Series(tr("已访"), tuple(done))), unit=tr("人"),
                     keys=tuple(grid.weeks), key_kind="week")


def matters_by_month(db: Database, grid_id: int | None, on: dt.date, months: int = 12) -> ChartSpec:
    start, end = matter_flow.last_months(on, months)
    rows = matter_flow.by_month(matter_flow.items(db, grid_id, before=end + dt.timedelta(days=1)), start, end)
    labels = tuple(f"{int(label[5:])}月" for label, _f in rows)
    return ChartSpec("bar", tr("民情事项：新增与办结（近{n}个月）").format(n=months), labels,
                     (Series(tr("新增"), tuple(float(f.new) for _l, f in rows)),
                      Series(tr("办结"), tuple(float(f.closed) for _l, f in rows))), unit=tr("件"),
                     keys=tuple(label for label, _f in rows), key_kind="month")


# the dashboard's charts in screen order; each one is read on its own (the GUI shows each as it comes)
DASHBOARD = (age_pyramid, key_populations, kit_coverage, visits_by_week, matters_by_month)
SLOWEST = 3  # the visits chart (every key person's weeks): the GUI asks for it last


def dashboard(db: Database, grid_id: int | None, on: dt.date) -> list[ChartSpec]:
    """The five charts of the overview (and the briefing), for the grid and day (the kit
    coverage only when there is a campaign)."""
    return [spec for fn in DASHBOARD if (spec := fn(db, grid_id, on)) is not None]
