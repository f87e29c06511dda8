"""What a package would do, row by row, before anything is written (the dry run is this plan):
added, updated (the fields taken), unchanged, conflicts (a field changed on both sides since
the base), refused (with the reason). ``apply`` writes exactly this plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridoffice.domain import privacy
from gridoffice.domain.codes import PersonStatus
from gridoffice.i18n import tr
from gridoffice.services.exchange import approval, rows
from gridoffice.store.models import SyncRow, Tombstone
from gridoffice.store.travel import BY_NAME, TRAVELLING, Travelling, references

CHUNK = 900
_UNIQUE = {"person": "id_number", "grid": "code"}


@dataclass
class TablePlan:
    add: list[dict[str, Any]] = field(default_factory=list)
    update: list[tuple[int, dict[str, Any], dict[str, Any]]] = field(default_factory=list)  # id, fields, row
    rebase: list[dict[str, Any]] = field(default_factory=list)  # unchanged rows whose base/version moves
    unchanged: int = 0
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    delete: list[tuple[int, str]] = field(default_factory=list)  # id, uuid
    takeover: list[dict[str, Any]] = field(default_factory=list)  # rows the sender takes over (a move)
    refused: list[dict[str, str]] = field(default_factory=list)
    labels: rows.Labels | None = None  # names the refused rows once the plan is made (``make``)


@dataclass
class Plan:
    sender: str
    sender_role: str
    tables: dict[str, TablePlan] = field(default_factory=dict)
    wanted: dict[str, set[str]] = field(default_factory=dict)  # uuids the package's rows refer to

    def totals(self) -> dict[str, Any]:
        pick = {"added": lambda p: len(p.add), "updated": lambda p: len(p.update), "unchanged": lambda p: p.unchanged,
                "conflicts": lambda p: len(p.conflicts), "deleted": lambda p: len(p.delete),
                "taken_over": lambda p: len(p.takeover)}
        out: dict[str, Any] = {k: {t: f(p) for t, p in self.tables.items()} for k, f in pick.items()}
        out["refused"] = [r for p in self.tables.values() for r in p.refused]
        return out

    def size(self) -> int:
        """Rows the plan writes (what an undo of it would hold in memory)."""
        return sum(len(p.add) + len(p.update) + len(p.rebase) + len(p.delete) for p in self.tables.values())

    @property
    def writes(self) -> bool:
        return any(p.add or p.update or p.rebase or p.conflicts or p.delete for p in self.tables.values())


def _chunks(items: list[str]) -> Any:
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]


SCAN_ABOVE = 5000  # more uuids than this: one pass over the table instead of IN lists of 900


def lookup(s: Session, stmt: Any, column: Any, uuids: list[str], pick: Any, key: Any) -> list[Any]:
    """``stmt``'s results (``pick(result)``) whose ``column`` is one of ``uuids`` (``key(item)``
    reads it back): IN lists for a few, one pass filtered here for many (for a full package,
    hundreds of IN queries cost more than one scan)."""
    if len(uuids) > SCAN_ABOVE:
        wanted = set(uuids)
        return [x for x in pick(s.execute(stmt)) if key(x) in wanted]
    out: list[Any] = []
    for part in _chunks(uuids):
        out.extend(pick(s.execute(stmt.where(column.in_(part)))))
    return out


def _by_uuid(s: Session, t: Travelling, uuids: list[str]) -> dict[str, Any]:
    table = t.model.__table__  # type: ignore[attr-defined]
    return {row["uuid"]: row for row in lookup(s, select(table), table.c.uuid, uuids,
                                               lambda r: r.mappings(), lambda row: row["uuid"])}


def _received(s: Session, t: Travelling, uuids: list[str]) -> dict[str, SyncRow]:
    stmt = select(SyncRow).where(SyncRow.table_name == t.name)
    return {r.uuid: r for r in lookup(s, stmt, SyncRow.uuid, uuids, lambda r: r.scalars(), lambda r: r.uuid)}


def _refuse(p: TablePlan, t: Travelling, uuid: str, reason: str, row: Any = None) -> None:
    """``record`` says which record it is as a clerk would (a name, a 户号), for this office's
    screen only: the receipt leaves it out (``without_records``)."""
    entry = {"table": t.name, "uuid": uuid, "reason": reason}
    if p.labels is not None:
        p.labels.add(entry, t.name, row)
    p.refused.append(entry)


def _order_self(t: Travelling, incoming: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Parents before children within a table that refers to itself (grids)."""
    own = [c for c, target in references(t.model).items() if target == t.name]
    if not own:
        return incoming
    by = {r["uuid"]: r for r in incoming}
    done: set[str] = set()
    out: list[dict[str, Any]] = []

    def visit(r: dict[str, Any], depth: int = 0) -> None:
        if r["uuid"] in done or depth > 50:
            return
        for c in own:
            parent = by.get(r.get(c) or "")
            if parent is not None:
                visit(parent, depth + 1)
        done.add(r["uuid"])
        out.append(r)

    for r in incoming:
        visit(r)
    return out


