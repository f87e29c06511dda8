"""汇总表: per micro-grid counts (households, persons, 60+, 80+, living alone, disabled, 低保,
特困, left-behind children, pregnant, chronic illness, returnees), the kits of a campaign
(应发 / 已发 / 发放率: ``--campaign`` or the newest one, when there is one) and the visits of
the week of the ledger date, with a 合计 row; the same rolled up per general grid (and per
community when the scope spans several)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select

from gridoffice.domain import privacy
from gridoffice.domain.ages import latest_birth_for_age
from gridoffice.domain.codes import LEADER_ROLE, GridLevel
from gridoffice.domain.population import ELDERLY_AGE, OLDEST_OLD_AGE
from gridoffice.exports.ledger import Column, Ledger, Sheet
from gridoffice.i18n import N_, tr
from gridoffice.services.campaigns.core import HANDED, WITHDRAWN
from gridoffice.services.grids import core as grids
from gridoffice.services.ledgers import LedgerOptions, kit, register
from gridoffice.services.scope import grid_subtree_ids, person_filter, returnee_present
from gridoffice.services.visits import core as visits
from gridoffice.store import Database
from gridoffice.store.models import (
    Campaign,
    Entitlement,
    Household,
    KeyMembership,
    Person,
    Post,
    ReturneeStay,
    Staff,
)

TITLE = N_("网格汇总表")
# (key, header): the counted columns in order.
FIGURES = (
    ("households", N_("户数")), ("persons", N_("人数")), ("aged_60", N_("60岁以上")), ("aged_80", N_("80岁以上")),
    ("alone", N_("独居老人")), ("disabled", N_("残疾人")), ("dibao", N_("低保")), ("tekun", N_("特困")),
    ("left_behind_child", N_("留守儿童")), ("pregnant", N_("孕产妇")), ("chronic", N_("慢病患者")),
    ("returnees", N_("返乡人员")),
)
KIT_FIGURES = (("kits_due", "应发"), ("kits_handed", "已发"))
VISIT_FIGURES = (("visits_week", "本周走访"),)
KIT_KEYS = ("kits_due", "kits_handed")
CATEGORY_FIGURES = ("disabled", "dibao", "tekun", "left_behind_child", "pregnant", "chronic")
UNASSIGNED = -1


@dataclass
class _Line:
    labels: list[str]
    leader: str
    counts: Counter[str] = field(default_factory=Counter)
    level: str = GridLevel.MICRO
    grid_id: int | None = None
    community_id: int | None = None
    parts: list[_Line] = field(default_factory=list)  # the lines this one sums (public suppression)
    shown: dict[str, str] = field(default_factory=dict)  # figure → "<3" / "*" in the public version


@register("summary", TITLE)
def build(db: Database, options: LedgerOptions) -> Ledger:
    target = kit.target(db, options)
    on = options.on
    campaign = _campaign(db, options)
    per_grid = _grid_counts(db, target, options, campaign)
    figures = FIGURES + (KIT_FIGURES if campaign else ()) + VISIT_FIGURES
    leaders = _leaders(db)
    micro: list[_Line] = []
    general: dict[int, _Line] = {}  # by grid id: every community has a 第1网格
    community: dict[int, _Line] = {}
    micro_levels = (GridLevel.MICRO, GridLevel.DEDICATED)
    with db.reading() as s:
        table = grids.catalogue(s)
        chosen = set(grid_subtree_ids(s, target.grid_id)) if target.grid_id is not None else None
    for root in grids.tree(db):
        for node in root.walk():
            if node.level not in micro_levels and not (node.own_households and not node.children):
                continue
            if chosen is not None and node.id not in chosen:
                continue
            counts = per_grid.get(node.id, Counter())
            g = table[node.id]
            micro.append(_Line([g.community, g.general, node.name], leaders.get(node.id, ""), counts,
                               GridLevel.MICRO, node.id, g.community_id))
            gid = g.general_id if g.general_id is not None else node.id
            general.setdefault(gid, _Line([g.community, g.general], leaders.get(gid, ""), Counter(),
                                          GridLevel.GENERAL, gid, g.community_id))
            general[gid].counts.update(counts)
            general[gid].parts.append(micro[-1])
            if g.community_id is not None:
                if g.community_id not in community:
                    community[g.community_id] = _Line([g.community], leaders.get(g.community_id, ""),
                                                      Counter(), "community", g.community_id, g.community_id)
                line = community[g.community_id]
                line.counts.update(counts)
                if all(part is not general[gid] for part in line.parts):
                    line.parts.append(general[gid])
    if UNASSIGNED in per_grid and target.grid_id is None:
        micro.append(_Line(["", "", tr("未划分网格")], "", per_grid[UNASSIGNED], GridLevel.MICRO, None))
    many = target.many_communities
    many = target.many_communities
    totals = [_Line([], "", parts=lines) for lines in (micro, list(general.values()), list(community.values()))]
    if options.public:
        _suppress(totals, figures, KIT_KEYS if campaign and campaign[2] else ())
    subtotals = list(community.values()) if many else []
    note = tr("（{campaign}）").format(campaign=campaign[1]) if campaign else ""
    sheets = [_sheet(tr("按微网格"), tr("{t}（按微网格）").format(t=tr(TITLE)) + note,
                     [tr("社区")] * many + [tr("一般网格"), tr("微网格")], totals[0], figures,
                     many_offset=0 if many else 1, subtotals=subtotals)]
    sheets.append(_sheet(tr("按一般网格"), tr("{t}（按一般网格）").format(t=tr(TITLE)) + note,
                         [tr("社区")] * many + [tr("一般网格")], totals[1], figures,
                         many_offset=0 if many else 1, subtotals=subtotals))
    if many:  # a street's official reads the communities first, then down to the detail
        sheets.append(_sheet(tr("按社区"), tr("{t}（按社区）").format(t=tr(TITLE)) + note, [tr("社区")],
                             totals[2], figures, many_offset=0))
        sheets.reverse()
    return Ledger("summary", tr(TITLE), target.office, on, sheets, scope=target.scope_name)


def grid_counts(db: Database, options: LedgerOptions) -> dict[int, Counter[str]]:
    """Every micro-grid's counts, by grid id (``UNASSIGNED`` for people of no grid): the
    figures of the summary's rows (``FIGURES`` keys, kits of the campaign, visits this week)."""
    return _grid_counts(db, kit.target(db, options), options, _campaign(db, options))


