"""The medicine box (药品互助 / 爱心药品箱, issue 21): batches of medicine given to the box by
residents or others, handed out to residents of the roster, taken out when spoilt or expired.

Every write is one operation (undoable, audited). The stock of a batch is its movements added up
day by day (入库 first on a day, then 发放 / 报废) and never goes below nothing: a hand-out, a
correction or a removal that would make it do so on any day is refused with a sentence. An
expired batch is not handed out (报废 takes it out of the box)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gridoffice.domain import text
from gridoffice.i18n import N_, tr
from gridoffice.services.changes import Change, operation
from gridoffice.services.errors import ServiceError
from gridoffice.store import Database
from gridoffice.store.models import Household, MedicineItem, MedicineMove, Person

IN, OUT, DISCARD = N_("入库"), N_("发放"), N_("报废")
KINDS = (IN, OUT, DISCARD)
UNITS = (N_("盒"), N_("瓶"), N_("袋"), N_("支"), N_("板"), N_("个"), N_("包"))
MAX_QUANTITY = 10_000
LIMITS = {"name": 60, "spec": 60, "unit": 10, "batch": 40, "note": 200, "giver": 50, "by": 50}


class MedicineError(ServiceError, ValueError):
    """A medicine-box entry that cannot be kept."""


@dataclass(frozen=True)
class Batch:
    """What identifies a batch in the box: the same five fields received again add to it."""

    name: str
    spec: str = ""
    unit: str = "盒"
    batch: str = ""
    expires_on: dt.date | None = None
    note: str = ""


# ---- checks (the dialogs call them as the clerk types: one sentence or nothing) -------------------

def _text(value: str, limit: int, what: str) -> str:
    cleaned = text.clean(value or "").strip()
    if len(cleaned) > limit:
        raise MedicineError(tr("{what}不超过 {n} 个字").format(what=what, n=limit))
    return cleaned


def check_batch(batch: Batch) -> Batch:
    name = _text(batch.name, LIMITS["name"], tr("药品名称"))
    if not name:
        raise MedicineError(tr("请填写药品名称"))
    unit = _text(batch.unit, LIMITS["unit"], tr("单位"))
    if not unit:
        raise MedicineError(tr("请填写单位（盒、瓶、袋…）"))
    return Batch(name, _text(batch.spec, LIMITS["spec"], tr("规格")), unit, _text(batch.batch, LIMITS["batch"], tr("批号")),
                 batch.expires_on, _text(batch.note, LIMITS["note"], tr("备注")))


def check_quantity(quantity: int) -> int:
    if not isinstance(quantity, int) or quantity < 1:
        raise MedicineError(tr("数量应为正整数"))
    if quantity > MAX_QUANTITY:
        raise MedicineError(tr("数量不超过 {n}").format(n=MAX_QUANTITY))
    return quantity


def check_day(on: dt.date | None, today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    on = on or today
    if on > today:
        raise MedicineError(tr("日期晚于今天"))
    if on.year < 1900:
        raise MedicineError(tr("日期不对"))
    return on


def check_receipt(batch: Batch, quantity: int, on: dt.date | None, giver: str, giver_person_id: int | None,
                  today: dt.date | None = None) -> tuple[Batch, int, dt.date, str]:
    batch, quantity, on = check_batch(batch), check_quantity(quantity), check_day(on, today)
    giver = _text(giver, LIMITS["giver"], tr("捐赠人"))
    if not giver and giver_person_id is None:
        raise MedicineError(tr("请填写捐赠人（花名册中的居民，或写上姓名、单位）"))
    if batch.expires_on is not None and batch.expires_on < on:
        raise MedicineError(tr("这批药品已过期（有效期至 {day}），不能入库").format(day=batch.expires_on.isoformat()))
    return batch, quantity, on, giver


def _expired(item: MedicineItem, on: dt.date) -> bool:
    return item.expires_on is not None and item.expires_on < on


def _label(item: MedicineItem) -> str:
    return f"{item.name} {item.spec}".strip()


# ---- writes ---------------------------------------------------------------------------------------

def receive(db: Database, item: int | Batch, quantity: int, on: dt.date | None = None, *, giver: str = "",
            giver_person_id: int | None = None, by: str = "", note: str = "", today: dt.date | None = None) -> Change:
    """Take medicine into the box: into batch ``item`` (an id), or a ``Batch`` — added to the
    batch with the same name, spec, unit, number and expiry when there is one, a new batch
    otherwise. The giver is a resident of the roster (``giver_person_id``) or a name as written."""
    with operation(db, tr("药品入库")) as op:
        s = op.session
        if isinstance(item, int):
            row = _item(s, item)
            batch = Batch(row.name, row.spec, row.unit, row.batch, row.expires_on, row.note)
        else:
            batch = item
        batch, quantity, on, giver = check_receipt(batch, quantity, on, giver, giver_person_id, today)
        grid_id = _person_grid(s, giver_person_id, tr("捐赠人")) if giver_person_id is not None else None
        found = s.get(MedicineItem, item) if isinstance(item, int) else _same_batch(s, batch)
        if found is not None:
            row = found
        else:
            row = MedicineItem(name=batch.name, spec=batch.spec, unit=batch.unit, batch=batch.batch,
                               expires_on=batch.expires_on, note=batch.note)
            s.add(row)
            s.flush()
        assert row.id is not None
        s.add(MedicineMove(item_id=row.id, kind=IN, moved_on=on, quantity=quantity, person_id=giver_person_id,
                           name="" if giver_person_id is not None else giver, grid_id=grid_id,
                           by_name=_text(by, LIMITS["by"], tr("经手人")), note=_text(note, LIMITS["note"], tr("备注"))))
        op.description = tr("药品入库：{item} {n}{unit}").format(item=_label(row), n=quantity, unit=row.unit)
    return op.change


def give_out(db: Database, item_id: int, quantity: int, person_id: int, on: dt.date | None = None, *,
             by: str = "", note: str = "", today: dt.date | None = None) -> Change:
    """Hand ``quantity`` of batch ``item_id`` to a resident of the roster; counted for the
    micro-grid of the resident's household."""
    quantity, on = check_quantity(quantity), check_day(on, today)
    with operation(db, tr("药品发放")) as op:
        s = op.session
        item = _item(s, item_id)
        if _expired(item, on):
            raise MedicineError(tr("“{item}”已于 {day} 过期，不能发放，请报废").format(
                item=_label(item), day=item.expires_on.isoformat() if item.expires_on else ""))
        grid_id = _person_grid(s, person_id, tr("领取人"))
        s.add(MedicineMove(item_id=item_id, kind=OUT, moved_on=on, quantity=quantity, person_id=person_id,
                           grid_id=grid_id, by_name=_text(by, LIMITS["by"], tr("发放人")),
                           note=_text(note, LIMITS["note"], tr("备注"))))
        _check_balance(s, item)
        person = s.get(Person, person_id)
        op.description = tr("药品发放：{item} {n}{unit} 给 {name}").format(
            item=_label(item), n=quantity, unit=item.unit, name=person.name if person else "")
    return op.change


