"""The audit trail: every ORM change records when, operator, table, row, field, old and new,
in the same transaction as the change. Bulk Core writes (import) call :func:`record_rows`."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from gridoffice.store.models import AuditEvent, Setting

_SKIP_TABLES = {AuditEvent.__tablename__, Setting.__tablename__}
_SKIP_FIELDS = {"updated_at", "created_at", "name_pinyin", "name_initials",
                "version", "modified_at", "modified_by", "change_seq"}  # the exchange's (store/versioning.py)
_installed = False


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _row_id(obj: SQLModel) -> int | None:
    """The row's id (also for a row just inserted, whose identity key is not set yet)."""
    ident = inspect(obj).mapper.primary_key_from_instance(obj)
    if ident and len(ident) == 1 and isinstance(ident[0], int):
        return ident[0]
    return None


def _values(obj: SQLModel) -> str | None:
    """The row's non-empty values as JSON: what an inserted row held, or a deleted one (so a
    record removed by mistake can be read back from the trail)."""
    state = inspect(obj)
    # what is loaded; never a lazy load inside a flush
    return _json_row({a.key: state.dict.get(a.key) for a in state.mapper.column_attrs})


def _json_row(row: dict[str, Any]) -> str | None:
    values = {k: v for k, v in row.items() if k not in _SKIP_FIELDS and k != "id"
              and not (v is None or v == "" or v is False or v in ({}, []))}
    if not values:
        return None
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=_text)


def _after_flush(session: Session, _ctx: Any) -> None:
    operator = session.info.get("operator", "")
    now = dt.datetime.now().replace(microsecond=0)
    rows: list[dict[str, Any]] = []
    for obj in session.new:
        table = getattr(obj, "__tablename__", None)
        if table is None or table in _SKIP_TABLES:
            continue
        rows.append(dict(at=now, operator=operator, action="insert", table_name=table,
                         row_id=_row_id(obj), field="", old=None, new=_values(obj)))
    for obj in session.dirty:
        table = getattr(obj, "__tablename__", None)
        if table is None or table in _SKIP_TABLES or not session.is_modified(obj):
            continue
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            if attr.key in _SKIP_FIELDS:
                continue
            hist = state.attrs[attr.key].history
            if not hist.has_changes():
                continue
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if _text(old) == _text(new):
                continue
            rows.append(dict(at=now, operator=operator, action="update", table_name=table,
                             row_id=_row_id(obj), field=attr.key, old=_text(old), new=_text(new)))
    for obj in session.deleted:
        table = getattr(obj, "__tablename__", None)
        if table is None or table in _SKIP_TABLES:
            continue
        rows.append(dict(at=now, operator=operator, action="delete", table_name=table,
                         row_id=_row_id(obj), field="", old=_values(obj), new=None))
    if rows:
        session.connection().execute(insert(AuditEvent.__table__), rows)


def record_rows(session: Session, table: str, action: str, row_ids: list[int], note: str = "") -> None:
    """Audit rows written with Core (bulk import): one event per row."""
    if not row_ids:
        return
    now = dt.datetime.now().replace(microsecond=0)
    operator = session.info.get("operator", "")
    from gridoffice.store.fastinsert import insert_many

    insert_many(session.connection(), AuditEvent.__table__,
                [dict(at=now, operator=operator, action=action, table_name=table, row_id=rid,
                      field="", old=None, new=note or None) for rid in row_ids])


def record_summary(session: Session, table: str, action: str, text: str) -> None:
    """One event for many rows written with Core at once (a whole office's package): the table,
    the action and ``text`` (what wrote them, how many, which ids) instead of one event per row."""
    session.connection().execute(insert(AuditEvent.__table__), [dict(
        at=dt.datetime.now().replace(microsecond=0), operator=session.info.get("operator", ""), action=action,
        table_name=table, row_id=None, field="", old=None, new=text)])


def record_changes(session: Session, changes: list[Any]) -> None:
    """Audit rows an operation wrote with Core (an undo or redo: ``store.history.RowChange``),
    field by field as the ORM's are."""
    now = dt.datetime.now().replace(microsecond=0)
    operator = session.info.get("operator", "")
    rows: list[dict[str, Any]] = []
    for c in changes:
        if c.table in _SKIP_TABLES:
            continue
        base = dict(at=now, operator=operator, action=c.action, table_name=c.table,
                    row_id=c.key[0] if len(c.key) == 1 and isinstance(c.key[0], int) else None)
        if c.action == "update":
            rows.extend(dict(base, field=k, old=_text(c.before.get(k)), new=_text(v))
                        for k, v in c.after.items() if k not in _SKIP_FIELDS)
        else:
            rows.append(dict(base, field="", old=_json_row(c.before) if c.before else None,
                             new=_json_row(c.after) if c.after else None))
    if rows:
        session.connection().execute(insert(AuditEvent.__table__), rows)


def install() -> None:
    global _installed
    if not _installed:
        event.listen(Session, "after_flush", _after_flush)
        _installed = True
