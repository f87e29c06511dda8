"""The conflicts waiting for review (``package conflicts``) and their resolution
(``package resolve ID --keep ours|theirs``): nothing is dropped or overwritten silently."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select

from gridoffice.i18n import tr
from gridoffice.services.changes import Change, operation
from gridoffice.services.exchange import ExchangeError, hints, rows
from gridoffice.services.field_labels import field_label, table_label
from gridoffice.store import Database
from gridoffice.store.models import SyncConflict, SyncPeer
from gridoffice.store.travel import BY_NAME, references


def open_conflicts(db: Database) -> list[dict[str, Any]]:
    with db.reading() as s:
        peers = dict(s.execute(select(SyncPeer.db_uuid, SyncPeer.office_name)).all())
        found = s.execute(select(SyncConflict).where(SyncConflict.resolved_at.is_(None))
                          .order_by(SyncConflict.id)).scalars().all()
        out = [{"id": c.id, "table": c.table_name, "table_label": table_label(c.table_name), "uuid": c.uuid,
                "field": c.field, "field_label": field_label(c.table_name, c.field), "ours": json.loads(c.ours or "null"),
                "theirs": json.loads(c.theirs or "null"), "from": peers.get(c.peer_uuid, c.peer_uuid[:8]),
                "created_at": rows.plain(c.created_at)} for c in found]
        _name_records(s, out)
        return out


def _name_records(s: Any, conflicts: list[dict[str, Any]]) -> None:
    """Which record each conflict is about, as a clerk would say it (a resident's name, a
    household's number, 张三 · 2026-10-15), or the row's number here: each record read once
    (a record's fields conflict one by one), the names behind them in a batch."""
    labels = rows.Labels()
    read: dict[tuple[str, str], Any] = {}
    for c in conflicts:
        key = (c["table"], c["uuid"])
        if key not in read:
            t = BY_NAME.get(c["table"])
            model = t.model.__table__ if t is not None else None  # type: ignore[attr-defined]
            read[key] = None if model is None else s.execute(
                select(model).where(model.c.uuid == c["uuid"])).mappings().first()
        labels.add(c, c["table"], read[key])
    labels.fill(s)
    for c in conflicts:
        row = read[(c["table"], c["uuid"])]
        if not c["record"] and row is not None:
            c["record"] = f"#{row['id']}"


def resolve(db: Database, conflict_id: int, keep: str) -> Change:
    """Keep our value or take theirs: one operation (one undo step in the GUI); the conflict is
    marked resolved in the same step, so its undo opens it again."""
    if keep not in ("ours", "theirs"):
        raise ExchangeError(tr("请选择保留本方的值或采用对方的值。"), **hints.cli_only(tr("（--keep ours 或 --keep theirs）")))
    text = tr("保留本方的值") if keep == "ours" else tr("采用对方的值")
    with operation(db, text) as op:
        s = op.session
        c = s.get(SyncConflict, conflict_id)
        if c is None or c.resolved_at is not None:
            raise ExchangeError(tr("没有待处理的冲突 {id}，它可能已经处理过了。").format(id=conflict_id),
                                **hints.cli_only(tr("待处理的冲突见 gridoffice package conflicts。")))
        t = BY_NAME[c.table_name]
        obj = s.execute(select(t.model).where(t.model.uuid == c.uuid)).scalar_one_or_none()  # type: ignore[attr-defined]
        if obj is None:
            raise ExchangeError(tr("冲突 {id} 所说的记录已不在本库。").format(id=conflict_id))
        if keep == "theirs":
            value = json.loads(c.theirs or "null")
            target = references(t.model).get(c.field)
            if target is not None and value is not None:
                model = BY_NAME[target].model
                value = s.execute(select(model.id).where(model.uuid == value)).scalar()  # type: ignore[attr-defined]
            else:
                value = rows.decoder(t).get(c.field, lambda v: v)(value)
            setattr(obj, c.field, value)  # an edit like any other: audited, versioned
        c.resolved_at, c.resolution = dt.datetime.now().replace(microsecond=0), keep
        op.description = tr("{what}：{table} {field}").format(what=text, table=table_label(c.table_name),
                                                            field=field_label(c.table_name, c.field))
        op.touch(c.table_name, [obj.id])
    return op.change