def discard(db: Database, item_id: int, quantity: int, on: dt.date | None = None, *, by: str = "",
            note: str = "", today: dt.date | None = None) -> Change:
    """Take ``quantity`` out of the box without a recipient (expired, spoilt): 报废."""
    quantity, on = check_quantity(quantity), check_day(on, today)
    with operation(db, tr("药品报废")) as op:
        s = op.session
        item = _item(s, item_id)
        s.add(MedicineMove(item_id=item_id, kind=DISCARD, moved_on=on, quantity=quantity,
                           by_name=_text(by, LIMITS["by"], tr("经手人")), note=_text(note, LIMITS["note"], tr("备注"))))
        _check_balance(s, item)
        op.description = tr("药品报废：{item} {n}{unit}").format(item=_label(item), n=quantity, unit=item.unit)
    return op.change


def correct_item(db: Database, item_id: int, batch: Batch) -> Change:
    """Correct what was written of a batch (name, spec, unit, number, expiry, note). Refused when
    the new expiry falls before one of its hand-outs."""
    batch = check_batch(batch)
    with operation(db, tr("修改药品")) as op:
        s = op.session
        item = _item(s, item_id)
        for key in ("name", "spec", "unit", "batch", "expires_on", "note"):
            setattr(item, key, getattr(batch, key))
        if batch.expires_on is not None:
            late = s.scalar(select(func.max(MedicineMove.moved_on)).where(
                MedicineMove.item_id == item_id, MedicineMove.kind == OUT))
            if late is not None and late > batch.expires_on:
                raise MedicineError(tr("这批药品在 {day} 还发放过，有效期不能早于那一天").format(day=late.isoformat()))
        op.description = tr("修改药品：{item}").format(item=_label(item))
    return op.change


def correct_move(db: Database, move_id: int, quantity: int | None = None, on: dt.date | None = None, *,
                 by: str | None = None, note: str | None = None, today: dt.date | None = None) -> Change:
    """Correct a movement's quantity, day, 经手人 or note (who gave or received stays: remove the
    record and enter it again)."""
    with operation(db, tr("修改药品出入库记录")) as op:
        s = op.session
        move, item = _move(s, move_id)
        if quantity is not None:
            move.quantity = check_quantity(quantity)
        if on is not None:
            move.moved_on = check_day(on, today)
        if by is not None:
            move.by_name = _text(by, LIMITS["by"], tr("经手人"))
        if note is not None:
            move.note = _text(note, LIMITS["note"], tr("备注"))
        if move.kind == OUT and _expired(item, move.moved_on):
            raise MedicineError(tr("“{item}”在 {day} 已过期，那天不能发放").format(item=_label(item), day=move.moved_on))
        _check_balance(s, item)
        op.description = tr("修改{kind}记录：{item}").format(kind=tr(move.kind), item=_label(item))
    return op.change


