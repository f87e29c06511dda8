"""What one operation changed, row by row, and how to write its inverse.

``Database.operation()`` opens one session in one transaction and collects, from the ORM's
flush (the same history store/audit.py reads), one :class:`RowChange` per row written, in the
order the database saw them: the whole row for an insert or a delete, the old and new value of
each changed field for an update. Bulk Core writes inside an operation say what they did with
:meth:`Operation.inserted` / :meth:`Operation.deleting`, so the record is complete.

The inverse of a history is the reversed list of inverted changes (an insert becomes a delete of
the same row, an update swaps old and new); :meth:`Operation.apply` writes a history with Core
statements in batches (an undo of 20,000 list rows is a few statements) and records it, so the
inverse of an undo is again derived — that is the redo.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from sqlalchemy import (
    Table,
    and_,
    bindparam,
    delete,
    event,
    insert,
    inspect,
    select,
    tuple_,
    update,
)
from sqlalchemy.orm import Mapper, Session, object_session
from sqlalchemy.orm.base import NO_VALUE
from sqlmodel import Session as ModelSession
from sqlmodel import SQLModel

from gridoffice.i18n import tr
from gridoffice.store.errors import StoreError
from gridoffice.store.travel import SYNC_FIELDS

INSERT, UPDATE, DELETE = "insert", "update", "delete"
_INVERSE = {INSERT: DELETE, DELETE: INSERT, UPDATE: UPDATE}
_KEY = "history"
_CHUNK = 400
_installed = False


class HistoryConflict(StoreError):
    """The rows an undo (or redo) would write have changed or gone since."""


@dataclass(frozen=True)
class RowChange:
    table: str
    action: str  # insert / update / delete
    key: tuple[Any, ...]  # primary key values
    before: dict[str, Any] | None  # delete: the whole row; update: the old values of changed fields
    after: dict[str, Any] | None  # insert: the whole row; update: the new values
    grid_id: int | None = None  # an updated row's grid (when it has one), for a refresh

    def inverted(self) -> RowChange:
        return RowChange(self.table, _INVERSE[self.action], self.key, self.after, self.before, self.grid_id)

    def values(self) -> dict[str, Any]:
        """Every field value this change mentions (new ones over old ones)."""
        return {**(self.before or {}), **(self.after or {})}


def inverse(history: Sequence[RowChange]) -> list[RowChange]:
    return [c.inverted() for c in reversed(history)]


def _table(name: str) -> Table:
    return SQLModel.metadata.tables[name]


def _pk_names(table: Table) -> list[str]:
    return [c.key for c in table.primary_key.columns]


def _where_keys(table: Table, keys: Sequence[tuple[Any, ...]]) -> Any:
    cols = list(table.primary_key.columns)
    if len(cols) == 1:
        return cols[0].in_([k[0] for k in keys])
    return tuple_(*cols).in_(keys)


@dataclass
class Operation:
    """One session and the history of what it wrote (``Database.operation()``)."""

    session: ModelSession  # the Database's sessions are SQLModel's (``exec`` for typed reads)
    history: list[RowChange] = field(default_factory=list)

    def inserted(self, table: Table | type[SQLModel], ids: Iterable[Any]) -> None:
        """Record rows a Core ``insert`` just wrote (read back whole, for the redo); ``ids`` are
        primary keys (tuples for a table keyed by several columns)."""
        table = _as_table(table)
        keys = [i if isinstance(i, tuple) else (i,) for i in ids]
        for rows in _chunks(keys):
            found = {tuple(r[k] for k in _pk_names(table)): dict(r) for r in self.session.connection()
                     .execute(select(table).where(_where_keys(table, rows))).mappings()}
            self.history.extend(RowChange(table.name, INSERT, k, None, found[k]) for k in rows)

    def updating(self, table: Table | type[SQLModel], changes: Sequence[tuple[Any, dict[str, Any]]]) -> None:
        """Record rows a Core ``update`` is about to write (call before it): (primary key, new
        values) each; the old values are read now. The exchange columns are left to the undo."""
        table = _as_table(table)
        names = _pk_names(table)
        wanted = [(k if isinstance(k, tuple) else (k,), v) for k, v in changes]
        for part in _chunks(wanted):
            found = {tuple(r[k] for k in names): r for r in self.session.connection()
                     .execute(select(table).where(_where_keys(table, [k for k, _v in part]))).mappings()}
            for key, values in part:
                row = found[key]
                after = {f: v for f, v in values.items() if f not in SYNC_FIELDS and row[f] != v}
                if after:
                    grid = row.get("grid_id")
                    self.history.append(RowChange(table.name, UPDATE, key, {f: row[f] for f in after}, after,
                                                  grid if isinstance(grid, int) else None))

    def deleting(self, table: Table | type[SQLModel], whereclause: Any) -> list[Any]:
        """Record the rows a Core ``delete`` is about to remove (call before it); their ids."""
        table = _as_table(table)
        names = _pk_names(table)
        rows = [dict(r) for r in self.session.connection().execute(select(table).where(whereclause)).mappings()]
        for r in rows:
            self.history.append(RowChange(table.name, DELETE, tuple(r[k] for k in names), r, None))
        return [r[names[0]] for r in rows]

    def apply(self, changes: Sequence[RowChange]) -> None:
        """Write ``changes`` (an inverse history) in batches, and record them as this
        operation's history. A row that is no longer as the history left it is refused."""
        write(self.session, changes, check=True)


