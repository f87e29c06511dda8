"""``package export``: the rows made here and changed since the last package the receiver
acknowledged (or all of them), at one of three privacy levels, signed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import and_, exists, func, select, update

from gridoffice.domain import privacy
from gridoffice.i18n import tr
from gridoffice.services import bulk
from gridoffice.services.exchange import ExchangeError, aggregate, hints, keys, pkgfile, rows
from gridoffice.store import Database, migrate, outputs, versioning
from gridoffice.store.models import SyncLog, SyncRow, Tombstone
from gridoffice.store.travel import TRAVELLING, Travelling

LEVELS = ("aggregate", "pseudonymous", "full")
# free-text columns of personal rows, masked at the pseudonymous level
_KEEP_PLAIN = frozenset({"uuid", "status", "sex", "relation", "category", "state", "level", "code", "method",
                         "role", "urgency", "risk_level", "ethnicity", "hukou_type", "residence_state"})


@dataclass
class Exported:
    path: Path
    seq: int
    level: str
    full: bool
    sha256: str
    counts: dict[str, int] = field(default_factory=dict)
    tombstones: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"file": str(self.path), "seq": self.seq, "level": self.level, "full": self.full,
                "sha256": self.sha256, "counts": self.counts, "tombstones": self.tombstones}


def _stamp(conn: Any) -> int:
    """Give bulk-written rows (no change number yet) this package's number; return the current
    number: everything up to it is in this package or an earlier one."""
    seq = versioning.next_change(conn)
    for t in TRAVELLING:
        table = t.model.__table__  # type: ignore[attr-defined]
        conn.execute(update(table).where(table.c.change_seq.is_(None)).values(change_seq=seq))
    stones = Tombstone.__table__
    conn.execute(update(stones).where(stones.c.change_seq.is_(None)).values(change_seq=seq))
    return seq


def _acked(s: Any, level: str) -> dict[str, int]:
    """Per table, the highest change number a receiver acknowledged for packages of this level."""
    out: dict[str, int] = {}
    for upto in s.execute(select(SyncLog.upto).where(SyncLog.direction == "out", SyncLog.level == level,
                                                     SyncLog.acked_at.is_not(None))).scalars():
        for name, value in (upto or {}).items():
            out[name] = max(out.get(name, 0), int(value))
    return out


def _select(t: Travelling, since: int | None) -> Any:
    table = t.model.__table__  # type: ignore[attr-defined]
    received = exists().where(and_(SyncRow.table_name == t.name, SyncRow.uuid == table.c.uuid))
    stmt = select(table).where(~received)
    if since is not None:
        stmt = stmt.where(table.c.change_seq > since)
    return stmt.order_by(table.c.id)


_ID_RUN = re.compile(r"\d{17}[\dXx]")  # an ID number, also inside a longer number (a disability card's)


def _scrub(value: str) -> str:
    return _ID_RUN.sub(lambda m: privacy.mask_id(m.group(0)), privacy.mask_free_text(value))


def _pseudonymise(t: Travelling, row: dict[str, Any], street_key: str, refs: set[str]) -> dict[str, Any]:
    if t.name == "person":
        number = row.pop("id_number", None)
        row["id_key"] = keys.id_key(street_key, number) if number else None
        row["name"] = privacy.mask_name(row.get("name"))
        row["name_pinyin"] = row["name_initials"] = ""
    if t.name == "staff":
        return row  # staff are the office's own people, named on public boards
    for name, value in list(row.items()):
        if name in refs or name in _KEEP_PLAIN:
            continue
        if name == "phone" or name == "work_phone":
            row[name] = privacy.mask_phone(value) if value else value
        elif isinstance(value, str) and value:
            row[name] = _scrub(value)
        elif isinstance(value, dict):
            row[name] = {k: _scrub(v) if isinstance(v, str) else v for k, v in value.items()}
    return row


SUMMARY = "汇总.xlsx"


def _summary(db: Database, on: dt.date) -> bytes:
    """The per-grid summary ledger (汇总表: counts only, no person), readable without the program.
    Not the public version: its small-count suppression (a quarter of a street package's export
    time) would protect nothing here, since the package carries the same counts unsuppressed
    (``counts.jsonl`` at the aggregate level, every row at the others)."""
    from gridoffice.exports.xlsx import write_ledger
    from gridoffice.services import ledgers

    ledger = ledgers.build(db, "summary", ledgers.LedgerOptions(on=on, public=False))
    ledger.sheets = [_without(sheet, tr("网格长")) for sheet in ledger.sheets]  # counts only: no one named
    with tempfile.TemporaryDirectory(prefix="gopkg-") as folder:
        target = Path(folder) / SUMMARY
        with outputs.atomic_output(target, db=db) as tmp:
            write_ledger(ledger, tmp)
        return target.read_bytes()


def _without(sheet: Any, header: str) -> Any:
    drop = [i for i, c in enumerate(sheet.columns) if c.header == header]
    if not drop:
        return sheet
    i = drop[0]

    def cut(values: Any) -> Any:
        return None if values is None else [v for k, v in enumerate(values) if k != i]

    return dataclasses.replace(sheet, columns=cut(sheet.columns), rows=[cut(r) for r in sheet.rows],
                               total=cut(sheet.total))


def export(db: Database, target: Path, *, full: bool = False, level: str = "aggregate",
           on: dt.date | None = None) -> Exported:
    if level not in LEVELS:
        raise ExchangeError(tr("数据级别应为 aggregate、pseudonymous 或 full。"))
    key = keys.private_key(db)
    office = rows.office(db, keys.public_hex(key))
    on = on or dt.date.today()
    street_key = ""
    if level == "pseudonymous":
        street_key = rows.office_settings.get(db, rows.STREET_KEY)
        if not street_key:
            raise ExchangeError(tr("还没有街道下发的化名密钥，不能导出化名数据包。"), **hints.street_key())
    with db.session() as s:
        upto = _stamp(s.connection())
        base = {} if full else _acked(s, level)
        seq = int(s.execute(select(func.max(SyncLog.seq)).where(SyncLog.direction == "out")).scalar() or 0) + 1
    members: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    with bulk.building(), db.reading() as s:  # hundreds of thousands of rows: no collector passes
        tables = [t for t in TRAVELLING if level != "aggregate" or not t.personal]
        found = {t.name: s.execute(_select(t, None if full else base.get(t.name, 0))).mappings().all()
                 for t in tables}
        maps = rows.uuids_of(s, [(t, found[t.name]) for t in tables])
        for t in tables:
            refs = set(rows.references(t.model)) | set(t.id_lists)
            encode = rows.encoder(t, maps)
            out = [encode(row) for row in found[t.name]]
            if level == "pseudonymous" and t.personal:
                out = [_pseudonymise(t, encoded, street_key, refs) for encoded in out]
            counts[t.name] = len(out)
            members[f"{t.name}.jsonl"] = rows.dumps_lines(out)
        stones = select(Tombstone).where(Tombstone.table_name.in_([t.name for t in tables]))
        if not full:
            stones = stones.where(Tombstone.change_seq > min(base.values(), default=0))
        tomb = [{"table": st.table_name, "uuid": st.uuid, "version": st.version,
                 "deleted_at": rows.plain(st.deleted_at), "deleted_by": st.deleted_by}
                for st in s.execute(stones.order_by(Tombstone.id)).scalars()]
        members["tombstones.jsonl"] = rows.dumps_lines(tomb)
        if level == "aggregate":
            members["counts.jsonl"] = rows.dumps_lines(aggregate.counts(s, on))
    members[SUMMARY] = _summary(db, on)
    manifest = {
        "format": pkgfile.PACKAGE_FORMAT, "schema": migrate.head(), "office": office, "seq": seq,
        "level": level, "full": full, "created_at": rows.plain(dt.datetime.now().replace(microsecond=0)),
        "period": on.strftime("%Y-%m"), "base": {t.name: base.get(t.name, 0) for t in tables},
        "upto": {t.name: upto for t in tables}, "counts": counts, "tombstones": len(tomb),
    }
    sha = pkgfile.write(Path(target), manifest, members, key, db=db)
    with db.session() as s:
        s.add(SyncLog(direction="out", seq=seq, sha256=sha, level=level, full=full,
                      upto=manifest["upto"], counts=counts))
    return Exported(Path(target), seq, level, full, sha, counts, len(tomb))


def pending(db: Database, *, full: bool = False, level: str = "aggregate") -> dict[str, int]:
    """What ``export`` would put in a package now, rows per table (and ``tombstones``), without
    writing anything: the 发送 tab shows it before the clerk sends."""
    if level not in LEVELS:
        raise ExchangeError(tr("数据级别应为 aggregate、pseudonymous 或 full。"))
    out: dict[str, int] = {}
    with db.reading() as s:
        base = {} if full else _acked(s, level)
        tables = [t for t in TRAVELLING if level != "aggregate" or not t.personal]
        for t in tables:
            stmt = _select(t, None)
            if not full:  # rows not stamped yet (bulk writes) go with the next package too
                column = t.model.__table__.c.change_seq  # type: ignore[attr-defined]
                stmt = stmt.where((column > base.get(t.name, 0)) | column.is_(None))
            out[t.name] = int(s.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar() or 0)
        stones = select(func.count()).select_from(Tombstone).where(Tombstone.table_name.in_([t.name for t in tables]))
        if not full:
            stones = stones.where((Tombstone.change_seq > min(base.values(), default=0))
                                  | Tombstone.change_seq.is_(None))
        out["tombstones"] = int(s.execute(stones).scalar() or 0)
    return out
