"""``package import``: check the package (``gates``), plan it (``plan``: the dry run), then
apply the plan in one transaction after a backup, and write the receipt."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import operator
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from gridoffice.i18n import tr
from gridoffice.services import backup, bulk
from gridoffice.services.changes import Change
from gridoffice.services.exchange import gates, keys, moving, pkgfile, plan, rows, undoing
from gridoffice.store import Database, audit, fastinsert, history
from gridoffice.store.models import SyncAggregate, SyncConflict, SyncLog, SyncPeer, SyncRow
from gridoffice.store.travel import TRAVELLING, Travelling, references

BATCH = 500


@dataclass
class Imported:
    file: Path
    sender: str  # the office, as shown
    seq: int
    level: str
    dry_run: bool
    already: bool
    totals: dict[str, Any] = field(default_factory=dict)
    receipt: Path | None = None
    backup: Path | None = None
    kind: str = "package"  # or "move": a household's move package
    change: Change | None = None  # the import (or a move) as one undo step (ui/ops records it)


    def as_dict(self) -> dict[str, Any]:
        return {"file": str(self.file), "sender": self.sender, "seq": self.seq, "level": self.level,
                "dry_run": self.dry_run, "already_imported": self.already, "kind": self.kind, **self.totals,
                "receipt": str(self.receipt) if self.receipt else None}


def receipt_path(package: Path) -> Path:
    return package.with_name(package.stem + ".回执.gorcpt")


def run(db: Database, path: Path, *, dry_run: bool = False, force: bool = False,
        receipt: Path | None = None, grid_code: str | None = None) -> Imported:
    """Import a package (or a household's move package: ``moving.receive``, into micro-grid
    ``grid_code`` if given). ``Imported.change`` is the undo step of a move; a package from
    the street or a village is undone by restoring the backup taken before it."""
    path = Path(path)
    checked = gates.check_package(db, path, force=force)
    manifest = checked.signed.manifest
    if not dry_run:
        keys.private_key(db)  # the receipt's key, made (or found missing) before anything is written
    if moving.is_move(manifest):
        return _move(db, path, checked, dry_run=dry_run, receipt=receipt, grid_code=grid_code)
    sender_role = str(manifest["office"].get("role", "village"))
    with bulk.building(), db.reading() as s:  # hundreds of thousands of rows: no collector passes
        the_plan = plan.make(s, checked.signed.members, checked.peer_uuid, sender_role)
    out = Imported(path, gates.office_text(manifest["office"]), checked.seq, str(manifest.get("level", "")),
                   dry_run, checked.already, the_plan.totals())
    if dry_run:
        return out
    if not checked.already:
        out.backup = backup.backup_before(db, "package")
        record = the_plan.size() <= undoing.UNDO_ROWS  # a whole street's package: the backup is its undo
        with bulk.building(), db.operation() as op:
            op.session.info["sync_applying"] = True
            with _page_cache(op.session, big=not record):
                _apply(op.session, the_plan, checked, op if record else None)
        out.totals = the_plan.totals()  # deletions that something here still needs were kept
        out.change = undoing.change_of(db, op.history if record else [], the_plan, out.sender, checked.seq)
    out.receipt = write_receipt(db, checked, out.totals, receipt or receipt_path(path))
    return out


BIG_CACHE_KIB = 256 * 1024


@contextlib.contextmanager
def _page_cache(s: Session, *, big: bool) -> Iterator[None]:
    """For a whole office's package, a page cache of 256 MB while it is written: the indexes of
    hundreds of thousands of new rows (uuids in random order) stay in memory instead of being
    read and written back page by page. SQLite only; the connection's own size is put back."""
    conn = s.connection()
    if not big or conn.dialect.name != "sqlite":
        yield
        return
    was = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{BIG_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(was or -2000)}")


def _move(db: Database, path: Path, checked: gates.Checked, *, dry_run: bool, receipt: Path | None,
          grid_code: str | None) -> Imported:
    manifest = checked.signed.manifest
    moving.check_destination(db, manifest, path)
    out = Imported(path, gates.office_text(manifest["office"]), checked.seq, str(manifest.get("level", "")),
                   dry_run, checked.already, kind=moving.KIND)
    if checked.already:
        out.totals = moving.receive(db, checked.signed, grid_code=grid_code, dry_run=True)[0]
        out.totals = {k: ({t: 0 for t in v} if isinstance(v, dict) else v) for k, v in out.totals.items()}
    else:
        out.totals, out.change = moving.receive(db, checked.signed, grid_code=grid_code, dry_run=dry_run)
    if dry_run:
        return out
    if not checked.already:
        with db.session() as s:
            s.add(SyncLog(direction="in", peer_uuid=checked.peer_uuid, seq=0, sha256=checked.signed.sha256,
                          at=dt.datetime.now().replace(microsecond=0), level=moving.KIND, full=True, upto={},
                          counts=dict(manifest.get("counts") or {})))
    out.receipt = write_receipt(db, checked, out.totals, receipt or receipt_path(path))
    return out


