"""Rows as they travel: JSON values, references as the referenced row's uuid, and back."""

from __future__ import annotations

import datetime as dt
import json
import operator
from collections.abc import Mapping
from typing import Any

from sqlalchemy import JSON, Date, DateTime, select
from sqlalchemy.orm import Session

from gridoffice.domain.codes import GridLevel
from gridoffice.i18n import tr
from gridoffice.services import settings as office_settings
from gridoffice.services.exchange import approval
from gridoffice.store import Database, identity
from gridoffice.store.models import Grid, Setting
from gridoffice.store.travel import BY_NAME, SYNC_FIELDS, Travelling, references

ROLE_KEY = "exchange.role"
STREET_KEY = "exchange.street_key"
COMPARED_OUT = frozenset({"id", "name_pinyin", "name_initials", "created_at", "updated_at"}) | SYNC_FIELDS


def role(db: Database) -> str:
    """``street`` or ``village``: set in the settings, else a database whose tree has a street
    grid is the street's."""
    chosen = office_settings.get(db, ROLE_KEY)
    if chosen in ("street", "village"):
        return chosen
    with db.reading() as s:
        found = s.execute(select(Grid.id).where(Grid.level == GridLevel.STREET).limit(1)).first()
    return "street" if found else "village"


def office(db: Database, public_key: str) -> dict[str, Any]:
    return {"uuid": identity.database_uuid(db), "code": office_settings.get(db, office_settings.ADMIN_CODE),
            "name": office_settings.get(db, office_settings.OFFICE_NAME), "public_key": public_key,
            "role": role(db)}


def plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def compared(t: Travelling) -> list[str]:
    """The columns whose values are merged and compared (not ids, not derived, not the
    exchange's own)."""
    return [c.name for c in t.model.__table__.columns if c.name not in COMPARED_OUT]  # type: ignore[attr-defined]


def uuids_of(s: Session, found: list[tuple[Travelling, Any]]) -> dict[str, dict[int, str]]:
    """The uuids of the rows that ``found`` rows refer to (only those: a delta of 100 rows does
    not read the uuid of every person in the street)."""
    wanted: dict[str, set[int]] = {name: set() for name in BY_NAME}
    for t, found_rows in found:
        refs = references(t.model)
        for row in found_rows:
            for column, target in refs.items():
                if row[column] is not None:
                    wanted[target].add(row[column])
            for column, target in t.id_lists.items():
                wanted[target].update(v for v in (row[column] or []) if isinstance(v, int))
    out: dict[str, dict[int, str]] = {}
    for name, ids in wanted.items():
        table = BY_NAME[name].model.__table__  # type: ignore[attr-defined]
        ordered, out[name] = sorted(ids), {}
        if len(ordered) > 5000:  # many: one pass rather than hundreds of IN lists
            out[name].update((i, u) for i, u in s.execute(select(table.c.id, table.c.uuid)) if i in ids)
            continue
        for i in range(0, len(ordered), 900):
            out[name].update(s.execute(select(table.c.id, table.c.uuid).where(table.c.id.in_(ordered[i:i + 900]))).all())
    return out


def referenced(t: Travelling, incoming: list[dict[str, Any]], wanted: dict[str, set[str]]) -> None:
    """Add the uuids that travelling rows of ``t`` refer to, by table, to ``wanted``."""
    if not incoming:
        return
    for column, target in references(t.model).items():  # column by column: a full package has 800,000 rows
        values: set[Any] = set(map(operator.itemgetter(column), incoming) if column in incoming[0]
                               else (r.get(column) for r in incoming))
        values.discard(None)
        values.discard("")
        wanted.setdefault(target, set()).update(values)
    for column, target in t.id_lists.items():
        found = wanted.setdefault(target, set())
        for r in incoming:
            found.update(v for v in (r.get(column) or []) if isinstance(v, str))


def ids_for(s: Session, wanted: dict[str, set[str]]) -> dict[str, dict[str, int]]:
    """uuid → local id of the ``wanted`` rows that exist here (all tables keyed, even empty)."""
    out: dict[str, dict[str, int]] = {name: {} for name in BY_NAME}
    for name, uuids in wanted.items():
        table = BY_NAME[name].model.__table__  # type: ignore[attr-defined]
        if len(uuids) > 5000:  # many: one pass rather than hundreds of IN lists
            out[name].update((u, i) for u, i in s.execute(select(table.c.uuid, table.c.id)) if u in uuids)
            continue
        ordered = sorted(uuids)
        for i in range(0, len(ordered), 900):
            out[name].update(s.execute(select(table.c.uuid, table.c.id).where(table.c.uuid.in_(ordered[i:i + 900]))).all())
    return out


def encode(t: Travelling, row: Any, maps: dict[str, dict[int, str]]) -> dict[str, Any]:
    """A database row (mapping) → the travelling dict."""
    return encoder(t, maps)(row)


_PLAIN, _REF, _IDS, _DATE = range(4)


