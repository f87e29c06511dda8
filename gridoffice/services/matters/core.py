"""The matters log (民情事项): log, edit, move through states, list and filter.

States: 待处理 → 处理中 → 已办结, and 转办 (handed to an upper level, with where to). A matter
may also be closed straight from 待处理 (a question answered on the spot) and come back from 转办
(the upper level hands it back, or reports it done). 已办结 is final: a new development is a new
matter (a mistaken close is taken back with undo). Moving to 处理中 / 已办结 / 转办 fills
``responded_at`` when it is empty; 已办结 fills ``closed_at`` and needs the outcome.

Categories (求助, 矛盾纠纷…) and the age at which an open matter counts as old are office
settings (they travel with the database).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, fields

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from gridoffice import options
from gridoffice.i18n import N_, tr
from gridoffice.services import settings
from gridoffice.services.changes import Change, operation
from gridoffice.services.errors import ServiceError
from gridoffice.services.grids import core as grids
from gridoffice.services.scope import grid_subtree_ids
from gridoffice.store import Database
from gridoffice.store.models import Matter, Person, Staff

PENDING, IN_PROGRESS, CLOSED, TRANSFERRED = N_("待处理"), N_("处理中"), N_("已办结"), N_("转办")
STATES = (PENDING, IN_PROGRESS, CLOSED, TRANSFERRED)
OPEN_STATES = (PENDING, IN_PROGRESS)
TRANSITIONS: dict[str, tuple[str, ...]] = {
    PENDING: (IN_PROGRESS, CLOSED, TRANSFERRED),
    IN_PROGRESS: (CLOSED, TRANSFERRED),
    TRANSFERRED: (IN_PROGRESS, CLOSED),
    CLOSED: (),
}
URGENCIES = (N_("一般"), N_("紧急"), N_("特急"))
DEFAULT_CATEGORIES = (N_("求助"), N_("矛盾纠纷"), N_("安全隐患"), N_("环境卫生"), N_("设施报修"), N_("政策咨询"))
CATEGORIES_KEY = options.MATTER_CATEGORIES.key
OLD_DAYS_KEY = options.MATTER_OLD_DAYS.key
DEFAULT_OLD_DAYS = 7
LIMITS = {"reporter_name": 50, "address": 200, "category": 20, "description": 2000, "outcome": 2000,
          "transferred_to": 100}
FIELD_LABELS = {"reporter_name": N_("反映人"), "address": N_("地点"), "category": N_("类别"), "description": N_("事项内容"),
                "outcome": N_("办理结果"), "transferred_to": N_("转办去向")}


class MatterError(ServiceError, ValueError):
    """A matter or a move the office cannot keep; the message is a sentence for the user."""


# ---- settings -------------------------------------------------------------------------------
def categories(db: Database) -> list[str]:
    raw = settings.get(db, CATEGORIES_KEY)
    if raw:
        try:
            value = json.loads(raw)
            if isinstance(value, list) and all(isinstance(v, str) for v in value) and value:
                return value
        except ValueError:
            pass
    return list(DEFAULT_CATEGORIES)


def set_categories(db: Database, names: Sequence[str]) -> Change:
    cleaned = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    if not cleaned:
        raise MatterError(tr("事项类别至少要有一个。"))
    too_long = [n for n in cleaned if len(n) > LIMITS["category"]]
    if too_long:
        raise MatterError(tr("类别名称不能超过 {n} 个字：{name}").format(n=LIMITS["category"], name=too_long[0]))
    return settings.change(db, {CATEGORIES_KEY: json.dumps(cleaned, ensure_ascii=False)}, tr("修改事项类别"))


def old_days(db: Database) -> int:
    raw = settings.get(db, OLD_DAYS_KEY)
    return int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_OLD_DAYS


def set_old_days(db: Database, days: int) -> Change:
    if not 1 <= days <= 365:
        raise MatterError(tr("超期天数应在 1 到 365 之间。"))
    return settings.change(db, {OLD_DAYS_KEY: str(days)}, tr("超期提醒改为 {n} 天").format(n=days))


# ---- logging and editing --------------------------------------------------------------------
@dataclass(frozen=True)
class MatterInput:
    reported_at: dt.datetime
    category: str
    description: str
    grid_id: int | None = None
    address: str = ""
    reporter_name: str = ""
    reporter_person_id: int | None = None
    reporter_staff_id: int | None = None
    urgency: str = URGENCIES[0]
    handler_staff_id: int | None = None


def _check(data: MatterInput, now: dt.datetime) -> None:
    if not data.description.strip():
        raise MatterError(tr("请填写事项内容。"))
    if not data.category.strip():
        raise MatterError(tr("请选择事项类别。"))
    if data.urgency not in URGENCIES:
        raise MatterError(tr("紧急程度只能是：{choices}").format(choices="、".join(URGENCIES)))
    if data.reported_at > now + dt.timedelta(minutes=5):
        raise MatterError(tr("登记时间晚于现在，请检查。"))
    for key, limit in LIMITS.items():
        value = getattr(data, key, None)
        if isinstance(value, str) and len(value) > limit:
            raise MatterError(tr("“{field}”超过 {n} 字。").format(field=tr(FIELD_LABELS[key]), n=limit))


def add_matter(db: Database, data: MatterInput, now: dt.datetime | None = None) -> Change:
    _check(data, now or dt.datetime.now())
    with operation(db, tr("登记事项：{text}").format(text=_short(data.description))) as op:
        matter = Matter(**{f.name: getattr(data, f.name) for f in fields(MatterInput)})
        matter.description = matter.description.strip()
        op.session.add(matter)
    return op.change


EDITABLE = ("reported_at", "category", "description", "grid_id", "address", "reporter_name",
            "reporter_person_id", "reporter_staff_id", "urgency", "handler_staff_id", "outcome",
            "transferred_to", "responded_at", "closed_at")


def edit_matter(db: Database, matter_id: int, now: dt.datetime | None = None, **values: object) -> Change:
    """Change fields of a matter (not its state: see ``move``). Undo restores the old values."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with operation(db, tr("修改事项 {id}").format(id=matter_id)) as op:
        matter = op.session.get(Matter, matter_id)
        if matter is None:
            raise MatterError(tr("这件事项已不存在。"))
        merged = {f.name: values.get(f.name, getattr(matter, f.name)) for f in fields(MatterInput)}
        _check(MatterInput(**merged), now or dt.datetime.now())  # type: ignore[arg-type]
        _check_times(values.get("reported_at", matter.reported_at), values.get("responded_at", matter.responded_at),
                     values.get("closed_at", matter.closed_at))
        for key, value in values.items():
            setattr(matter, key, value.strip() if isinstance(value, str) else value)
    return op.change