def make(s: Session, members: dict[str, bytes], sender: str, sender_role: str) -> Plan:
    plan = Plan(sender, sender_role)
    arriving = {t.name: _order_self(t, rows.loads_lines(members[f"{t.name}.jsonl"]))
                for t in TRAVELLING if f"{t.name}.jsonl" in members}
    for t in TRAVELLING:
        rows.referenced(t, arriving.get(t.name, []), plan.wanted)
    known = {name: set(found) for name, found in rows.ids_for(s, plan.wanted).items()}
    locked = approval.locked_periods(s, sender)  # months approved at the street: held row by row
    handed: dict[str, set[str]] = {}  # rows handed over to the sender by this package
    labels = rows.Labels()
    for t in TRAVELLING:
        if t.name not in arriving:
            continue
        p = plan.tables[t.name] = TablePlan(labels=labels)
        incoming = arriving[t.name]
        uuids = [r["uuid"] for r in incoming]
        local, received = _by_uuid(s, t, uuids), _received(s, t, uuids)
        maps = rows.uuids_of(s, [(t, list(local.values()))])
        fields = rows.compared(t)
        refs = references(t.model)
        encode = rows.encoder(t, maps)
        gone = set(lookup(s, select(Tombstone.uuid).where(Tombstone.table_name == t.name), Tombstone.uuid, uuids,
                          lambda r: r.scalars(), lambda u: u))
        taken = _taken_unique(s, t, [r for r in incoming if r["uuid"] not in local])
        for r in incoming:
            ident = r["uuid"]
            missing = [c for c, target in refs.items() if r.get(c) and r[c] not in known[target]]
            if missing:
                _refuse(p, t, ident, tr("它引用的记录（{cols}）不在本库中，也不在包里。").format(cols="、".join(missing)), r)
                continue
            row = local.get(ident)
            if row is None:
                if ident in gone:
                    _refuse(p, t, ident, tr("这条记录已在本库删除。"), r)
                elif t.owner == "village" and sender_role == "street":
                    _refuse(p, t, ident, tr("居民、住户、走访和事项由村（社区）维护，街道的包不能新增。"), r)
                elif (clash := taken.get(ident)) is not None:
                    _refuse(p, t, ident, clash, r)
                elif (held := approval.held(t.name, locked, r)) is not None:
                    _refuse(p, t, ident, held, r)
                else:
                    p.add.append(r)
                    known[t.name].add(ident)
                continue
            ours = encode(row)
            same = all(ours.get(f) == r.get(f) for f in fields)
            got = received.get(ident)
            if got is not None and got.peer_uuid != sender and _handed_over(s, t, got, r, handed, sender):
                handed.setdefault(t.name, set()).add(ident)
                p.takeover.append(r)
                take = {f: r.get(f) for f in fields if ours.get(f) != r.get(f)}
                if take:
                    p.update.append((row["id"], take, r))
                else:
                    p.rebase.append(r)
                continue
            if got is None or got.peer_uuid != sender:
                if same and got is None:
                    p.unchanged += 1
                else:
                    _refuse(p, t, ident, tr("这条记录由本单位建立，不接受其他单位的修改。") if got is None
                            else tr("这条记录属于另一个单位，不接受本包的修改（迁入的住户：原单位报来迁出后，下一个包会自动重发）。"),
                            row)
                continue
            base = got.base or {}
            if same:
                p.unchanged += 1
                if got.version != r.get("version") or base != {f: r.get(f) for f in fields}:
                    p.rebase.append(r)
                continue
            if (held := approval.held(t.name, locked, r, row)) is not None:
                _refuse(p, t, ident, held, row)
                continue
            take = {}
            for f in fields:
                theirs, mine, was = r.get(f), ours.get(f), base.get(f)
                if theirs == mine or theirs == was:
                    continue
                if mine == was:
                    take[f] = theirs
                else:
                    p.conflicts.append({"table": t.name, "uuid": ident, "field": f, "ours": mine, "theirs": theirs,
                                        "row_id": row["id"]})
            if take:
                p.update.append((row["id"], take, r))
            else:
                p.rebase.append(r)
    _tombstones(s, plan, members.get("tombstones.jsonl"), sender, locked, labels)
    labels.fill(s, arriving)  # what a clerk calls each refused row, in a few queries
    return plan