def grid_leaders(db: Database) -> dict[int, str]:
    return _leaders(db)


def _grid_counts(db: Database, target: kit.Target, options: LedgerOptions,
                 campaign: tuple[int, str, bool] | None) -> dict[int, Counter[str]]:
    per_grid = _counts(db, target, options.on)
    if campaign is not None:
        _add_kits(db, campaign[0], per_grid)
    for grid_id, n in visits.visits_this_week_by_grid(db, options.on).items():
        per_grid.setdefault(grid_id, Counter())["visits_week"] += n
    return per_grid


def _rate(counts: Counter[str]) -> float | None:
    due = counts.get("kits_due", 0)
    return counts.get("kits_handed", 0) / due if due else None


def _suppress(totals: list[_Line], figures: tuple[tuple[str, str], ...], also: tuple[str, ...] = ()) -> None:
    """The public version: small counts of sensitive groups hidden in every line and total, so
    that no sum printed on any of the sheets gives a hidden count back (domain.privacy).
    ``also``: more figures to treat so (the kits of a campaign for 低保, 孕产妇…)."""
    lines: dict[int, _Line] = {}

    def walk(line: _Line) -> None:
        lines[id(line)] = line
        for part in line.parts:
            walk(part)

    for total in totals:
        total.counts = Counter()
        for part in total.parts:
            total.counts.update(part.counts)
        walk(total)
    for key, _header in figures:
        if key not in privacy.SENSITIVE_GROUPS and key not in also:
            continue
        values = {i: line.counts.get(key, 0) for i, line in lines.items()}
        sums = [(i, [id(p) for p in line.parts]) for i, line in lines.items() if line.parts]
        # the micro-grid total also counts the people of no grid; every total is the same people
        in_general = {id(p) for g in totals[1].parts for p in g.parts}
        sums.append((id(totals[0]), [id(totals[1])] + [id(p) for p in totals[0].parts if id(p) not in in_general]))
        sums.append((id(totals[2]), [id(totals[1])]))
        for c in totals[2].parts:  # a community's 小计 is also the sum of its micro-grids
            sums.append((id(c), [id(m) for g in c.parts for m in g.parts]))
        for i, text in privacy.suppress_small_cells(values, sums).items():
            lines[i].shown[key] = text


def _sheet(name: str, title: str, label_headers: list[str], totals: _Line,
           figures: tuple[tuple[str, str], ...], many_offset: int, subtotals: list[_Line] | None = None) -> Sheet:
    """One row per line of ``totals``; with ``subtotals`` (one line per community), each
    community's lines are followed by its 小计 row (matched by community id)."""
    lines = totals.parts
    with_kits = any(key == "kits_due" for key, _ in figures)
    columns = [Column(h, 12, "name") for h in label_headers]
    columns.append(Column(tr("网格长"), 9, "name"))
    columns += [Column(tr(header), 7 if len(header) <= 3 else 9, "int") for _, header in figures]
    if with_kits:
        columns.insert(len(columns) - len(VISIT_FIGURES), Column(tr("发放率"), 8, "percent"))

    def values(counts: Counter[str], shown: dict[str, str]) -> list[Any]:
        out: list[Any] = [shown.get(k, counts.get(k, 0)) for k, _ in figures]
        if with_kits:  # a rate next to a hidden count would give it back
            hidden = any(k in shown for k in KIT_KEYS)
            out.insert(len(out) - len(VISIT_FIGURES), privacy.HIDDEN_CELL if hidden else _rate(counts))
        return out

    def row(line: _Line) -> list[Any]:
        return [*line.labels[many_offset:], line.leader, *values(line.counts, line.shown)]

    subtotal_rows = [(sub.grid_id, [sub.labels[0], tr("小计"), *[""] * (len(label_headers) - 2), "",
                                    *values(sub.counts, sub.shown)]) for sub in subtotals or []]
    rows, keys = kit.with_subtotals([(line.level, line.grid_id, line.community_id, row(line)) for line in lines],
                                    subtotal_rows)  # type: ignore[arg-type]
    overall: Counter[str] = Counter()
    for line in lines:
        overall.update(line.counts)
    total = [None] * (len(label_headers) + 1) + values(overall, totals.shown)
    return Sheet(name, title, columns, iter(rows), total=total, row_count=len(rows), grid_rows=keys)


