"""A package import as one undo step (the GUI's 导入). The import records every row it writes in
the operation history (``importing._apply`` with ``op``); its undo writes the inverse like any
operation's, with one difference: rows the import added and the undo removes leave no tombstone
(``versioning.NO_TOMBSTONES``) — they were never this office's to delete, and the same package
imported again must add them again (the import's own deletions leave none either). A package
larger than ``UNDO_ROWS`` rows is not kept for undo (the backup taken before the import is its
way back): recording reads every row written back, and an undo holds them all in memory."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gridoffice.i18n import tr
from gridoffice.services.changes import Change, derive
from gridoffice.store import Database
from gridoffice.store.history import RowChange, inverse
from gridoffice.store.versioning import NO_TOMBSTONES

UNDO_ROWS = 50_000


def change_of(db: Database, history: Sequence[RowChange], the_plan: Any, sender: str, seq: int) -> Change:
    text = tr("导入 {office} 第 {seq} 号数据包").format(office=sender, seq=seq)
    if not history:  # nothing recorded (too large): the tables still refresh
        return Change.of(text, tables=the_plan.tables.keys() | {"sync_peer", "sync_log", "sync_conflict"})
    return _undoable(db, list(history), text, tr("撤销：") + text)


def _undoable(db: Database, history: list[RowChange], description: str, undo_description: str) -> Change:
    base = derive(db, history, description, undo_description)

    def undo() -> Change:
        with db.operation() as op:
            op.session.info[NO_TOMBSTONES] = True
            op.apply(inverse(history))
        return _undoable(db, list(op.history), undo_description, description)

    return Change(base.description, base.tables, base.rows, undo, base.grids)