def write(session: Session, changes: Sequence[RowChange], *, check: bool = False) -> None:
    """Write ``changes`` with Core statements in batches, audit them field by field, and add
    them to the session's operation history when it has one. Refused (HistoryConflict) when a
    row to change or delete is not there, or (``check``) no longer holds the values the change
    starts from (someone changed it since: an undo must not wipe out later work)."""
    from gridoffice.store import audit, versioning

    recorded = session.info.get(_KEY)
    for (name, action), group in groupby(changes, key=lambda c: (c.table, c.action)):
        batch = list(group)
        table = _table(name)
        conn = session.connection()
        if check and action != INSERT:
            _check_current(conn, table, batch)
        # the exchange columns (issue 19): tombstones, rows sent again, versions
        rows = versioning.core_written(conn, table, action, [c.key for c in batch],
                                       [c.after or {} for c in batch] if action == INSERT else [],
                                       session.info.get("operator", ""),
                                       tombstones=not session.info.get(versioning.NO_TOMBSTONES))
        if action == INSERT:
            for part in _chunks(rows):
                conn.execute(insert(table), list(part))
        elif action == DELETE:
            for part in _chunks(batch):
                done = conn.execute(delete(table).where(_where_keys(table, [c.key for c in part])))
                if done.rowcount != len(part):
                    raise _gone()
        else:
            names = _pk_names(table)
            for fields, same in groupby(batch, key=lambda c: tuple(sorted(c.after or {}))):
                rows = list(same)  # type: ignore[arg-type]
                stmt = update(table).where(and_(*(table.c[k] == bindparam("_k_" + k) for k in names))) \
                    .values({f: bindparam("_v_" + f) for f in fields})
                params = [{**{"_k_" + k: v for k, v in zip(names, c.key, strict=True)},  # type: ignore[attr-defined]
                           **{"_v_" + f: (c.after or {})[f] for f in fields}} for c in rows]  # type: ignore[attr-defined]
                for part in _chunks(params):
                    done = conn.execute(stmt, part)
                    if done.rowcount not in (-1, len(part)):
                        raise _gone()
        if recorded is not None:
            recorded.extend(batch)
        audit.record_changes(session, batch)