def encoder(t: Travelling, maps: dict[str, dict[int, str]]) -> Any:
    """``encode`` for many rows of one table: the per-column work decided once."""
    refs = references(t.model)
    steps: list[tuple[str, int, Any]] = []
    for column in t.model.__table__.columns:  # type: ignore[attr-defined]
        name = column.name
        if name == "id":
            continue
        if name in refs:
            steps.append((name, _REF, maps[refs[name]]))
        elif name in t.id_lists:
            steps.append((name, _IDS, maps[t.id_lists[name]]))
        elif isinstance(column.type, Date | DateTime):
            steps.append((name, _DATE, None))
        else:
            steps.append((name, _PLAIN, None))

    def run(row: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, kind, known in steps:
            value = row[name]
            if kind == _PLAIN:
                out[name] = value
            elif value is None:
                out[name] = [] if kind == _IDS else None
            elif kind == _REF:
                out[name] = known.get(value)
            elif kind == _DATE:
                out[name] = value.isoformat()
            else:
                out[name] = [known.get(v) for v in value if v in known]
        return out

    return run


def decoder(t: Travelling) -> dict[str, Any]:
    """Per column, how a JSON value becomes a database value (dates and times)."""
    out: dict[str, Any] = {}
    for column in t.model.__table__.columns:  # type: ignore[attr-defined]
        if isinstance(column.type, DateTime):
            out[column.name] = lambda v: dt.datetime.fromisoformat(v) if v else None
        elif isinstance(column.type, Date):
            out[column.name] = lambda v: dt.date.fromisoformat(v) if v else None
        elif isinstance(column.type, JSON):
            out[column.name] = lambda v: v
    return out


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # keys in column order (``encoder`` builds them so)


def dumps_lines(rows: list[dict[str, Any]]) -> bytes:
    encode = _ENCODE
    return "".join([encode(r) + "\n" for r in rows]).encode("utf-8")


def loads_lines(data: bytes) -> list[dict[str, Any]]:
    """JSON Lines → rows, in one parse (a line is one JSON object without a raw newline)."""
    text = data.decode("utf-8").strip()
    if not text:
        return []
    try:  # as ``dumps_lines`` writes it: one object a line, nothing between
        return list(json.loads("[" + text.replace("\n", ",") + "]"))
    except ValueError:  # blank lines, CRLF: line by line
        lines = [line for line in text.splitlines() if line.strip()]
        return list(json.loads("[" + ",".join(lines) + "]"))


def setting(s: Session, key: str) -> str:
    row = s.get(Setting, key)
    return row.value if row else ""



NAMED_BY = ("name", "number", "code")  # the column that tells a clerk which record it is
# the day a row is of: the approval's (which month a lock holds) and the other dated tables
_DATED = {**approval.DATED, "returnee_stay": "arrived_on", "health_call": "called_on", "doctor_signing": "signed_on",
          "health_tier_override": "set_on", "medicine_move": "moved_on", "key_membership": "since"}


def record_label(row: Any, table: str = "", names: Mapping[tuple[str, Any], str] | None = None) -> str:
    """Which record a row is, as a clerk would say it, from a package row or a row of this
    database: its name, 户号 or code; else whose it is and when (张三 · 2026-10-15 for a visit,
    张三 · 老年人 for a membership), ``names`` giving the person's name or the household's 户号
    a reference points at (``Labels`` reads them for a whole batch at once); "" when nothing
    tells (a person at the pseudonymous level)."""
    if not row:
        return ""
    for column in NAMED_BY:
        value = row.get(column)
        if value:
            return str(value)
    parts = []
    if names:
        for column in _REFERS:
            if row.get(column) is not None and (name := names.get((column, row[column]))):
                parts.append(name)
                break
    if table == "key_membership" and row.get("category"):
        from gridoffice.domain.population import category_label

        parts.append(category_label(str(row["category"])))
    elif row.get("category"):
        parts.append(tr(str(row["category"])))
    dated = row.get(_DATED.get(table, ""))
    if dated:
        parts.append(str(dated)[:10])
    return " · ".join(parts)


_REFERS = ("person_id", "household_id")
_RECEIPT_KEYS = ("table", "uuid", "reason")


def without_records(refused: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The refused list as a receipt carries it: table, uuid and reason only — the labels (and
    anything else added for this office's screen) do not travel."""
    return [{k: r[k] for k in _RECEIPT_KEYS if k in r} for r in refused]


class Labels:
    """Labels for a batch of rows (refused rows, conflicts): each ``add``ed entry gets its
    ``record`` at ``fill``, which reads the names of the persons and the 户号 of the households
    the rows refer to in one query per kind and 900 of them — a street's thousands of held
    visits took a query each. Rows of the same package are asked first (``fill(..., arriving)``)."""

    def __init__(self) -> None:
        self._pending: list[tuple[dict[str, Any], str, Any]] = []

    def add(self, entry: dict[str, Any], table: str, row: Any) -> None:
        entry["record"] = ""
        if row:
            self._pending.append((entry, table, row))

    def fill(self, s: Session, arriving: Mapping[str, list[dict[str, Any]]] | None = None) -> None:
        from gridoffice.store.models import Household, Person

        wanted: dict[str, set[Any]] = {column: set() for column in _REFERS}
        for _entry, _table, row in self._pending:
            if not any(row.get(c) for c in NAMED_BY):
                for column in _REFERS:
                    if row.get(column) is not None:
                        wanted[column].add(row[column])
        names: dict[tuple[str, Any], str] = {}
        for column, model, shown, table in (("person_id", Person, "name", "person"),
                                             ("household_id", Household, "number", "household")):
            refs = wanted[column]
            if not refs:
                continue
            for r in (arriving or {}).get(table, ()):  # the package's own rows: no query
                if r.get("uuid") in refs and r.get(shown):
                    names[(column, r["uuid"])] = str(r[shown])
            for kind, key in (("uuid", model.uuid), ("id", model.id)):
                ask = sorted(ref for ref in refs if (column, ref) not in names
                             and isinstance(ref, str) == (kind == "uuid"))
                for i in range(0, len(ask), 900):
                    stmt = select(key, getattr(model, shown)).where(key.in_(ask[i:i + 900]))
                    names.update(((column, ref), str(value)) for ref, value in s.execute(stmt) if value)
        for entry, table, row in self._pending:
            entry["record"] = record_label(row, table, names)
        self._pending.clear()