def _check_times(reported, responded, closed) -> None:  # type: ignore[no-untyped-def]
    if responded is not None and responded < reported:
        raise MatterError(tr("响应时间不能早于登记时间。"))
    if closed is not None and closed < reported:
        raise MatterError(tr("办结时间不能早于登记时间。"))


def move(db: Database, matter_id: int, state: str, at: dt.datetime | None = None, outcome: str = "",
         transferred_to: str = "", handler_staff_id: int | None = None) -> Change:
    """Move a matter to ``state``; refuses invalid moves with a sentence."""
    at = at or dt.datetime.now().replace(microsecond=0)
    if state not in STATES:
        raise MatterError(tr("没有这个状态：{state}").format(state=state))
    with operation(db, tr("事项 {id} 改为{state}").format(id=matter_id, state=state)) as op:
        matter = op.session.get(Matter, matter_id)
        if matter is None:
            raise MatterError(tr("这件事项已不存在。"))
        if state not in TRANSITIONS[matter.state]:
            if matter.state == state:
                raise MatterError(tr("这件事项已经是“{state}”。").format(state=state))
            if matter.state == CLOSED:
                raise MatterError(tr("已办结的事项不能再改状态；如有新情况，请另登记一件事项。"))
            raise MatterError(tr("“{old}”的事项不能直接改为“{new}”。").format(old=matter.state, new=state))
        if at < matter.reported_at:
            raise MatterError(tr("时间 {at} 早于登记时间 {reported}。").format(
                at=at.strftime("%Y-%m-%d %H:%M"), reported=matter.reported_at.strftime("%Y-%m-%d %H:%M")))
        if state == CLOSED and not (outcome.strip() or matter.outcome):
            raise MatterError(tr("办结时请填写办理结果。"))
        if state == TRANSFERRED and not transferred_to.strip():
            raise MatterError(tr("转办时请写明转到哪里（哪一级、哪个部门）。"))
        old_state = matter.state
        matter.state = state
        if matter.responded_at is None:
            matter.responded_at = at
        if state == CLOSED:
            matter.closed_at = at
            if outcome.strip():
                matter.outcome = outcome.strip()
        if state == TRANSFERRED:
            matter.transferred_to = transferred_to.strip()
        if handler_staff_id is not None:
            matter.handler_staff_id = handler_staff_id
    op.undo_description = tr("事项 {id} 改回{state}").format(id=matter_id, state=old_state)
    return op.change


