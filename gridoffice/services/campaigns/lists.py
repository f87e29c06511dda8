"""Reading a campaign's list: rows per micro-grid, quick find, coverage, packing list, the
micro-grid's service team and the staff who may hand out."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlmodel import Session

from gridoffice.domain.ages import age_on
from gridoffice.domain.codes import GridLevel
from gridoffice.i18n import tr
from gridoffice.services.campaigns.core import (
    DECLINED,
    HANDED,
    PENDING,
    UNREACHABLE,
    WITHDRAWN,
    GridCount,
    KitLine,
    campaign_or_error,
    get,
    grid_counts,
    grid_order_key,
    grid_table,
)
from gridoffice.services.grids import core as grids
from gridoffice.services.scope import grid_subtree_ids
from gridoffice.store import Database
from gridoffice.store.models import Campaign, Entitlement, Household, Person, Post, Staff


@dataclass(frozen=True)
class EntitlementRow:
    id: int
    person_id: int
    grid_id: int | None
    grid_name: str
    name: str
    sex: str
    age: int | None
    id_number: str
    phone: str
    address: str
    state: str
    reissue: bool
    handed_on: dt.date | None
    handed_by_id: int | None
    handed_by: str
    method: str
    proxy_name: str
    proxy_relation: str
    reason: str
    note: str
    grid_short: str = ""  # the micro-grid's own name (grid_name is its label, with the path if needed)


def list_ids(db: Database, campaign_id: int, grid_id: int | None = None,
             states: Iterable[str] | None = None, reissue_only: bool = False,
             only: Collection[int] | None = None) -> list[int]:
    """Entitlement ids of the campaign (under ``grid_id`` when given), in tree order, then by
    household number and relation to the head (the order of the paper sheets)."""
    return [eid for eid, _gid in list_entries(db, campaign_id, grid_id, states, reissue_only, only)]


def list_entries(db: Database, campaign_id: int, grid_id: int | None = None,
                 states: Iterable[str] | None = None, reissue_only: bool = False,
                 only: Collection[int] | None = None) -> list[tuple[int, int | None]]:
    """(entitlement id, micro-grid id) in list order; see ``list_ids``."""
    with db.reading() as s:
        q = (select(Entitlement.id, Entitlement.grid_id, Household.number, Person.relation, Person.id)
             .join(Person, Person.id == Entitlement.person_id)
             .outerjoin(Household, Household.id == Person.household_id)
             .where(Entitlement.campaign_id == campaign_id))
        if grid_id is not None:
            q = q.where(Entitlement.grid_id.in_(grid_subtree_ids(s, grid_id)))
        if states is not None:
            q = q.where(Entitlement.state.in_(list(states)))
        if reissue_only:
            q = q.where(Entitlement.reissue.is_(True))
        if only is not None:
            q = q.where(Entitlement.id.in_(list(only)))
        found = s.execute(q).all()
        table = grid_table(s)
    keys = {gid: grid_order_key(table, gid) for gid in {r[1] for r in found}}
    found.sort(key=lambda r: (keys[r[1]], r[2] or "", r[3] or "", r[4]))  # type: ignore[attr-defined]
    return [(r[0], r[1]) for r in found]


def rows(db: Database, ids: Sequence[int]) -> list[EntitlementRow]:
    """The rows for ``ids``, in the order given (a lazy model asks for one page at a time)."""
    if not ids:
        return []
    with db.reading() as s:
        result = s.execute(
            select(Entitlement, Person, Household.address, Staff.name, Campaign)
            .join(Person, Person.id == Entitlement.person_id)
            .join(Campaign, Campaign.id == Entitlement.campaign_id)
            .outerjoin(Household, Household.id == Person.household_id)
            .outerjoin(Staff, Staff.id == Entitlement.handed_by_id)
            .where(Entitlement.id.in_(list(ids)))
        ).all()
        table = grid_table(s)
    by_id = {}
    for ent, person, address, staff_name, campaign in result:
        grid = table.get(ent.grid_id) if ent.grid_id is not None else None
        by_id[ent.id] = EntitlementRow(
            id=ent.id, person_id=person.id, grid_id=ent.grid_id,
            grid_name=grid.label if grid else tr("未划分网格"), name=person.name, sex=person.sex or "",
            age=age_on(person.birth_date, _age_day(campaign, ent)) if person.birth_date else None,
            id_number=person.id_number or "", phone=person.phone or "",
            address=address or person.current_address or "", state=ent.state, reissue=ent.reissue,
            handed_on=ent.handed_on, handed_by_id=ent.handed_by_id, handed_by=staff_name or "",
            method=ent.method, proxy_name=ent.proxy_name, proxy_relation=ent.proxy_relation,
            reason=ent.reason, note=ent.note, grid_short=grid.name if grid else tr("未划分网格"))
    return [by_id[i] for i in ids if i in by_id]


def _age_day(campaign: Campaign, ent: Entitlement) -> dt.date:
    """Age on the reference date; a person who joined later (补发), on the day they joined,
    within the window."""
    if not ent.reissue or ent.added_at is None:
        return campaign.reference_date
    day = max(campaign.reference_date, ent.added_at.date())
    return min(day, campaign.window_end) if campaign.window_end else campaign.reference_date


def find(db: Database, campaign_id: int, text: str, limit: int = 50, grid_id: int | None = None) -> list[int]:
    """Persons on the list by name (part of it), pinyin or initials (``wxy``), the tail of the
    ID number (4 or more characters, ``123X``) or of the phone; within ``grid_id`` (and the grids
    under it) when given, else in the whole campaign."""
    text = "".join(text.split())
    if not text:
        return []
    with db.reading() as s:
        q = (select(Entitlement.id).join(Person, Person.id == Entitlement.person_id)
             .where(Entitlement.campaign_id == campaign_id))
        if grid_id is not None:
            q = q.where(Entitlement.grid_id.in_(grid_subtree_ids(s, grid_id)))
        if re.fullmatch(r"[0-9]+[xX]?", text):
            if len(text) < 4:
                return []
            tail = text.upper()
            q = q.where(or_(Person.id_number.like(f"%{tail}"), Person.phone.like(f"%{tail}")))
        elif re.fullmatch(r"[A-Za-z]+", text):
            low = text.lower()
            q = q.where(or_(Person.name_initials.like(f"{low}%"), Person.name_pinyin.like(f"{low}%")))
        else:
            q = q.where(Person.name.like(f"%{text}%"))
        found = set(s.scalars(q.limit(limit * 4)).all())
    if not found:
        return []
    return list_ids(db, campaign_id, only=found)[:limit]


# ---- coverage --------------------------------------------------------------------------------
@dataclass(frozen=True)
class CoverageRow:
    grid_id: int | None  # None for the unassigned bucket and the overall row
    name: str
    parent_name: str
    level: str  # micro / general / community / total
    eligible: int
    handed: int
    pending: int
    declined: int
    unreachable: int
    withdrawn: int
    parent_id: int | None = None  # the general grid of a micro row, the community of a general row
    label: str = ""  # name, or path where the name repeats (services.grids.core.catalogue)
    community_id: int | None = None
    code: str = ""
    community: str = ""

    @property
    def remaining(self) -> int:
        return self.eligible - self.handed

    @property
    def rate(self) -> float:
        return self.handed / self.eligible if self.eligible else 0.0


@dataclass(frozen=True)
class Coverage:
    micro: list[CoverageRow]
    general: list[CoverageRow]
    overall: CoverageRow
    communities: list[CoverageRow] = field(default_factory=list)

    def children(self, row: CoverageRow) -> list[CoverageRow]:
        """The rows one level down whose parent is ``row`` (by id)."""
        if row.level == "community":
            return [g for g in self.general if g.community_id == row.grid_id]
        if row.level == GridLevel.GENERAL:
            return [m for m in self.micro if m.parent_id == row.grid_id and m.grid_id != row.grid_id]
        return []


def _row(gid: int | None, name: str, parent: str, level: str, c: Counter,
         g: grids.GridInfo | None = None, parent_id: int | None = None) -> CoverageRow:
    eligible = c[PENDING] + c[HANDED] + c[DECLINED] + c[UNREACHABLE]
    return CoverageRow(gid, name, parent, level, eligible, c[HANDED], c[PENDING], c[DECLINED],
                       c[UNREACHABLE], c[WITHDRAWN], parent_id, g.label if g else name,
                       g.community_id if g else None, g.code if g else "", g.community if g else "")


def coverage(db: Database, campaign_id: int) -> Coverage:
    """Eligible / handed / remaining / rate per micro-grid, per general grid, per community and
    overall (withdrawn persons are not counted as eligible). Rows are grouped by grid id, never
    by name: every community has a 第1网格."""
    with db.reading() as s:
        campaign_or_error(s, campaign_id)
        counts = s.execute(
            select(Entitlement.grid_id, Entitlement.state, func.count())
            .where(Entitlement.campaign_id == campaign_id)
            .group_by(Entitlement.grid_id, Entitlement.state)).all()
        table = grid_table(s)
    per_grid: dict[int | None, Counter] = {}
    for gid, state, n in counts:
        per_grid.setdefault(gid if gid in table else None, Counter())[state] += n
    micro, total = [], Counter()  # type: ignore[var-annotated]
    general_counts: dict[int, Counter] = {}
    community_counts: dict[int, Counter] = {}
    for gid in sorted(per_grid, key=lambda g: grid_order_key(table, g)):
        c = per_grid[gid]
        total.update(c)
        if gid is None:
            micro.append(_row(None, tr("未划分网格"), "", GridLevel.MICRO, c))
            continue
        g = table[gid]
        owner = g.general_id if g.general_id is not None else gid
        micro.append(_row(gid, g.name, g.general, GridLevel.MICRO, c, g,
                          owner if owner != gid else g.parent_id))
        general_counts.setdefault(owner, Counter()).update(c)
        if g.community_id is not None:
            community_counts.setdefault(g.community_id, Counter()).update(c)
    general = []
    for gid in sorted(general_counts, key=lambda g: grid_order_key(table, g)):
        g = table[gid]
        general.append(_row(gid, g.name, g.community, GridLevel.GENERAL, general_counts[gid], g, g.community_id))
    communities = []
    for gid in sorted(community_counts, key=lambda g: grid_order_key(table, g)):
        g = table[gid]
        communities.append(_row(gid, g.name, "", "community", community_counts[gid], g, g.parent_id))
    return Coverage(micro, general, _row(None, tr("合计"), "", "total", total), communities)


# ---- packing list ----------------------------------------------------------------------------
@dataclass(frozen=True)
class PackingList:
    kit: list[KitLine]
    grids: list[GridCount]  # kits per micro-grid
    kits: int

    def amounts(self, kits: int) -> list[int]:
        return [line.quantity * kits for line in self.kit]

    @property
    def overall(self) -> dict[str, int]:
        return {line.name: line.quantity * self.kits for line in self.kit}


def packing(db: Database, campaign_id: int, states: Iterable[str] | None = None) -> PackingList:
    """Kits per micro-grid × contents, for everyone on the list but the withdrawn (or only
    ``states``, e.g. pending for what is still to pack)."""
    info = get(db, campaign_id)
    wanted = list(states) if states is not None else [PENDING, HANDED, DECLINED, UNREACHABLE]
    with db.reading() as s:
        counts = Counter(dict(s.execute(
            select(Entitlement.grid_id, func.count())
            .where(Entitlement.campaign_id == campaign_id, Entitlement.state.in_(wanted))
            .group_by(Entitlement.grid_id)).all()))
        per_grid = grid_counts(s, counts)
    return PackingList([line.packed() for line in info.kit], per_grid, sum(counts.values()))


# ---- staff -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StaffOption:
    id: int
    name: str
    role: str  # the post in the grid, or the background
    in_team: bool  # in the given micro-grid's service team


def service_team(db: Database, grid_id: int) -> list[StaffOption]:
    """The micro-grid's service team (posts with ``in_service_team``), leader first."""
    with db.reading() as s:
        return _team(s, grid_id)


