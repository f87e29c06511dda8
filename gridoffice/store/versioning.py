"""Keeps the exchange columns of travelling rows (see ``store/travel.py``): a flush listener of
its own, beside the audit trail's. New rows get a uuid, changed rows version + 1, every changed
row who/when and this flush's change number; a deleted row leaves a tombstone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, event, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from gridoffice.store.models import Setting, Tombstone, new_uuid
from gridoffice.store.travel import NAMES, SYNC_FIELDS

SEQ_KEY = "sync.change_seq"
NO_TOMBSTONES = "sync_no_tombstones"  # session.info: an undo of a package import deletes rows it had added
_installed = False


def next_change(conn: Connection) -> int:
    """Take the next change number (one per flush or bulk write). The UPDATE comes first so the
    write lock is held before the number is read: two writers never get the same one."""
    table = Setting.__table__
    done = conn.execute(update(table).where(table.c.key == SEQ_KEY)
                        .values(value=(table.c.value.cast(_int()) + 1).cast(_text())))
    if done.rowcount == 0:
        conn.execute(insert(table).values(key=SEQ_KEY, value="1"))
        return 1
    return int(conn.execute(select(table.c.value).where(table.c.key == SEQ_KEY)).scalar_one())


def current_change(conn: Connection) -> int:
    table = Setting.__table__
    value = conn.execute(select(table.c.value).where(table.c.key == SEQ_KEY)).scalar()
    return int(value or 0)


def _int() -> Any:
    from sqlalchemy import Integer

    return Integer()


def _text() -> Any:
    from sqlalchemy import String

    return String()


def _travels(obj: object) -> bool:
    return getattr(obj, "__tablename__", None) in NAMES


def _changed(session: Session, obj: object) -> bool:
    from sqlalchemy import inspect

    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        if attr.key in SYNC_FIELDS:
            continue
        if state.attrs[attr.key].history.has_changes():
            return True
    return False


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    if session.info.get("sync_applying"):
        return  # an import sets these columns itself
    new = [o for o in session.new if _travels(o)]
    dirty = [o for o in session.dirty if _travels(o) and _changed(session, o)]
    gone = [o for o in session.deleted if _travels(o)]
    if not (new or dirty or gone):
        return
    conn = session.connection()
    seq = next_change(conn)
    now = dt.datetime.now().replace(microsecond=0)
    operator = session.info.get("operator", "")
    for obj in new:
        if not obj.uuid:
            obj.uuid = new_uuid()
        obj.modified_at, obj.modified_by, obj.change_seq = now, operator, seq
    for obj in dirty:
        obj.version = (obj.version or 0) + 1
        obj.modified_at, obj.modified_by, obj.change_seq = now, operator, seq
    if new:  # a row put back (undo of a deletion) is no longer deleted
        back = [(o.__tablename__, o.uuid) for o in new]
        for table, ident in back:
            conn.execute(delete(Tombstone.__table__).where(Tombstone.table_name == table, Tombstone.uuid == ident))
    if gone:
        tomb(conn, [(o.__tablename__, o.uuid, o.version) for o in gone],
             operator, seq, now)


def tomb(conn: Connection, rows: list[tuple[str, str | None, int | None]], operator: str, seq: int,
         now: dt.datetime | None = None) -> None:
    """Tombstones for deleted rows (also for bulk deletions, which call this themselves)."""
    now = now or dt.datetime.now().replace(microsecond=0)
    table = Tombstone.__table__
    for name, ident, version in rows:
        if not ident:
            continue
        conn.execute(delete(table).where(table.c.table_name == name, table.c.uuid == ident))
        conn.execute(insert(table).values(table_name=name, uuid=ident, version=(version or 0) + 1,
                                          deleted_at=now, deleted_by=operator, change_seq=seq))


def tomb_where(conn: Connection, model: Any, where: Any, operator: str) -> None:
    """Before a bulk (Core) deletion of travelling rows: their tombstones (none for a table
    that does not travel)."""
    table = model.__table__
    if table.name not in NAMES:
        return
    found = conn.execute(select(table.c.uuid, table.c.version).where(where)).all()
    if found:
        tomb(conn, [(table.name, u, v) for u, v in found], operator, next_change(conn))


def restored(conn: Connection, model: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows put back with Core (an undo): no longer deleted, and sent again by the next package."""
    table = model.__table__
    uuids = [r["uuid"] for r in rows if r.get("uuid")]
    for i in range(0, len(uuids), 500):
        conn.execute(delete(Tombstone.__table__).where(Tombstone.table_name == table.name,
                                                        Tombstone.uuid.in_(uuids[i:i + 500])))
    return [{**r, "change_seq": None} if "change_seq" in r else r for r in rows]


def touch(conn: Connection, model: Any, ids: list[int], operator: str) -> None:
    """A bulk (Core) update of travelling rows: bump them as the listener would."""
    if not ids:
        return
    seq = next_change(conn)
    now = dt.datetime.now().replace(microsecond=0)
    table = model.__table__
    for i in range(0, len(ids), 500):
        conn.execute(update(table).where(table.c.id.in_(ids[i:i + 500])).values(
            version=table.c.version + 1, modified_at=now, modified_by=operator, change_seq=seq))


def install() -> None:
    global _installed
    if not _installed:
        event.listen(Session, "before_flush", _before_flush)
        _installed = True


def core_written(conn: Connection, table: Any, action: str, keys: list[tuple[Any, ...]],
                 rows: list[dict[str, Any]], operator: str, *, tombstones: bool = True) -> list[dict[str, Any]]:
    """A history write (undo / redo of an operation, store/history.py) with Core statements:
    keep the exchange columns as the flush listener would. Call before the statement; returns
    the rows to insert. ``delete``: tombstones for the rows about to go; ``insert``: rows put back
    lose their tombstones and are sent again; ``update``: version + 1 and a new change number."""
    if table.name not in NAMES:
        return rows
    ids = [k[0] for k in keys]
    if action == "delete":
        if not tombstones:  # rows received and taken back (the undo of an import): not ours to delete
            return rows
        for i in range(0, len(ids), 500):
            tomb_where(conn, _Model(table), table.c.id.in_(ids[i:i + 500]), operator)
        return rows
    if action == "insert":
        return restored(conn, _Model(table), rows)
    touch(conn, _Model(table), ids, operator)
    return rows


class _Model:
    """What tomb_where / restored need of a model: its table."""

    def __init__(self, table: Any) -> None:
        self.__table__ = table
