"""Reading the audit trail (store/audit.py writes it): filtered by person, household, grid,
operator and date, in pages for a lazy table; the same query feeds the ``audit`` ledger.

A person's trail is their own row plus the rows that belong to them (key-population entries,
returnee stays, entitlements, visits); a household's adds its members; a grid's adds its
sub-grids, posts, households, their members, visits and matters.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlmodel import Session

from gridoffice.domain import privacy
from gridoffice.i18n import tr
from gridoffice.services import field_labels
from gridoffice.services.audit import decode as audit_decode
from gridoffice.services.scope import grid_subtree_ids
from gridoffice.store import Database
from gridoffice.store.models import (
    AuditEvent,
    CampaignAdjustment,
    Entitlement,
    Household,
    KeyMembership,
    Matter,
    Person,
    Post,
    ReturneeStay,
    Visit,
)

ID_FIELDS = frozenset({"id_number"})
PHONE_FIELDS = frozenset({"phone", "work_phone"})

_PERSON_ROWS = (KeyMembership, ReturneeStay, Entitlement, CampaignAdjustment, Visit)


def table_label(table: str) -> str:
    return field_labels.table_label(table)


def action_label(action: str) -> str:
    return {"insert": tr("新增"), "update": tr("修改"), "delete": tr("删除"),
            "restore": tr("从备份恢复"), "import": tr("导入")}.get(action, action)


def field_label(field: str, table: str = "") -> str:
    return field_labels.field_label(table, field)


def mask_value(field: str, value: str | None) -> str | None:
    """``value`` as the privacy policy lets it be shown publicly (or on a masked screen): ID
    numbers and phones masked, also inside the JSON of an inserted or deleted row, and any
    number typed into free text (a note's "其他电话：137…", a description)."""
    if value is None:
        return None
    if field in ID_FIELDS:
        return privacy.mask_id(value)
    if field in PHONE_FIELDS:
        return privacy.mask_phone(value)
    if not field and value.startswith("{"):
        try:
            data = json.loads(value)
        except ValueError:
            return privacy.mask_free_text(value)
        if isinstance(data, dict):
            for key in data:
                if key in ID_FIELDS or key in PHONE_FIELDS:
                    data[key] = mask_value(key, str(data[key]))
                elif isinstance(data[key], str):
                    data[key] = privacy.mask_free_text(data[key])
            return json.dumps(data, ensure_ascii=False, sort_keys=True)
    return privacy.mask_free_text(value)


def readable(field: str, value: str | None, masked: bool = False) -> str:
    """A value as a clerk reads it: a whole row (an insert's new values, a delete's old ones)
    as ``姓名：王秀英；电话：139…``; masked by the privacy policy when ``masked``."""
    if value is None:
        return ""
    if masked:
        value = mask_value(field, value) or ""
    if not field and value.startswith("{"):
        try:
            data = json.loads(value)
        except ValueError:
            return value
        if isinstance(data, dict):
            return tr("；").join(f"{field_label(k)}{tr('：')}{v}" for k, v in data.items())
    return value


@dataclass(frozen=True)
class AuditFilter:
    person_ids: tuple[int, ...] | None = None  # None: anyone; (): nobody matched the search
    household_ids: tuple[int, ...] | None = None
    grid_id: int | None = None  # the grid and everything under it
    operator: str = ""
    since: dt.date | None = None
    until: dt.date | None = None  # inclusive
    table: str = ""


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    operator: str
    action: str
    table: str
    row_id: int | None
    subject: str  # who or what the row is (a person's name, 户号, a grid's path…)
    field: str
    old: str | None
    new: str | None
    # as a clerk reads them (services/audit/decode.py): the field's label, the old and new values
    # decoded, and the same masked by the privacy policy
    field_text: str = ""
    old_text: str = ""
    new_text: str = ""
    old_masked: str = ""
    new_masked: str = ""

    def old_shown(self, masked: bool) -> str:
        return self.old_masked if masked else self.old_text

    def new_shown(self, masked: bool) -> str:
        return self.new_masked if masked else self.new_text


def _rows_of(model, column, ids) -> ColumnElement[bool]:  # type: ignore[no-untyped-def]
    return and_(AuditEvent.table_name == model.__tablename__,
                AuditEvent.row_id.in_(select(model.id).where(column.in_(ids))))


def _person_clause(person_ids) -> ColumnElement[bool]:  # type: ignore[no-untyped-def]
    parts = [and_(AuditEvent.table_name == "person", AuditEvent.row_id.in_(person_ids))]
    parts += [_rows_of(m, m.person_id, person_ids) for m in _PERSON_ROWS]
    return or_(*parts)


def _household_clause(household_ids) -> ColumnElement[bool]:  # type: ignore[no-untyped-def]
    members = select(Person.id).where(Person.household_id.in_(household_ids))
    return or_(and_(AuditEvent.table_name == "household", AuditEvent.row_id.in_(household_ids)),
               _person_clause(members), _rows_of(Visit, Visit.household_id, household_ids))


def _grid_clause(session: Session, grid_id: int) -> ColumnElement[bool]:
    grids = grid_subtree_ids(session, grid_id)
    households = select(Household.id).where(Household.grid_id.in_(grids))
    return or_(and_(AuditEvent.table_name == "grid", AuditEvent.row_id.in_(grids)),
               _rows_of(Post, Post.grid_id, grids), _household_clause(households),
               _rows_of(Visit, Visit.grid_id, grids), _rows_of(Matter, Matter.grid_id, grids))


def _where(session: Session, f: AuditFilter) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if f.person_ids is not None:
        clauses.append(_person_clause(list(f.person_ids)) if f.person_ids else false())
    if f.household_ids is not None:
        clauses.append(_household_clause(list(f.household_ids)) if f.household_ids else false())
    if f.grid_id is not None:
        clauses.append(_grid_clause(session, f.grid_id))
    if f.operator:
        clauses.append(AuditEvent.operator == f.operator)
    if f.since:
        clauses.append(AuditEvent.at >= dt.datetime.combine(f.since, dt.time()))
    if f.until:
        clauses.append(AuditEvent.at < dt.datetime.combine(f.until + dt.timedelta(days=1), dt.time()))
    if f.table:
        clauses.append(AuditEvent.table_name == f.table)
    return clauses


def count(db: Database, f: AuditFilter) -> int:
    with db.reading() as s:
        return s.execute(select(func.count()).select_from(AuditEvent).where(*_where(s, f))).scalar_one()


def page(db: Database, f: AuditFilter, offset: int = 0, limit: int = 200) -> list[AuditRow]:
    """Newest first, decoded for reading (audit_decode)."""
    with db.reading() as s:
        events = list(s.scalars(select(AuditEvent).where(*_where(s, f))
                                .order_by(AuditEvent.id.desc()).offset(offset).limit(limit)))
        names = audit_decode.lookup(s, events)
    rows = []
    for e in events:
        rows.append(AuditRow(
            e.id or 0, e.at, e.operator, e.action, e.table_name, e.row_id, audit_decode.subject(e, names),
            e.field, e.old, e.new, field_label(e.field, e.table_name) if e.field else "",
            audit_decode.text(e, e.old, names), audit_decode.text(e, e.new, names),
            audit_decode.text(e, e.old, names, masked=True), audit_decode.text(e, e.new, names, masked=True)))
    return rows


def iterate(db: Database, f: AuditFilter, batch: int = 2000) -> Iterator[AuditRow]:
    offset = 0
    while True:
        rows = page(db, f, offset, batch)
        yield from rows
        if len(rows) < batch:
            return
        offset += batch


def operators(db: Database) -> list[str]:
    with db.reading() as s:
        return [o for (o,) in s.execute(select(AuditEvent.operator).distinct().order_by(AuditEvent.operator)).all() if o]


def find_persons(db: Database, text: str, limit: int = 50) -> tuple[int, ...]:
    """Persons by ID number (exact) or name (exact, else the start of it)."""
    text = text.strip()
    if not text:
        return ()
    with db.reading() as s:
        ids = s.scalars(select(Person.id).where(or_(Person.id_number == text.upper(), Person.name == text))
                        .limit(limit)).all()
        if not ids:
            ids = s.scalars(select(Person.id).where(Person.name.startswith(text)).limit(limit)).all()
    return tuple(ids)


def find_households(db: Database, number: str) -> tuple[int, ...]:
    number = number.strip()
    if not number:
        return ()
    with db.reading() as s:
        return tuple(s.scalars(select(Household.id).where(Household.number == number)).all())