def _team(s: Session, grid_id: int) -> list[StaffOption]:
    return [StaffOption(sid, name, role, True) for sid, name, role in s.execute(
        select(Staff.id, Staff.name, Post.role).join(Post, Post.staff_id == Staff.id)
        .where(Post.grid_id == grid_id, Post.in_service_team.is_(True), Staff.active.is_(True))
        .order_by(Post.sort_order, Post.id))]


def service_teams(db: Database) -> dict[int, list[StaffOption]]:
    """Every grid's service team, in one query (for ledgers over hundreds of micro-grids)."""
    teams: dict[int, list[StaffOption]] = {}
    with db.reading() as s:
        for gid, sid, name, role in s.execute(
                select(Post.grid_id, Staff.id, Staff.name, Post.role).join(Post, Post.staff_id == Staff.id)
                .where(Post.in_service_team.is_(True), Staff.active.is_(True))
                .order_by(Post.grid_id, Post.sort_order, Post.id)):
            teams.setdefault(gid, []).append(StaffOption(sid, name, role, True))
    return teams


def staff_options(db: Database, grid_id: int | None = None) -> list[StaffOption]:
    """Who may hand out: the micro-grid's service team first, then every active staff member."""
    with db.reading() as s:
        team = _team(s, grid_id) if grid_id is not None else []
        seen = {t.id for t in team}
        others = [StaffOption(sid, name, bg, False) for sid, name, bg in s.execute(
            select(Staff.id, Staff.name, Staff.background).where(Staff.active.is_(True))
            .order_by(Staff.name_pinyin, Staff.id)) if sid not in seen]
    return team + others