def _decoder(t: Travelling, ids: dict[str, dict[str, int]], decoders: dict[str, Any], columns: set[str],
             refs: dict[str, str]) -> Any:
    """A travelling dict → the row's values here (references as local ids), the per-column work
    decided once for the table."""
    steps: dict[str, tuple[int, Any]] = {}
    for name in columns:
        if name in refs:
            steps[name] = (1, ids[refs[name]])
        elif name in t.id_lists:
            steps[name] = (2, ids[t.id_lists[name]])
        elif name in decoders:
            steps[name] = (3, decoders[name])
        else:
            steps[name] = (0, None)

    def run(r: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for name, value in r.items():
            step = steps.get(name)
            if step is None:
                continue
            kind, how = step
            if kind == 1:
                value = how.get(value) if value else None
            elif kind == 2:
                value = [how[v] for v in (value or []) if v in how]
            elif kind == 3:
                value = how(value)
            out[name] = value
        return out

    return run


def _decode(t: Travelling, r: dict[str, Any], ids: dict[str, dict[str, int]], decoders: dict[str, Any],
            columns: set[str], refs: dict[str, str]) -> dict[str, Any]:
    return _decoder(t, ids, decoders, columns, refs)(r)


def _added_columns(t: Travelling, adds: list[dict[str, Any]], ids: dict[str, dict[str, int]],
                   decoders: dict[str, Any], columns: set[str], refs: dict[str, str],
                   own: list[str]) -> dict[str, list[Any]]:
    """The new rows' values here, column by column (references as local ids; a table's
    references to itself left empty, set once every row has its id)."""
    out: dict[str, list[Any]] = {}
    for name in adds[0]:  # a package's rows of a table all have the same keys
        if name not in columns:
            continue
        try:
            values = list(map(operator.itemgetter(name), adds))
        except KeyError:  # not in every row
            values = [r.get(name) for r in adds]
        if name in own:
            values = [None] * len(adds)
        elif name in refs:
            found = ids[refs[name]]
            values = [found.get(v) if v else None for v in values]
        elif name in t.id_lists:
            found = ids[t.id_lists[name]]
            values = [[found[v] for v in (x or []) if v in found] for x in values]
        elif name in decoders:
            values = list(map(decoders[name], values))
        out[name] = values
    out["change_seq"] = [None] * len(adds)  # as received rows always were: not a change made here
    return out


def _update_many(conn: Any, table: Any, changed: list[tuple[int, dict[str, Any]]]) -> None:
    """UPDATEs by id, one executemany per set of columns changed."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for rid, v in changed:
        groups.setdefault(tuple(v), []).append({"_rid": rid, **{f"v_{k}": x for k, x in v.items()}})
    for names, params in groups.items():
        stmt = update(table).where(table.c.id == bindparam("_rid")).values(
            {k: bindparam(f"v_{k}", type_=table.c[k].type) for k in names})
        conn.execute(stmt, params)


_BASE_JSON = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":")).encode
AUDIT_PER_ROW = 2000  # more rows of one table in one package: one audit event for them all


def _audit(s: Session, table: str, action: str, row_ids: list[int], note: str, first: int | None = None) -> None:
    """One audit event per row for a delta; for a big package (a whole office's rows) one event
    per table and action: the package (office, number, hash), the count and, for new rows, their
    ids (new rows get consecutive ids)."""
    if len(row_ids) <= AUDIT_PER_ROW:
        audit.record_rows(s, table, action, row_ids, note)
        return
    if first is not None and row_ids and min(row_ids) == first and max(row_ids) == first + len(row_ids) - 1:
        text = tr("{package}：{n} 行，编号 {first}–{last}").format(package=note, n=len(row_ids), first=first,
                                                              last=first + len(row_ids) - 1)
    else:
        text = tr("{package}：{n} 行").format(package=note, n=len(row_ids))
    audit.record_summary(s, table, action, text)


def _apply(s: Session, the_plan: plan.Plan, checked: gates.Checked, op: history.Operation | None = None) -> None:
    """Write the plan. With ``op``, every Core write is recorded in its history (the undo)."""
    conn = s.connection()
    sender, manifest = checked.peer_uuid, checked.signed.manifest
    note = f"package {manifest['office'].get('code') or sender[:8]} #{checked.seq} {checked.signed.sha256[:12]}"
    ids = rows.ids_for(s, the_plan.wanted)
    adding = sum(len(p.add) for p in the_plan.tables.values())
    known = conn.execute(select(func.count()).select_from(SyncRow.__table__)).scalar() if adding > DEFER_INDEXES else 0
    with _indexes_after(conn, "sync_row", adding > max(DEFER_INDEXES, 4 * (known or 0))):
        _write(s, conn, the_plan, ids, sender, note, op)
    labels = rows.Labels()  # the deletions kept below, named for the clerk in one go
    for t in reversed(TRAVELLING):
        p = the_plan.tables.get(t.name)
        if p is None or not p.delete:
            continue
        table = t.model.__table__  # type: ignore[attr-defined]
        done = []
        for rid, ident in p.delete:
            if _referenced(conn, t.name, rid):  # a row something here still refers to stays, with the reason
                entry = {"table": t.name, "uuid": ident,
                         "reason": tr("对方已删除这条记录，但本库还有别的记录引用它，暂时保留。")}
                labels.add(entry, t.name, conn.execute(select(table).where(table.c.id == rid)).mappings().first())
                p.refused.append(entry)
                continue
            if op is not None:
                op.deleting(table, table.c.id == rid)
                op.deleting(SyncRow, (SyncRow.table_name == t.name) & (SyncRow.uuid == ident))
            conn.execute(delete(table).where(table.c.id == rid))
            conn.execute(delete(SyncRow.__table__).where(SyncRow.table_name == t.name, SyncRow.uuid == ident))
            done.append((rid, ident))
        p.delete[:] = done
        _audit(s, t.name, "delete", [rid for rid, _u in done], note)
    labels.fill(s)
    _aggregate(s, checked, op)
    now = dt.datetime.now().replace(microsecond=0)
    peer = s.execute(select(SyncPeer).where(SyncPeer.db_uuid == sender)).scalar_one()
    if not checked.retired:  # an old key's package, forced in after a rekey, leaves the numbering be
        peer.last_seq = max(peer.last_seq, checked.seq)
    peer.last_at = now
    peer.last_counts = dict(manifest.get("counts") or {})
    peer.office_name = str(manifest["office"].get("name") or peer.office_name)[:100]
    peer.office_code = str(manifest["office"].get("code") or peer.office_code)[:12]
    s.add(SyncLog(direction="in", peer_uuid=sender, seq=checked.seq, sha256=checked.signed.sha256, at=now,
                  level=str(manifest.get("level", "")), full=bool(manifest.get("full")),
                  upto=dict(manifest.get("upto") or {}), counts=dict(manifest.get("counts") or {})))


def _write(s: Session, conn: Any, the_plan: plan.Plan, ids: dict[str, dict[str, int]], sender: str, note: str,
           op: history.Operation | None) -> None:
    """The plan's new and changed rows, table by table (parents first), with their sync rows."""
    for t in TRAVELLING:
        p = the_plan.tables.get(t.name)
        if p is None:
            continue
        table = t.model.__table__  # type: ignore[attr-defined]
        columns = {c.name for c in table.columns} - {"id"}
        refs, decoders = references(t.model), rows.decoder(t)
        own = [c for c, target in refs.items() if target == t.name]
        fields = rows.compared(t)
        if p.add:
            before = conn.execute(select(func.max(table.c.id))).scalar() or 0
            with _indexes_after(conn, t.name, len(p.add) > max(DEFER_INDEXES, 4 * before)):
                fastinsert.insert_columns(conn, table, _added_columns(t, p.add, ids, decoders, columns, refs, own))
            new = [r["uuid"] for r in p.add]
            # ids only grow, and this transaction holds the write lock: the new rows are those above
            ids[t.name].update(conn.execute(select(table.c.uuid, table.c.id).where(table.c.id > before)).all())
            for c in own:
                pairs = [{"rid": ids[t.name][r["uuid"]], "ref": ids[t.name].get(r.get(c))} for r in p.add if r.get(c)]  # type: ignore[arg-type]
                if pairs:
                    conn.execute(update(table).where(table.c.id == bindparam("rid"))
                                 .values({c: bindparam("ref")}), pairs)
            _audit(s, t.name, "insert", [ids[t.name][u] for u in new], note, first=before + 1)
            bases = [dict(zip(fields, map(r.get, fields), strict=True)) for r in p.add]
            received = {"table_name": [t.name] * len(new), "uuid": new, "peer_uuid": [sender] * len(new),
                        "version": [r.get("version", 1) for r in p.add], "base": bases,
                        "id_key": [r.get("id_key") for r in p.add]}
            sqlite = conn.dialect.name == "sqlite"  # there: the bases as JSON text, compact and unescaped
            fastinsert.insert_columns(conn, SyncRow.__table__,
                                      dict(received, base=list(map(_BASE_JSON, bases))) if sqlite else received,
                                      stored=frozenset({"base"}) if sqlite else frozenset())
            if op is not None:
                op.inserted(table, [ids[t.name][u] for u in new])
                op.history.extend(history.RowChange("sync_row", history.INSERT, (t.name, u), None,
                                                    dict(zip(received, values, strict=True)))
                                  for u, *values in zip(new, *received.values(), strict=True))  # as written
        changed = []
        for rid, take, r in p.update:
            v = _decode(t, take, ids, decoders, columns, refs)
            v.update(version=r.get("version", 1), modified_at=decoders["modified_at"](r.get("modified_at")),
                     modified_by=r.get("modified_by", ""))
            changed.append((rid, v))
        if op is not None and changed:
            op.updating(table, changed)
        _update_many(conn, table, changed)
        if p.update:
            _audit(s, t.name, "update", [rid for rid, _t, _r in p.update], note)
        if p.takeover:  # a move: the row is the sender's from now on
            conn.execute(update(SyncRow.__table__).where(SyncRow.table_name == t.name, SyncRow.uuid == bindparam("u"))
                         .values(peer_uuid=sender), [{"u": r["uuid"]} for r in p.takeover])
        moved = [r for _rid, _take, r in p.update] + p.rebase
        if moved:
            if op is not None:
                op.updating(SyncRow, [((t.name, r["uuid"]), {"version": r.get("version", 1),
                                                              "base": {f: r.get(f) for f in fields}}) for r in moved])
            conn.execute(update(SyncRow.__table__).where(SyncRow.table_name == t.name,
                                                         SyncRow.uuid == bindparam("u"))
                         .values(version=bindparam("v"), base=bindparam("b")),
                         [{"u": r["uuid"], "v": r.get("version", 1), "b": {f: r.get(f) for f in fields}} for r in moved])
        if p.conflicts:  # through the ORM: few, and recorded like any row
            s.add_all([SyncConflict(peer_uuid=sender, table_name=t.name, uuid=c["uuid"], field=c["field"],
                                    ours=json.dumps(c["ours"], ensure_ascii=False),
                                    theirs=json.dumps(c["theirs"], ensure_ascii=False),
                                    created_at=dt.datetime.now().replace(microsecond=0), resolution="")
                       for c in p.conflicts])


DEFER_INDEXES = 20_000  # more new rows than this, and more than 4× what a table holds: its indexes after


@contextlib.contextmanager
def _indexes_after(conn: Any, name: str, defer: bool) -> Iterator[None]:
    """Many rows into a (nearly) empty table: its plain indexes dropped before and made again
    after, in the same transaction (one sort instead of a B-tree insert per row and index).
    Unique indexes stay: they check the rows as they come. SQLite only."""
    if not defer or conn.dialect.name != "sqlite":
        yield
        return
    made = conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
                                " AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'", (name,)).all()
    for index, _sql in made:
        conn.exec_driver_sql(f'DROP INDEX "{index}"')
    yield
    for _index, sql in made:
        conn.exec_driver_sql(sql)


def _referenced(conn: Any, name: str, rid: int) -> bool:
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == name for fk in column.foreign_keys):
                if conn.execute(select(column).where(column == rid).limit(1)).first() is not None:
                    return True
    return False