def _short(text: str, n: int = 16) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


# ---- lists ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class MatterFilter:
    state: str | None = None  # a state, or "open" for 待处理 + 处理中
    grid_id: int | None = None  # this grid and below
    category: str | None = None
    handler_staff_id: int | None = None
    reported_from: dt.date | None = None
    reported_to: dt.date | None = None
    closed_from: dt.date | None = None  # 办结 in these days (both included): closed matters only
    closed_to: dt.date | None = None
    text: str = ""  # in description, address or reporter
    old_only: bool = False  # open and older than the office's limit


def _where(s, flt: MatterFilter, on: dt.datetime, limit_days: int):  # type: ignore[no-untyped-def]
    clauses = []
    if flt.state == "open":
        clauses.append(Matter.state.in_(OPEN_STATES))
    elif flt.state:
        clauses.append(Matter.state == flt.state)
    if flt.grid_id is not None:
        clauses.append(Matter.grid_id.in_(grid_subtree_ids(s, flt.grid_id)))
    if flt.category:
        clauses.append(Matter.category == flt.category)
    if flt.handler_staff_id is not None:
        clauses.append(Matter.handler_staff_id == flt.handler_staff_id)
    if flt.reported_from:
        clauses.append(Matter.reported_at >= dt.datetime.combine(flt.reported_from, dt.time()))
    if flt.reported_to:
        clauses.append(Matter.reported_at < dt.datetime.combine(flt.reported_to + dt.timedelta(days=1), dt.time()))
    if flt.closed_from or flt.closed_to:  # as the flow counts them (services/matters/flow.py)
        done = func.coalesce(Matter.closed_at, Matter.reported_at)
        clauses.append(Matter.state == CLOSED)
        if flt.closed_from:
            clauses.append(done >= dt.datetime.combine(flt.closed_from, dt.time()))
        if flt.closed_to:
            clauses.append(done < dt.datetime.combine(flt.closed_to + dt.timedelta(days=1), dt.time()))
    if flt.text.strip():
        like = f"%{flt.text.strip()}%"
        clauses.append(or_(Matter.description.like(like), Matter.address.like(like),
                           Matter.reporter_name.like(like)))
    if flt.old_only:
        clauses.append(Matter.state.in_(OPEN_STATES))
        clauses.append(Matter.reported_at < on - dt.timedelta(days=limit_days))
    return clauses


SORT_KEYS = {"reported_at": Matter.reported_at, "state": Matter.state, "category": Matter.category,
             "urgency": Matter.urgency, "grid": Matter.grid_id, "handler": Matter.handler_staff_id,
             "closed_at": Matter.closed_at}


