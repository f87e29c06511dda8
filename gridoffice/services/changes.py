"""What a service call changed, and how to take it back.

Every service that writes returns a ``Change``: the tables and rows it touched (so views
refresh only those), a description for the undo menu, and an ``undo`` callable that performs
the inverse *through services* and returns the inverse ``Change`` (whose ``undo`` is the redo).
The GUI wraps it in a QUndoCommand (ui/undo.py); the CLI ignores ``undo``.

    change = roster.rename_person(db, pid, "王秀英")
    inverse = change.undo()      # back to the old name
    again = inverse.undo()       # redo
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Change:
    description: str
    tables: frozenset[str]
    rows: dict[str, frozenset[int]] = field(default_factory=dict)
    undo: Callable[[], Change] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, description: str, rows: dict[str, Iterable[int]] | None = None,
           tables: Iterable[str] = (), undo: Callable[[], Change] | None = None) -> Change:
        row_sets = {t: frozenset(ids) for t, ids in (rows or {}).items()}
        return cls(description, frozenset(tables) | frozenset(row_sets), row_sets, undo)

    @property
    def undoable(self) -> bool:
        return self.undo is not None

    def merged(self, other: Change, description: str | None = None) -> Change:
        """One change made of two (the undo takes back ``other`` then ``self``)."""
        rows = {t: self.rows.get(t, frozenset()) | other.rows.get(t, frozenset())
                for t in set(self.rows) | set(other.rows)}

        def undo() -> Change:
            assert other.undo is not None and self.undo is not None
            second = other.undo()
            first = self.undo()
            return second.merged(first, description or self.description)

        can_undo = self.undo is not None and other.undo is not None
        return Change(description or self.description, self.tables | other.tables, rows,
                      undo if can_undo else None)


def run_undo(change: Change) -> Change:
    """Apply ``change.undo``; a database refusal (the value was reused, the row is gone) comes
    back as a StoreError with a sentence, so callers handle one error family."""
    from sqlalchemy.exc import DBAPIError

    from gridoffice.store.errors import translate

    assert change.undo is not None
    try:
        return change.undo()
    except DBAPIError as exc:
        known = translate(exc)
        if known is None:
            raise
        raise known from exc
