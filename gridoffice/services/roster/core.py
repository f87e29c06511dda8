"""The roster: households, residents, key populations, returnees.

This module holds what the roster services share: the typed errors a form shows at its fields,
and the three row writes every roster operation is built from (``add``, ``put``, ``remove``
inside ``changes.operation``; ``insert_row`` / ``update_row`` / ``delete_row`` are each one
operation). The writes themselves live in ``roster_households``, ``roster_persons`` and
``memberships``; the lists in ``roster_lists``; search in ``search``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import inspect as sa_inspect
from sqlmodel import Session, SQLModel

from gridoffice.i18n import tr
from gridoffice.services.changes import Change, operation
from gridoffice.services.errors import ServiceError
from gridoffice.store import Database


class RosterError(ServiceError, ValueError):
    """A refusal the clerk can act on; ``str()`` is the Chinese sentence."""


class ValidationFailed(RosterError):
    """Field-level problems: ``errors`` maps a field name to its reason."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("；".join(errors.values()))
        self.errors = errors


class DuplicateId(RosterError):
    """The ID number is already on record for another person (the link to that person)."""

    def __init__(self, id_number: str, person_id: int, name: str, household_id: int | None,
                 household_number: str, deleted: bool = False) -> None:
        where = tr("户号 {number}").format(number=household_number) if household_number else tr("未分户")
        text = tr("身份证号 {id} 已登记为 {name}（{where}）").format(id=id_number, name=name, where=where)
        if deleted:
            text += tr("，该记录在回收站中，可先恢复")
        super().__init__(text)
        self.id_number = id_number
        self.person_id = person_id
        self.name = name
        self.household_id = household_id
        self.household_number = household_number
        self.deleted = deleted


class NotFound(RosterError):
    pass


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def columns(model: type[SQLModel]) -> list[str]:
    return [c.key for c in sa_inspect(model).mapper.column_attrs]


def snapshot(obj: SQLModel) -> dict[str, Any]:
    return {key: getattr(obj, key) for key in columns(type(obj))}


def _table(model: type[SQLModel]) -> str:
    return model.__tablename__  # type: ignore[return-value]


def put(s: Session, model: type[SQLModel], row_id: int, values: dict[str, Any], *,
        touch: bool = True) -> SQLModel:
    """Inside an operation: set ``values`` on one row."""
    obj = s.get(model, row_id)
    if obj is None:
        raise NotFound(tr("记录不存在（可能已被彻底删除）"))
    for key, value in values.items():
        setattr(obj, key, value)
    if touch and hasattr(obj, "updated_at"):
        obj.updated_at = now()
    return obj


def add(s: Session, model: type[SQLModel], values: dict[str, Any]) -> int:
    """Inside an operation: insert one row; its id."""
    obj = model(**values)
    if hasattr(obj, "updated_at"):
        obj.updated_at = now()
    s.add(obj)
    s.flush()
    return obj.id  # type: ignore[attr-defined]


def remove(s: Session, model: type[SQLModel], row_id: int) -> None:
    """Inside an operation: remove one row for good."""
    obj = s.get(model, row_id)
    if obj is None:
        raise NotFound(tr("记录不存在（可能已被彻底删除）"))
    s.delete(obj)
    s.flush()


def update_row(db: Database, model: type[SQLModel], row_id: int, values: dict[str, Any],
               description: str, *, touch: bool = True) -> Change:
    """Set ``values`` on one row, as one operation."""
    with operation(db, description) as op:
        put(op.session, model, row_id, values, touch=touch)
    return op.change


def insert_row(db: Database, model: type[SQLModel], values: dict[str, Any], description: str) -> Change:
    """Insert one row, as one operation."""
    with operation(db, description) as op:
        add(op.session, model, values)
    return op.change


def delete_row(db: Database, model: type[SQLModel], row_id: int, description: str) -> Change:
    """Remove one row for good, as one operation."""
    with operation(db, description) as op:
        remove(op.session, model, row_id)
    return op.change