def _campaign(db: Database, options: LedgerOptions) -> tuple[int, str, bool] | None:
    """(id, name, whether its list is a sensitive group) of the campaign the kit columns count:
    the one asked for, else the newest."""
    with db.reading() as s:
        query = select(Campaign.id, Campaign.name, Campaign.categories)
        if options.campaign_id is not None:
            query = query.where(Campaign.id == options.campaign_id)
        row = s.execute(query.order_by(Campaign.id.desc()).limit(1)).first()
    if row is None:
        return None
    return row.id, row.name, any(c in privacy.SENSITIVE_GROUPS for c in row.categories or ())


def _add_kits(db: Database, campaign_id: int, per_grid: dict[int, Counter[str]]) -> None:
    """应发 = on the list and not withdrawn; 已发 = handed; counted at the micro-grid of the list."""
    with db.reading() as s:
        rows = s.execute(
            select(Entitlement.grid_id, Entitlement.state, func.count())
            .where(Entitlement.campaign_id == campaign_id, Entitlement.state != WITHDRAWN)
            .group_by(Entitlement.grid_id, Entitlement.state)).all()
    for grid_id, state, n in rows:
        counts = per_grid.setdefault(_grid_key(grid_id), Counter())
        counts["kits_due"] += n
        if state == HANDED:
            counts["kits_handed"] += n


def _leaders(db: Database) -> dict[int, str]:
    """grid id → the name of whoever holds the grid's leading post (微网格长, 一般网格长, 总网格长)."""
    with db.reading() as s:
        rows = s.execute(
            select(Post.grid_id, Post.role, Staff.name).join(Staff, Staff.id == Post.staff_id)
            .where(Staff.active, Post.role.in_([str(r) for r in LEADER_ROLE.values()]))
            .order_by(Post.sort_order, Post.id)
        ).all()
    leaders: dict[int, str] = {}
    for grid_id, _role, name in rows:
        leaders.setdefault(grid_id, name)
    return leaders


def _grid_key(grid_id: int | None) -> int:
    return UNASSIGNED if grid_id is None else grid_id


def _counts(db: Database, target: kit.Target, on: dt.date) -> dict[int, Counter[str]]:
    out: dict[int, Counter[str]] = {}

    def add(key: str, pairs: Iterable[tuple[Any, int]]) -> None:
        for grid_id, n in pairs:
            out.setdefault(_grid_key(grid_id), Counter())[key] += n

    with db.reading() as s:
        where = person_filter(s, target.scope(), on)
        base = (select(Household.grid_id, func.count()).select_from(Person)
                .join(Household, Person.household_id == Household.id)
                .where(Household.deleted_at.is_(None), where).group_by(Household.grid_id))
        add("households", s.execute(
            select(Household.grid_id, func.count(func.distinct(Household.id))).select_from(Household)
            .where(Household.deleted_at.is_(None)).group_by(Household.grid_id)).all())
        add("persons", s.execute(base).all())
        add("aged_60", s.execute(base.where(Person.birth_date <= latest_birth_for_age(ELDERLY_AGE, on))).all())
        add("aged_80", s.execute(base.where(Person.birth_date <= latest_birth_for_age(OLDEST_OLD_AGE, on))).all())
        active = (or_(KeyMembership.since.is_(None), KeyMembership.since <= on),
                  or_(KeyMembership.until.is_(None), KeyMembership.until >= on))
        with_key = base.join(KeyMembership, KeyMembership.person_id == Person.id).where(*active)
        for category in CATEGORY_FIGURES:
            # one person counts once per category, even with two membership rows
            add(category, s.execute(
                with_key.with_only_columns(Household.grid_id, func.count(func.distinct(Person.id)))
                .where(KeyMembership.category == category)).all())
        alone = s.execute(
            with_key.with_only_columns(Household.grid_id, KeyMembership.attrs)
            .where(KeyMembership.category == "elderly").group_by(None)).all()
        add("alone", ((g, 1) for g, attrs in alone if (attrs or {}).get("living") == "独居"))
        add("returnees", s.execute(
            base.with_only_columns(Household.grid_id, func.count(func.distinct(Person.id)))
            .join(ReturneeStay, ReturneeStay.person_id == Person.id)
            .where(returnee_present(on))
        ).all())
    return out


def counts_by_grid(db: Database, grid_code: str | None, on: dt.date) -> dict[int, Counter[str]]:
    """The summary's figures per micro-grid id (-1: no grid) for a scope: the briefing's charts."""
    return _counts(db, kit.target(db, LedgerOptions(on=on, grid_code=grid_code)), on)
