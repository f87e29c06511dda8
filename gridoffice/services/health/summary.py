"""What the 健康服务 pane shows for the grid selected in the tree, read in one call (off the GUI
thread): per child grid (by id) the tier counts 红/黄/绿/未评估 of the residents 65+, 签约率 for
everyone, the 65+ and key persons, contracts expiring within 30 days and this week's daily
calls to red residents; the totals (they add up: a resident of a household assigned to the
selected grid itself is on a line of its own, 直属); the persons behind the counts; the red
residents to call; the trend of the tier counts per week from the snapshots, as a chart.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from gridoffice.domain import health_tiers as ht
from gridoffice.domain.chart_spec import ChartSpec, Series
from gridoffice.i18n import tr
from gridoffice.services.briefing.charts import child_grids
from gridoffice.services.grids import core as grids
from gridoffice.services.health import calls as health_calls
from gridoffice.services.health import signing
from gridoffice.services.health import tiers as health_tiers
from gridoffice.services.scope import grid_subtree_ids, subtree_owners
from gridoffice.store import Database

EXPIRING_DAYS = 30
TREND_WEEKS = 26
OWN = -1  # the line of residents assigned to the selected grid itself (not to one of its children)


@dataclass
class Line:
    """One child grid (or the total, ``grid_id`` None; or ``OWN``)."""
    grid_id: int | None
    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ht.COUNTED, 0))
    signed: dict[str, list[int]] = field(default_factory=lambda: {g: [0, 0] for g in signing.GROUPS})
    expiring: int = 0
    red: int = 0  # red residents on the call list
    called_week: int = 0
    reached_today: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def rate(self, group: str) -> float | None:
        persons, signed = self.signed[group]
        return signed / persons if persons else None

    def add(self, other: Line) -> None:
        for k, v in other.counts.items():
            self.counts[k] += v
        for g, (p, s) in other.signed.items():
            self.signed[g][0] += p
            self.signed[g][1] += s
        self.expiring += other.expiring
        self.red += other.red
        self.called_week += other.called_week
        self.reached_today += other.reached_today


@dataclass
class Summary:
    on: dt.date
    grid_id: int | None
    scope: str  # the selected grid's path, "" for the whole database
    code: str | None  # its code (what the printed cards and call sheet are made for)
    lines: list[Line]
    total: Line
    persons: list[health_tiers.TierRow]
    line_of: dict[int, int]  # a resident's grid id → the grid id of its line (or OWN)
    calls: list[health_calls.CallListRow]
    expiring: list[signing.Expiring]
    trend: ChartSpec | None
    labels: dict[int, str] = field(default_factory=dict)  # grid id → label

    def persons_of(self, line: int | None, tier: str | None) -> list[health_tiers.TierRow]:
        """The residents behind a count (``line`` None: every line; ``tier`` None: every tier)."""
        return [p for p in self.persons if (line is None or self.line_of.get(p.grid_id) == line)
                and (tier is None or p.tier == tier)]


def summary(db: Database, grid_id: int | None, on: dt.date) -> Summary:
    persons = health_tiers.tiers(db, grid_id, on)
    kids = child_grids(db, grid_id)
    with db.reading() as s:
        table = grids.catalogue(s)
        line_of = subtree_owners(s, [k.id for k in kids])
        subtree = sorted(grid_subtree_ids(s, grid_id)) if grid_id is not None else None
    lines = {k.id: Line(k.id, table[k.id].label) for k in kids}

    def line(gid: int | None) -> Line:
        key = line_of.get(gid, OWN) if gid is not None else OWN
        if gid is not None:
            line_of.setdefault(gid, key)
        if key not in lines:
            name = table[grid_id].name if grid_id is not None and grid_id in table else tr("其他")
            lines[key] = Line(OWN, tr("{name}（直属）").format(name=name))
        return lines[key]

    for p in persons:
        line(p.grid_id).counts[p.tier] += 1
    for gid, per in signing.rates(db, grid_id, on).items():
        target = line(gid)
        for g, r in per.items():
            target.signed[g][0] += r.persons
            target.signed[g][1] += r.signed
    soon = signing.expiring(db, grid_id, on, EXPIRING_DAYS)
    for e in soon:
        line(e.grid_id).expiring += 1
    calls = health_calls.call_list(db, grid_id, on, persons)
    for gid, c in health_calls.counts_by_grid(calls, on).items():
        target = line(gid)
        target.red += c.red
        target.called_week += c.called_week
        target.reached_today += c.reached_today
    ordered = [lines[k.id] for k in kids] + ([lines[OWN]] if OWN in lines else [])
    total = Line(None, tr("合计"))
    for one in ordered:
        total.add(one)
    scope = table[grid_id] if grid_id is not None and grid_id in table else None
    return Summary(on, grid_id, scope.path if scope else "", scope.code if scope else None, ordered, total,
                   persons, line_of, calls, soon, trend_chart(db, subtree),
                   {gid: g.label for gid, g in table.items()})


def trend_chart(db: Database, grid_ids: list[int] | None, weeks: int = TREND_WEEKS) -> ChartSpec | None:
    """The tier counts week by week (the last ``weeks`` snapshots): 降红降黄 at a glance. None
    when no week was kept yet."""
    trend = health_tiers.trend(db, grid_ids)
    kept = sorted(trend)[-weeks:]
    if not kept:
        return None
    per: dict[str, list[float]] = defaultdict(list)
    for week in kept:
        for tier in ht.COUNTED:
            per[tier].append(float(trend[week][tier]))
    shown = [t for t in ht.COUNTED if t != ht.UNASSESSED or any(per[t])]
    return ChartSpec("line", tr("红黄绿人数（每周）"), tuple(f"{w.month}/{w.day}" for w in kept),
                     tuple(Series(tr(t), tuple(per[t])) for t in shown), unit=tr("人"),
                     keys=tuple(kept), key_kind="week")
