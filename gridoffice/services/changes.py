"""What a service call changed, and how to take it back.

Every service that writes returns a ``Change``: the tables and rows it touched (so views
refresh only those), a description for the undo menu, and an ``undo`` callable that performs
the inverse *through services* and returns the inverse ``Change`` (whose ``undo`` is the redo).
The GUI wraps it in a QUndoCommand (ui/undo.py); the CLI ignores ``undo``.

    change = roster.rename_person(db, pid, "王秀英")
    inverse = change.undo()      # back to the old name
    again = inverse.undo()       # redo

A service writes inside ``operation``: one session, one transaction, and the Change (its rows,
tables and grids, and its undo) is derived from what the flush wrote (store/history.py), so no
service writes an undo by hand:

    with operation(db, tr("修改姓名")) as op:
        op.session.get(Person, pid).name = name
    return op.change
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gridoffice.i18n import tr

if TYPE_CHECKING:
    from sqlmodel import Session

    from gridoffice.store.database import Database
    from gridoffice.store.history import Operation as StoreOperation
    from gridoffice.store.history import RowChange


@dataclass(frozen=True)
class Change:
    description: str
    tables: frozenset[str]
    rows: dict[str, frozenset[int]] = field(default_factory=dict)
    undo: Callable[[], Change] | None = field(default=None, compare=False, repr=False)
    grids: frozenset[int] = frozenset()  # grids whose rows (or whose own row) changed

    @classmethod
    def of(cls, description: str, rows: Mapping[str, Iterable[int]] | None = None,
           tables: Iterable[str] = (), undo: Callable[[], Change] | None = None,
           grids: Iterable[int] = ()) -> Change:
        row_sets = {t: frozenset(ids) for t, ids in (rows or {}).items()}
        return cls(description, frozenset(tables) | frozenset(row_sets), row_sets, undo, frozenset(grids))

    def described(self, description: str) -> Change:
        return Change(description, self.tables, self.rows, self.undo, self.grids)

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
                      undo if can_undo else None, self.grids | other.grids)


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


# -- the operation: one transaction, its Change derived from what it wrote ------------------------

class Operation:
    """What ``operation`` yields: ``session`` to write with; ``touch`` for rows a refresh should
    see that the history does not name; ``change`` once the block has committed."""

    def __init__(self, store_op: StoreOperation, description: str) -> None:
        self._op = store_op
        self.description = description
        self.undo_description = ""
        self._rows: dict[str, set[int]] = {}
        self._tables: set[str] = set()
        self.undoable = True
        self.change: Change = Change.of(description)

    @property
    def session(self) -> Session:
        return self._op.session

    @property
    def history(self) -> list[RowChange]:
        return self._op.history

    def touch(self, table: str, ids: Iterable[int] = ()) -> None:
        self._tables.add(table)
        self._rows.setdefault(table, set()).update(ids)

    def inserted(self, table: Any, ids: Iterable[int]) -> None:
        """Rows a bulk Core insert wrote (the history reads them back)."""
        self._op.inserted(table, ids)

    def deleting(self, table: Any, whereclause: Any) -> list[int]:
        """Rows a bulk Core delete is about to remove (recorded whole); their ids."""
        return self._op.deleting(table, whereclause)

    def _finish(self, db: Database) -> None:
        self.change = derive(db, list(self.history), self.description,
                             self.undo_description or tr("撤销：") + self.description,
                             self._rows, self._tables, undoable=self.undoable)


@contextmanager
def operation(db: Database, description: str) -> Iterator[Operation]:
    """One session, one transaction; ``op.change`` (after the block) is the Change with its
    undo derived from the flush history. An error anywhere in the block writes nothing."""
    with db.operation() as store_op:
        op = Operation(store_op, description)
        yield op
    op._finish(db)


def derive(db: Database, history: Sequence[RowChange], description: str, undo_description: str,
           rows: dict[str, set[int]] | None = None, tables: Iterable[str] = (), *,
           undoable: bool = True) -> Change:
    """The Change for ``history`` written: its rows, tables and grids, and an undo that writes
    the inverse (whose own Change undoes to this one again, the redo)."""
    touched: dict[str, set[int]] = {t: set(ids) for t, ids in (rows or {}).items()}
    grids: set[int] = set()
    for c in history:
        ids = touched.setdefault(c.table, set())
        if len(c.key) == 1 and isinstance(c.key[0], int):
            ids.add(c.key[0])
            if c.table == "grid":
                grids.add(c.key[0])
        if c.grid_id is not None:
            grids.add(c.grid_id)
        for side in (c.before, c.after):
            if side and isinstance(side.get("grid_id"), int):
                grids.add(side["grid_id"])
    grids |= _home_grids(db, history)

    def undo() -> Change:
        from gridoffice.store.history import inverse

        with db.operation() as op:
            op.apply(inverse(history))
        return derive(db, list(op.history), undo_description, description, touched, tables)

    return Change.of(description, touched, tables=tables, grids=grids,
                     undo=undo if history and undoable else None)


_CHUNK = 900  # ids per IN (…): SQLite's parameter limit


def _home_grids(db: Database, history: Sequence[RowChange]) -> set[int]:
    """The grids a change reached through the roster: a person's household's grid, the grid of a
    row's household (``household_id``) or of a row's person (``person_id``), so a view of a grid
    refreshes when one of its residents changed. Rows that carry a grid of their own (a campaign
    list row, a household with its ``grid_id`` written) are not followed."""
    from sqlmodel import select

    from gridoffice.store.models import Household, Person

    persons: set[int] = set()
    households: set[int] = set()
    for c in history:
        sides = [side for side in (c.before, c.after) if side]
        if c.grid_id is not None or any("grid_id" in side for side in sides):
            continue
        own = c.key[0] if len(c.key) == 1 and isinstance(c.key[0], int) else None
        said = [side["household_id"] for side in sides if isinstance(side.get("household_id"), int)]
        households.update(said)
        if c.table == "person" and own is not None and not said:
            persons.add(own)  # an update that left the household alone: look it up
        elif c.table == "household" and own is not None:
            households.add(own)
        elif c.table != "person":
            persons.update(side["person_id"] for side in sides if isinstance(side.get("person_id"), int))
    if not persons and not households:
        return set()
    grids: set[int] = set()
    with db.reading() as s:
        wanted = sorted(persons)
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start:start + _CHUNK]
            households.update(h for h in s.exec(select(Person.household_id).where(Person.id.in_(chunk)))
                              if h is not None)
        wanted = sorted(households)
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start:start + _CHUNK]
            grids.update(g for g in s.exec(select(Household.grid_id).where(Household.id.in_(chunk)))
                         if g is not None)
    return grids