def remove_move(db: Database, move_id: int) -> Change:
    """Remove a movement entered by mistake (refused when the stock would go below nothing); a
    batch left with no movement goes with it."""
    with operation(db, tr("删除药品出入库记录")) as op:
        s = op.session
        move, item = _move(s, move_id)
        kind = move.kind
        s.delete(move)
        s.flush()
        _check_balance(s, item)
        if not s.scalar(select(func.count()).select_from(MedicineMove).where(MedicineMove.item_id == item.id)):
            s.delete(item)
        op.description = tr("删除{kind}记录：{item}").format(kind=tr(kind), item=_label(item))
    return op.change


def remove_item(db: Database, item_id: int) -> Change:
    """Remove a batch entered by mistake with its 入库 / 报废 records; refused once any of it was
    handed out (those records stay: 报废 what is left instead)."""
    with operation(db, tr("删除药品")) as op:
        s = op.session
        item = _item(s, item_id)
        handed = s.scalar(select(func.count()).select_from(MedicineMove).where(
            MedicineMove.item_id == item_id, MedicineMove.kind == OUT)) or 0
        if handed:
            raise MedicineError(tr("“{item}”已有 {n} 条发放记录，不能删除；剩下的请报废").format(item=_label(item), n=handed))
        for move in s.scalars(select(MedicineMove).where(MedicineMove.item_id == item_id)):
            s.delete(move)
        s.flush()
        s.delete(item)
        op.description = tr("删除药品：{item}").format(item=_label(item))
    return op.change


# ---- helpers ---------------------------------------------------------------------------------------

def _item(s: Session, item_id: int) -> MedicineItem:
    item = s.get(MedicineItem, item_id)
    if item is None:
        raise MedicineError(tr("药品箱里没有这种药品（编号 {id}）").format(id=item_id))
    return item


def _move(s: Session, move_id: int) -> tuple[MedicineMove, MedicineItem]:
    move = s.get(MedicineMove, move_id)
    if move is None:
        raise MedicineError(tr("这条出入库记录已不存在"))
    return move, _item(s, move.item_id)


def _same_batch(s: Session, batch: Batch) -> MedicineItem | None:
    return s.scalars(select(MedicineItem).where(
        MedicineItem.name == batch.name, MedicineItem.spec == batch.spec, MedicineItem.unit == batch.unit,
        MedicineItem.batch == batch.batch,
        MedicineItem.expires_on.is_(None) if batch.expires_on is None else MedicineItem.expires_on == batch.expires_on)
        .order_by(MedicineItem.id)).first()


def _person_grid(s: Session, person_id: int, role: str) -> int | None:
    """The micro-grid of a resident of the roster (who is 在册 and not in the recycle bin)."""
    person = s.get(Person, person_id)
    if person is None or person.deleted_at is not None:
        raise MedicineError(tr("{role}不在花名册中（编号 {id}）").format(role=role, id=person_id))
    if person.status != "在册":
        raise MedicineError(tr("{role} {name} 已{status}").format(role=role, name=person.name, status=tr(person.status)))
    household = s.get(Household, person.household_id) if person.household_id is not None else None
    return household.grid_id if household is not None else None


def _check_balance(s: Session, item: MedicineItem) -> None:
    """The stock day by day (入库 first on a day) never below nothing."""
    s.flush()
    moves = s.execute(select(MedicineMove.kind, MedicineMove.moved_on, MedicineMove.quantity)
                      .where(MedicineMove.item_id == item.id)).all()
    have = 0
    for kind, day, quantity in sorted(moves, key=lambda m: (m[1], m[0] != IN)):
        if kind != IN and quantity > have:
            raise MedicineError(tr("库存不能为负：“{item}”在 {day} 只有 {have}{unit}，不够{kind} {n}{unit}").format(
                item=_label(item), day=day.isoformat(), have=have, unit=item.unit, kind=tr(kind), n=quantity))
        have += quantity if kind == IN else -quantity


def pick_batch(db: Database, item: str, quantity: int, on: dt.date | None = None) -> int:
    """The batch to hand out for ``item`` (a batch number shown by ``medicine list``, or a
    medicine's name): of that name, the one expiring first that is not expired and has enough."""
    from gridoffice.services.medicine.stock import stock

    on = on or dt.date.today()
    rows = stock(db, on)
    key = item.strip()
    if key.isdigit():
        if not any(r.id == int(key) for r in rows):
            raise MedicineError(tr("药品箱里没有这种药品（编号 {id}）").format(id=key))
        return int(key)
    named = [r for r in rows if r.name == key]
    if not named:
        raise MedicineError(tr("药品箱里没有“{item}”").format(item=key))
    usable = [r for r in named if r.state != "expired" and r.stock > 0]
    for r in sorted(usable, key=lambda r: (r.expires_on or dt.date.max, r.id)):
        if r.stock >= quantity:
            return r.id
    raise MedicineError(tr("“{item}”未过期的库存不够：单批最多 {n}").format(
        item=key, n=max((r.stock for r in usable), default=0)))