def matter_ids(db: Database, flt: MatterFilter = MatterFilter(), sort: str = "reported_at",
               descending: bool = True, now: dt.datetime | None = None) -> list[int]:
    """The ids of the matters the filter selects, in order (the list model fetches rows lazily)."""
    now = now or dt.datetime.now()
    key = SORT_KEYS[sort]
    with db.reading() as s:
        stmt = select(Matter.id).where(*_where(s, flt, now, old_days(db)))
        order = [key.desc(), Matter.id.desc()] if descending else [key.asc(), Matter.id.asc()]
        return list(s.scalars(stmt.order_by(*order)))


@dataclass(frozen=True)
class MatterRow:
    id: int
    reported_at: dt.datetime
    reporter: str
    grid_id: int | None
    grid_name: str
    address: str
    category: str
    description: str
    urgency: str
    handler_staff_id: int | None
    handler: str
    responded_at: dt.datetime | None
    closed_at: dt.datetime | None
    outcome: str
    state: str
    transferred_to: str
    reporter_person_id: int | None = None
    reporter_staff_id: int | None = None

    def is_old(self, now: dt.datetime, limit_days: int) -> bool:
        return self.state in OPEN_STATES and self.reported_at < now - dt.timedelta(days=limit_days)

    def response_hours(self) -> float | None:
        if self.responded_at is None:
            return None
        return (self.responded_at - self.reported_at).total_seconds() / 3600

    def close_days(self) -> float | None:
        if self.closed_at is None:
            return None
        return (self.closed_at - self.reported_at).total_seconds() / 86400


def matter_rows(db: Database, ids: Sequence[int]) -> list[MatterRow]:
    """Rows for these ids, in the order given (missing ids are left out)."""
    if not ids:
        return []
    handler = aliased(Staff)
    reporter_staff = aliased(Staff)
    found = {}
    with db.reading() as s:
        table = grids.catalogue(s)  # the label tells 大弯社区 · 第1网格 from 川化社区 · 第1网格
        for start in range(0, len(ids), 900):
            chunk = list(ids[start:start + 900])
            stmt = (
                select(Matter, handler.name, Person.name, reporter_staff.name)
                .outerjoin(handler, handler.id == Matter.handler_staff_id)
                .outerjoin(Person, Person.id == Matter.reporter_person_id)
                .outerjoin(reporter_staff, reporter_staff.id == Matter.reporter_staff_id)
                .where(Matter.id.in_(chunk))
            )
            for m, handler_name, person_name, staff_name in s.execute(stmt):
                grid = table.get(m.grid_id) if m.grid_id is not None else None
                found[m.id] = MatterRow(
                    m.id, m.reported_at, m.reporter_name or person_name or staff_name or "", m.grid_id,
                    grid.label if grid else "", m.address, m.category, m.description, m.urgency, m.handler_staff_id,
                    handler_name or "", m.responded_at, m.closed_at, m.outcome, m.state, m.transferred_to,
                    m.reporter_person_id, m.reporter_staff_id)
    return [found[i] for i in ids if i in found]


def counts_by_state(db: Database, grid_id: int | None = None) -> dict[str, int]:
    with db.reading() as s:
        stmt = select(Matter.state, func.count()).group_by(Matter.state)
        if grid_id is not None:
            stmt = stmt.where(Matter.grid_id.in_(grid_subtree_ids(s, grid_id)))
        found = dict(s.execute(stmt).all())
    return {state: found.get(state, 0) for state in STATES}


def handlers(db: Database, grid_id: int | None = None) -> list[tuple[int, str]]:
    """Staff who handle matters (in this grid and below, or anywhere), by name."""
    from gridoffice.store.models import Post

    with db.reading() as s:
        stmt = select(Staff.id, Staff.name).where(Staff.active).order_by(Staff.name_pinyin, Staff.id)
        if grid_id is not None:
            ids = grid_subtree_ids(s, grid_id)
            stmt = stmt.where(Staff.id.in_(select(Post.staff_id).where(Post.grid_id.in_(ids))))
        return [(sid, name) for sid, name in s.execute(stmt)]