def _check_current(conn: Any, table: Table, batch: Sequence[RowChange]) -> None:
    names = _pk_names(table)
    for part in _chunks(batch):
        found = {tuple(r[k] for k in names): r for r in conn.execute(
            select(table).where(_where_keys(table, [c.key for c in part]))).mappings()}
        for c in part:
            row = found.get(tuple(c.key))
            if row is None:
                raise _gone()
            if any(_differs(row[k], v) for k, v in (c.before or {}).items() if k in row and k not in SYNC_FIELDS):
                raise HistoryConflict(tr("这一步之后，相关记录又被改动过（如登记了发放、修改了信息），"
                                         "不能再撤销这一步。"), f"{table.name} {c.key}")


def _differs(now: Any, then: Any) -> bool:
    return now != then and not (now in (None, "") and then in (None, ""))


def _gone() -> HistoryConflict:
    return HistoryConflict(tr("要撤销的记录已被删除或改动，不能撤销这一步。"))


def _as_table(table: Table | type[SQLModel]) -> Table:
    return table if isinstance(table, Table) else table.__table__  # type: ignore[attr-defined]


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]


# -- collecting the ORM's flush -----------------------------------------------------------------

def _target(obj: Any) -> tuple[list[RowChange], Any] | None:
    session = object_session(obj)
    if session is None:
        return None
    history = session.info.get(_KEY)
    return None if history is None else (history, inspect(obj))


def _row(state: Any) -> dict[str, Any]:
    return {a.key: state.dict[a.key] for a in state.mapper.column_attrs if a.key in state.dict}


def _key(state: Any) -> tuple[Any, ...]:
    return tuple(state.mapper.primary_key_from_instance(state.obj()))


def _table_name(state: Any) -> str:
    return str(state.mapper.local_table.name)


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    """Old values the session never loaded (a field set without being read) are read now,
    before the flush overwrites them; and a row to be deleted is loaded whole."""
    if _KEY not in session.info:
        return
    for obj in session.dirty:
        state = inspect(obj)
        missing = [k for k, v in state.committed_state.items() if v is NO_VALUE
                   and k in state.mapper.columns]
        if missing and state.key is not None:
            table = state.mapper.local_table
            names = _pk_names(table)
            row = session.connection().execute(
                select(*(table.c[state.mapper.columns[k].key] for k in missing))
                .where(and_(*(table.c[n] == v for n, v in zip(names, _key(state), strict=True))))).first()
            if row is not None:
                for k, v in zip(missing, row, strict=True):
                    state.committed_state[k] = v
    for obj in session.deleted:
        state = inspect(obj)
        unloaded = state.unloaded & {a.key for a in state.mapper.column_attrs}
        if unloaded:
            state.session.refresh(obj, attribute_names=list(unloaded))


def _after_insert(_mapper: Mapper[Any], _conn: Any, obj: Any) -> None:
    found = _target(obj)
    if found:
        history, state = found
        history.append(RowChange(_table_name(state), INSERT, _key(state), None, _row(state)))


def _after_update(_mapper: Mapper[Any], _conn: Any, obj: Any) -> None:
    found = _target(obj)
    if not found:
        return
    history, state = found
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in SYNC_FIELDS:  # kept by store/versioning on every write, undo's included
            continue
        hist = state.attrs[attr.key].history
        if not hist.added:
            continue
        old = hist.deleted[0] if hist.deleted else None
        new = hist.added[0]
        if old == new:
            continue
        before[attr.key], after[attr.key] = old, new
    if after:
        grid = state.dict.get("grid_id")
        history.append(RowChange(_table_name(state), UPDATE, _key(state), before, after,
                                 grid if isinstance(grid, int) else None))


def _after_delete(_mapper: Mapper[Any], _conn: Any, obj: Any) -> None:
    found = _target(obj)
    if found:
        history, state = found
        history.append(RowChange(_table_name(state), DELETE, _key(state), _row(state), None))


def begin(session: ModelSession) -> Operation:
    install()
    op_history: list[RowChange] = []
    session.info[_KEY] = op_history
    return Operation(session, op_history)


def install() -> None:
    global _installed
    if not _installed:
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Mapper, "after_insert", _after_insert)
        event.listen(Mapper, "after_update", _after_update)
        event.listen(Mapper, "after_delete", _after_delete)
        _installed = True