def staff_by_name(db: Database, name: str, grid_id: int | None = None) -> list[StaffOption]:
    """Active staff with that name; when several share it, those in the grid's team first."""
    name = name.strip()
    return [o for o in staff_options(db, grid_id) if o.name == name]


# ---- persons to add by hand ---------------------------------------------------------------------
@dataclass(frozen=True)
class PersonHit:
    id: int
    name: str
    sex: str
    age: int | None
    id_number: str
    grid_name: str
    address: str


def find_persons(db: Database, text: str, on: dt.date, limit: int = 30) -> list[PersonHit]:
    """Active residents (the whole roster) by name, pinyin / initials or ID tail, to add to a
    campaign by hand."""
    text = "".join(text.split())
    if not text:
        return []
    with db.reading() as s:
        q = (select(Person, Household.grid_id, Household.address)
             .outerjoin(Household, Household.id == Person.household_id)
             .where(Person.status == "在册", Person.deleted_at.is_(None)))
        if re.fullmatch(r"[0-9]+[xX]?", text):
            if len(text) < 4:
                return []
            q = q.where(Person.id_number.like(f"%{text.upper()}"))
        elif re.fullmatch(r"[A-Za-z]+", text):
            low = text.lower()
            q = q.where(or_(Person.name_initials.like(f"{low}%"), Person.name_pinyin.like(f"{low}%")))
        else:
            q = q.where(Person.name.like(f"%{text}%"))
        found = s.execute(q.order_by(Person.name_pinyin, Person.id).limit(limit)).all()
        table = grid_table(s) if found else {}
    return [PersonHit(p.id, p.name, p.sex or "", age_on(p.birth_date, on) if p.birth_date else None,
                      p.id_number or "", table[gid].label if gid in table else tr("未划分网格"), address or "")
            for p, gid, address in found]
