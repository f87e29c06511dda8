"""What is in the medicine box and what moved (issue 21): the stock per batch with its expiry
state (临期 within the office's ``medicine_expiring_days``, 已过期 after the expiry date), the
movements of a period, and the hand-outs counted per micro-grid and month."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import case, func, select

from gridoffice import options
from gridoffice.i18n import N_, tr
from gridoffice.services import settings
from gridoffice.services.grids.core import catalogue, order_key
from gridoffice.services.medicine.core import DISCARD, IN, OUT
from gridoffice.services.scope import grid_subtree_ids
from gridoffice.store import Database
from gridoffice.store.models import MedicineItem, MedicineMove, Person

EXPIRED, EXPIRING, FINE = "expired", "expiring", "ok"
STATE_LABELS = {EXPIRED: N_("已过期"), EXPIRING: N_("临期"), FINE: N_("正常")}


@dataclass(frozen=True)
class StockRow:
    id: int
    name: str
    spec: str
    unit: str
    batch: str
    expires_on: dt.date | None
    received: int
    given: int
    discarded: int
    stock: int
    state: str  # expired / expiring / ok
    days_left: int | None  # to the expiry date (negative: expired that many days ago)
    note: str

    @property
    def label(self) -> str:
        return f"{self.name} {self.spec}".strip()


@dataclass(frozen=True)
class MoveRow:
    id: int
    item_id: int
    moved_on: dt.date
    kind: str
    item: str  # name and spec
    batch: str
    quantity: int
    unit: str
    person_id: int | None
    who: str  # the resident's name, or the giver as written
    grid_id: int | None
    grid: str  # the micro-grid's label
    by: str
    note: str


def expiring_days(db: Database) -> int:
    days = settings.value(db, options.MEDICINE_EXPIRING_DAYS)
    return max(0, int(days))


def state_of(expires_on: dt.date | None, on: dt.date, days: int) -> str:
    if expires_on is None:
        return FINE
    if expires_on < on:
        return EXPIRED
    return EXPIRING if (expires_on - on).days <= days else FINE


def stock(db: Database, on: dt.date | None = None, *, expiring: bool = False, with_empty: bool = False,
          days: int | None = None) -> list[StockRow]:
    """Every batch with something left (``with_empty``: every batch), expiring first; with
    ``expiring`` only the 临期 and 已过期 ones."""
    on = on or dt.date.today()
    days = expiring_days(db) if days is None else days

    def total(kind: str):  # type: ignore[no-untyped-def]
        return func.coalesce(func.sum(case((MedicineMove.kind == kind, MedicineMove.quantity), else_=0)), 0)

    stmt = (select(MedicineItem.id, MedicineItem.name, MedicineItem.spec, MedicineItem.unit, MedicineItem.batch,
                   MedicineItem.expires_on, total(IN), total(OUT), total(DISCARD), MedicineItem.note)
            .outerjoin(MedicineMove, MedicineMove.item_id == MedicineItem.id)
            .group_by(MedicineItem.id))
    with db.reading() as s:
        rows = s.execute(stmt).all()
    out = []
    for iid, name, spec, unit, batch, expires, got, given, dropped, note in rows:
        left = int(got) - int(given) - int(dropped)
        state = state_of(expires, on, days)
        if (left <= 0 and not with_empty) or (expiring and state == FINE):
            continue
        out.append(StockRow(iid, name, spec, unit, batch, expires, int(got), int(given), int(dropped), left, state,
                            (expires - on).days if expires else None, note))
    order = {EXPIRED: 0, EXPIRING: 1, FINE: 2}
    return sorted(out, key=lambda r: (order[r.state], r.expires_on or dt.date.max, r.name, r.id))


def moves(db: Database, start: dt.date | None = None, end: dt.date | None = None, grid_id: int | None = None,
          kinds: tuple[str, ...] = (IN, OUT, DISCARD), item_id: int | None = None) -> list[MoveRow]:
    """The movements from ``start`` to ``end`` (both optional), latest first; with ``grid_id``
    those counted for that grid or below (a giver or recipient's micro-grid)."""
    stmt = (select(MedicineMove.id, MedicineMove.item_id, MedicineMove.moved_on, MedicineMove.kind, MedicineItem.name,
                   MedicineItem.spec, MedicineItem.batch, MedicineMove.quantity, MedicineItem.unit,
                   MedicineMove.person_id, Person.name, MedicineMove.name, MedicineMove.grid_id, MedicineMove.by_name,
                   MedicineMove.note)
            .join(MedicineItem, MedicineItem.id == MedicineMove.item_id)
            .outerjoin(Person, Person.id == MedicineMove.person_id)
            .where(MedicineMove.kind.in_(kinds))
            .order_by(MedicineMove.moved_on.desc(), MedicineMove.id.desc()))
    if start is not None:
        stmt = stmt.where(MedicineMove.moved_on >= start)
    if end is not None:
        stmt = stmt.where(MedicineMove.moved_on <= end)
    if item_id is not None:
        stmt = stmt.where(MedicineMove.item_id == item_id)
    with db.reading() as s:
        if grid_id is not None:
            stmt = stmt.where(MedicineMove.grid_id.in_(grid_subtree_ids(s, grid_id)))
        rows = s.execute(stmt).all()
        labels = {gid: g.label for gid, g in catalogue(s).items()}
    return [MoveRow(mid, iid, day, kind, f"{name} {spec}".strip(), batch, qty, unit, pid, person or written or "",
                    gid, labels.get(gid, "") if gid else "", by, note)
            for (mid, iid, day, kind, name, spec, batch, qty, unit, pid, person, written, gid, by, note) in rows]


FIGURES = ("times", "persons", "quantity")
FIGURE_LABELS = {"times": N_("发放人次"), "persons": N_("领取人数"), "quantity": N_("发放数量")}


def handed_by_grid(db: Database, grid_id: int | None, start: dt.date, end: dt.date) -> dict[int | None, dict[str, int]]:
    """Hand-outs per micro-grid (the recipient's then; None: a household without one) from
    ``start`` to ``end``: times, distinct residents, quantity."""
    stmt = (select(MedicineMove.grid_id, func.count(), func.count(func.distinct(MedicineMove.person_id)),
                   func.sum(MedicineMove.quantity))
            .where(MedicineMove.kind == OUT, MedicineMove.moved_on >= start, MedicineMove.moved_on <= end)
            .group_by(MedicineMove.grid_id))
    with db.reading() as s:
        if grid_id is not None:
            stmt = stmt.where(MedicineMove.grid_id.in_(grid_subtree_ids(s, grid_id)))
        rows = s.execute(stmt).all()
    return {gid: {"times": times, "persons": persons, "quantity": int(qty or 0)} for gid, times, persons, qty in rows}


def monthly(db: Database, grid_id: int | None, start: dt.date, end: dt.date) -> list[dict[str, object]]:
    """Movements per micro-grid and month: month (YYYY-MM), grid id and label, 入库 / 发放 / 报废
    quantities and hand-out times, in month then tree order."""
    found: dict[tuple[str, int | None], dict[str, int]] = defaultdict(lambda: {"in": 0, "out": 0, "discard": 0, "times": 0})
    rows = moves(db, start, end, grid_id)
    names = {IN: "in", OUT: "out", DISCARD: "discard"}
    grids: dict[int | None, str] = {}
    for r in rows:
        cell = found[(r.moved_on.strftime("%Y-%m"), r.grid_id)]
        cell[names[r.kind]] += r.quantity
        cell["times"] += r.kind == OUT
        grids[r.grid_id] = r.grid
    with db.reading() as s:
        table = catalogue(s)
    keys = sorted(found, key=lambda k: (k[0], order_key(table, k[1])))
    return [{"month": month, "grid_id": gid, "grid": grids.get(gid) or tr("未划分网格"), **found[(month, gid)]}
            for month, gid in keys]