def _aggregate(s: Session, checked: gates.Checked, op: history.Operation | None = None) -> None:
    data = checked.signed.members.get("counts.jsonl")
    if not data:
        return
    lines = rows.loads_lines(data)
    table = SyncAggregate.__table__
    periods = {line["period"] for line in lines}
    for period in periods:
        if op is not None:
            op.deleting(table, (table.c.peer_uuid == checked.peer_uuid) & (table.c.period == period))
        s.execute(delete(table).where(table.c.peer_uuid == checked.peer_uuid, table.c.period == period))
    if lines:
        s.execute(insert(table), [dict(peer_uuid=checked.peer_uuid, grid_uuid=x["grid_uuid"], grid_code=x["grid_code"],
                                       grid_name=x["grid_name"], period=x["period"], counts=x["counts"]) for x in lines])
        if op is not None:
            op.inserted(table, s.execute(select(table.c.id).where(table.c.peer_uuid == checked.peer_uuid,
                                                                  table.c.period.in_(periods))).scalars().all())


def write_receipt(db: Database, checked: gates.Checked, totals: dict[str, Any], target: Path) -> Path:
    key = keys.private_key(db)
    manifest = {"format": pkgfile.RECEIPT_FORMAT, "office": rows.office(db, keys.public_hex(key)),
                "package": {"sender": checked.peer_uuid, "seq": checked.seq, "sha256": checked.signed.sha256},
                "result": {**totals, "refused": rows.without_records(totals.get("refused") or [])}, "at": rows.plain(dt.datetime.now().replace(microsecond=0))}
    pkgfile.write(target, manifest, {}, key, db=db)
    return target
