"""A package import as one undo step (the GUI's 导入). The import records every row it writes in
the operation history (``importing._apply`` with ``op``); its undo writes the inverse like any
operation's, with one difference: rows the import added and the undo removes leave no tombstone
— they were never this office's to delete, and the same package imported again must add them
again. A package larger than ``UNDO_ROWS`` rows is not kept for undo (the backup taken before
the import is its way back), as the roster import keeps its own limits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete

from gridoffice.i18n import tr
from gridoffice.services.changes import Change, derive
from gridoffice.store import Database
from gridoffice.store.history import INSERT, RowChange, inverse
from gridoffice.store.models import Tombstone
from gridoffice.store.travel import NAMES

UNDO_ROWS = 50_000


def change_of(db: Database, history: Sequence[RowChange], the_plan: Any, sender: str, seq: int) -> Change:
    added = {(c.table, str((c.after or {}).get("uuid"))) for c in history
             if c.action == INSERT and c.table in NAMES and (c.after or {}).get("uuid")}
    text = tr("导入 {office} 第 {seq} 号数据包").format(office=sender, seq=seq)
    change = _undoable(db, list(history), text, tr("撤销：") + text, added)
    if not history:  # nothing recorded (too large): the tables still refresh
        change = Change.of(text, tables=the_plan.tables.keys() | {"sync_peer", "sync_log", "sync_conflict"})
    return change


def _undoable(db: Database, history: list[RowChange], description: str, undo_description: str,
              added: set[tuple[str, str]]) -> Change:
    base = derive(db, history, description, undo_description)
    if not history:
        return base

    def undo() -> Change:
        with db.operation() as op:
            op.apply(inverse(history))
            _forget(op.session.connection(), added)
        return _undoable(db, list(op.history), undo_description, description, added)

    return Change(base.description, base.tables, base.rows, undo, base.grids)


def _forget(conn: Any, added: set[tuple[str, str]]) -> None:
    """No tombstones for the rows the import had added (an undo removed them)."""
    stones = Tombstone.__table__
    by_table: dict[str, list[str]] = {}
    for table, ident in added:
        by_table.setdefault(table, []).append(ident)
    for table, uuids in by_table.items():
        for i in range(0, len(uuids), 500):
            conn.execute(delete(stones).where(stones.c.table_name == table, stones.c.uuid.in_(uuids[i:i + 500])))
