"""Every text the ORM writes passes ``domain.text``: control and direction characters are
stripped, and a value longer than its column is refused with a sentence (SQLite would keep it,
PostgreSQL would fail with a traceback)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session
from sqlmodel.sql.sqltypes import AutoString

from gridoffice.domain import text


def _check(obj: Any, new: bool) -> None:
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        column = attr.columns[0]
        if not isinstance(column.type, String | AutoString):
            continue
        value = getattr(obj, attr.key, None)
        if not isinstance(value, str):
            continue
        if not new and not state.attrs[attr.key].history.has_changes():
            continue  # an old value is not the writer's to answer for
        cleaned = text.clean(value, multiline=True)  # line breaks are the writer's business
        if cleaned != value:
            setattr(obj, attr.key, cleaned)
        length = getattr(column.type, "length", None)
        if length:
            text.check_length(attr.key, cleaned, length)


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    for obj in list(session.new):
        _check(obj, True)
    for obj in list(session.dirty):
        _check(obj, False)


def install() -> None:
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