def _handed_over(s: Session, t: Travelling, got: SyncRow, r: dict[str, Any], handed: dict[str, set[str]],
                 sender: str) -> bool:
    """The takeover rule of a move (``store/travel.py``): another office's row passes to the
    sender when its owner last sent it as moved out — a household out of its counts, a person
    迁出 — or when it is a record of a person or household that is the sender's now."""
    base = got.base or {}
    if t.name == "household":
        return base.get("deleted_at") is not None
    if t.name == "person":
        return base.get("status") == PersonStatus.MOVED_OUT.value
    for column, target in references(t.model).items():
        ref = r.get(column)
        if target not in ("person", "household") or not ref:
            continue
        if ref in handed.get(target, set()):
            return True
        owner = s.get(SyncRow, (target, ref))
        if owner is not None and owner.peer_uuid == sender:  # the person came to the sender earlier
            return True
    return False


def _taken_unique(s: Session, t: Travelling, new: list[dict[str, Any]]) -> dict[str, str]:
    """New rows whose unique value (an ID number, a grid code) another row here already has."""
    column = _UNIQUE.get(t.name)
    if not column:
        return {}
    wanted = {r[column]: r["uuid"] for r in new if r.get(column)}
    table = t.model.__table__  # type: ignore[attr-defined]
    out = {}
    values = list(wanted)
    for value in lookup(s, select(table.c[column]), table.c[column], values, lambda r: r.scalars(), lambda v: v):
        shown = privacy.mask_id(value) if column == "id_number" else value
        out[wanted[value]] = tr("{label} {value} 已在本库另一条记录中。").format(
            label=tr("身份证号") if column == "id_number" else tr("网格编码"), value=shown)
    return out


def _tombstones(s: Session, plan: Plan, data: bytes | None, sender: str, locked: frozenset[str],
                labels: rows.Labels) -> None:
    if not data:
        return
    for stone in rows.loads_lines(data):
        t = BY_NAME.get(stone.get("table", ""))
        if t is None:
            continue
        p = plan.tables.setdefault(t.name, TablePlan(labels=labels))
        table = t.model.__table__  # type: ignore[attr-defined]
        here = s.execute(select(table).where(table.c.uuid == stone["uuid"])).mappings().first()
        if here is None:
            continue  # never here, or already deleted: nothing to do
        rid = here["id"]
        got = s.get(SyncRow, (t.name, stone["uuid"]))
        if got is None or got.peer_uuid != sender:
            _refuse(p, t, stone["uuid"], tr("这条记录不属于发出删除的单位，本库保留。"), here)
            continue
        if (held := approval.held(t.name, locked, here)) is not None:
            _refuse(p, t, stone["uuid"], held, here)
            continue
        p.delete.append((rid, stone["uuid"]))
