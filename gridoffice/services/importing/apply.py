"""Deciding, row by row, what an import does to the database, and doing it.

``resolve`` is run read-only for the dry run and inside the commit's transaction for real, so
the report of a dry run is what the commit does (unless someone changed the data between).
New rows go in with Core bulk inserts (audited with ``audit.record_rows``); the few updates of
existing persons and households go through the ORM, whose audit records each field's old and
new value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from gridoffice.domain import pinyin
from gridoffice.domain.codes import HEAD_RELATION, PersonStatus
from gridoffice.i18n import tr
from gridoffice.services.errors import ServiceError
from gridoffice.services.importing.grids import GridMatch, normalize
from gridoffice.services.importing.rows import ParsedRow, Reason
from gridoffice.store import Database, audit, fastinsert, versioning
from gridoffice.store.errors import Conflict
from gridoffice.store.models import Grid, HealthProfile, Household, KeyMembership, Person

CHUNK = 500
PERSON_FIELDS = ("name", "sex", "birth_date", "relation", "phone", "ethnicity", "political_status",
                 "hukou_address", "note")
HOUSEHOLD_COLUMNS = (Household.id, Household.number, Household.grid_id, Household.address, Household.village_group,
                     Household.deleted_at)
PERSON_COLUMNS = (Person.id, Person.id_number, Person.household_id, Person.status, Person.status_date,
                  Person.deleted_at, *(getattr(Person, f) for f in PERSON_FIELDS))


class UndoRefused(ServiceError):
    pass


@dataclass
class Outcome:
    new_rows: list[int] = field(default_factory=list)  # sheet rows whose person is new
    updated_rows: list[int] = field(default_factory=list)
    same_rows: list[int] = field(default_factory=list)
    households_added: int = 0
    households_updated: int = 0
    memberships_added: int = 0
    health_added: int = 0  # health records of persons who had none
    health_updated: int = 0  # health records the file changes (fields it gives that differ)
    grids_created: list[str] = field(default_factory=list)
    added: dict[str, list[int]] = field(default_factory=dict)  # table → new ids (for undo)
    old_values: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)  # for undo

    @property
    def changes_anything(self) -> bool:
        """What the dry run says a commit would change."""
        return bool(self.new_rows or self.updated_rows or self.households_added or self.households_updated
                    or self.memberships_added or self.health_added or self.health_updated)

    @property
    def anything(self) -> bool:
        return bool(self.added or self.old_values)

    def touched(self) -> dict[str, list[int]]:
        rows: dict[str, list[int]] = {t: list(ids) for t, ids in self.added.items()}
        for table, rid in self.old_values:
            rows.setdefault(table, []).append(rid)
        return rows or {"person": []}


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(values), CHUNK):
        yield values[i:i + CHUNK]


def _person_values(p: ParsedRow) -> dict[str, Any]:
    return {"name": p.name, "sex": p.sex, "birth_date": p.birth_date, "relation": p.relation, "phone": p.phone,
            "ethnicity": p.ethnicity, "political_status": p.political_status, "hukou_address": p.hukou_address,
            "note": p.note}


def _diff(current: dict[str, Any], wanted: dict[str, Any]) -> dict[str, Any]:
    """Fields the file gives a value for that differ; an empty value in the file never erases."""
    return {k: v for k, v in wanted.items() if v not in (None, "") and current.get(k) != v}


def resolve(s: Session, rows: list[ParsedRow], grids: dict[str, GridMatch], on: dt.date, *, write: bool,
            note: str = "", progress: Callable[[str, float], None] | None = None,
            within: set[int] | None = None) -> Outcome:
    """``within``: grid ids a household found by its number must belong to (or be unassigned)."""
    out = Outcome()
    if not rows:
        return out
    # persons already in the database: by ID; without ID by household number + name + birth
    # as plain rows (the columns compared): an unchanged street roster is 9,000 persons the ORM
    # would build twice (dry run, commit); only the ones that change are loaded to be written
    conn = s.connection()
    ids = [p.id_number for p in rows if p.id_number]
    by_id: dict[str, Any] = {}
    for part in _chunks(ids):
        for r in conn.execute(select(*PERSON_COLUMNS).where(Person.id_number.in_(part))):
            by_id[r.id_number] = r
    no_id = [p for p in rows if not p.id_number]
    by_key: dict[tuple[str, str, dt.date | None], Any] = {}
    if no_id:
        names = sorted({p.name for p in no_id})
        for part in _chunks(names):
            q = (select(*PERSON_COLUMNS, Household.number).join(Household, Person.household_id == Household.id,
                                                                  isouter=True)
                 .where(Person.id_number.is_(None), Person.name.in_(part)))
            for r in conn.execute(q):
                by_key[(r.number or "", r.name, r.birth_date)] = r

    def existing(p: ParsedRow) -> Any:
        if p.id_number:
            return by_id.get(p.id_number)
        return by_key.get((p.household_number, p.name, p.birth_date))

    # households: of a member already in the database, else by number (when unique), else new
    groups: dict[str, list[ParsedRow]] = {}
    for p in rows:
        groups.setdefault(p.household_key, []).append(p)
    numbers = sorted({p.household_number for p in rows if p.household_number})
    by_number: dict[str, list[int]] = {}
    for part in _chunks(numbers):
        for hid, number, grid_id in s.execute(select(Household.id, Household.number, Household.grid_id)
                                              .where(Household.number.in_(part), Household.deleted_at.is_(None))).all():
            if within is None or grid_id is None or grid_id in within:
                by_number.setdefault(number, []).append(hid)
    known_households = sorted({p.household_id for p in [*by_id.values(), *by_key.values()] if p.household_id}
                              | {h for ids in by_number.values() for h in ids})
    households: dict[int, Any] = {}  # plain rows too; the ORM loads the few that change
    for part in _chunks(known_households):
        households.update((r.id, r) for r in conn.execute(select(*HOUSEHOLD_COLUMNS).where(Household.id.in_(part))))
    household_of: dict[str, int | None] = {}
    new_households: list[tuple[str, dict[str, Any]]] = []
    for key, members in groups.items():
        ordered = sorted(members, key=lambda m: m.relation != HEAD_RELATION)
        member_hids = [e.household_id for e in map(existing, ordered) if e is not None and e.household_id]
        number = members[0].household_number
        hid = _household_for(households, number, member_hids, by_number.get(number, []))
        address = next((m.address for m in members if m.address), "")
        lead = next((m for m in members if m.micro_grid), None)
        match = grids.get(lead.grid_key) if lead is not None else None
        grid_id = match.grid_id if match is not None else None
        micro_text = lead.micro_grid if lead is not None else ""
        group = normalize(micro_text) if micro_text and normalize(micro_text).endswith("组") else ""
        if hid is None:
            new_households.append((key, dict(number=number, grid_id=grid_id, village_group=group, address=address)))
            household_of[key] = None
            continue
        household_of[key] = hid
        current = households[hid]
        changes = _diff({"address": current.address, "grid_id": current.grid_id, "number": current.number,
                         "village_group": current.village_group},
                        {"address": address, "grid_id": grid_id, "number": number, "village_group": group})
        if current.deleted_at is not None:
            changes["deleted_at"] = None
        if changes:
            out.households_updated += 1
            out.old_values[("household", hid)] = {k: getattr(current, k) for k in changes}
            if write:
                household = s.get(Household, hid)  # through the ORM: its audit records each field
                assert household is not None
                for k, v in changes.items():
                    setattr(household, k, v)
                household.updated_at = dt.datetime.now().replace(microsecond=0)
    out.households_added = len(new_households)
    for n, (key, _) in enumerate(new_households, start=1):
        household_of[key] = -n  # placeholder until inserted (the dry run never inserts)
    now = dt.datetime.now().replace(microsecond=0)
    if write and new_households:
        table = Household.__table__
        values = [dict(v, compound="", building="", unit="", door="", hukou_type="", registered_here=True,
                       residence_state="常住", note="", created_at=now, updated_at=now, deleted_at=None)
                  for _, v in new_households]
        new_ids = _insert(s, table, values)
        for (key, _), hid in zip(new_households, new_ids, strict=True):
            household_of[key] = hid
        out.added["household"] = new_ids
    if progress:
        progress(tr("写入住户"), 0.4)
    # persons
    new_persons: list[tuple[ParsedRow, dict[str, Any]]] = []
    updated_ids: list[int] = []
    for p in rows:
        values = _person_values(p)  # type: ignore[assignment]
        values["household_id"] = household_of.get(p.household_key)  # type: ignore[call-overload]
        current = existing(p)
        if current is None:
            new_persons.append((p, values))  # type: ignore[arg-type]
            out.new_rows.append(p.row)
            continue
        if current.status != PersonStatus.ACTIVE and not any(w.code == "person_not_active" for w in p.warnings):
            p.warnings.append(Reason("person_not_active", tr(
                "库里此人登记为“{status}”{date}，本次只更新信息，不改变状态").format(
                status=current.status, date=f"（{current.status_date.isoformat()}）" if current.status_date else "")))
        snapshot = {k: getattr(current, k) for k in (*PERSON_FIELDS, "household_id")}
        changes = _diff(snapshot, values)  # type: ignore[arg-type]
        if current.deleted_at is not None:
            changes["deleted_at"] = None
        if not changes:
            out.same_rows.append(p.row)
            continue
        out.updated_rows.append(p.row)
        out.old_values[("person", current.id)] = {k: getattr(current, k) for k in changes}
        updated_ids.append(current.id)
        if write:
            person = s.get(Person, current.id)  # through the ORM: its audit records each field
            assert person is not None
            for k, v in changes.items():
                setattr(person, k, v)
            if "name" in changes:
                person.name_pinyin, person.name_initials = pinyin.full(p.name), pinyin.initials(p.name)
            person.updated_at = now
    person_id: dict[int, int] = {}  # sheet row → person id
    if write and new_persons:
        values = []
        for p, v in new_persons:
            values.append(dict(v, id_number=p.id_number, name_pinyin=pinyin.full(p.name),
                               name_initials=pinyin.initials(p.name), current_address="",
                               status=PersonStatus.ACTIVE, status_date=None, created_at=now, updated_at=now,
                               deleted_at=None))
        new_ids = _insert(s, Person.__table__, values)
        person_id.update({p.row: pid for (p, _), pid in zip(new_persons, new_ids, strict=True)})
        out.added["person"] = new_ids
    if progress:
        progress(tr("写入人员"), 0.7)
    # key-population memberships not yet held
    for p in rows:
        current = existing(p)
        if current is not None:
            person_id[p.row] = current.id
    held: set[tuple[int, str]] = set()
    known = [pid for pid in person_id.values()]
    for part in _chunks(known):
        q = select(KeyMembership.person_id, KeyMembership.category).where(
            KeyMembership.person_id.in_(part), or_(KeyMembership.until.is_(None), KeyMembership.until >= on))
        held.update((a, b) for a, b in s.execute(q).all())
    memberships = []
    for p in rows:
        pid = person_id.get(p.row)
        for code, attrs in p.categories:
            if pid is not None and (pid, code) in held:
                continue
            if pid is not None:
                held.add((pid, code))
            memberships.append(dict(person_id=pid, category=code, attrs=attrs, risk_level="", since=None,
                                    until=None, note=tr("导入花名册")))
    out.memberships_added = len(memberships)
    if write and memberships:
        out.added["key_membership"] = _insert(s, KeyMembership.__table__, memberships)
    _health_records(s, rows, person_id, out, write)
    if write:
        s.flush()
        for table, new in out.added.items():
            audit.record_rows(s, table, "insert", new, note=tr("导入 {name}").format(name=note))
    if progress:
        progress(tr("写入完成"), 1.0)
    return out


HEALTH_FIELDS = ("chronic_diseases", "chronic_state", "vaccine_doses", "vaccine_last", "vaccine_state",
                 "mobility_limited")


def _health_records(s: Session, rows: list[ParsedRow], person_id: dict[int, int], out: Outcome, write: bool) -> None:
    """A health record from the roster's health columns for every person who has none yet; a
    record the office keeps is updated with the fields the file gives that differ (an empty
    cell never erases; through the ORM, so the audit keeps each field's old and new value, and
    undoing the import puts them back)."""
    wanted = {p.row: p.health for p in rows if p.health}
    if not wanted:
        return
    has: dict[int, Any] = {}
    for part in _chunks([pid for row, pid in person_id.items() if row in wanted]):
        for r in s.execute(select(HealthProfile.id, HealthProfile.person_id,
                                  *(getattr(HealthProfile, f) for f in HEALTH_FIELDS))
                           .where(HealthProfile.person_id.in_(part))):
            has[r.person_id] = r
    records, seen = [], set()
    for row, values in wanted.items():
        pid = person_id.get(row)
        if (pid is None and write) or (pid is not None and pid in seen):
            continue
        seen.add(pid)
        if pid in has:
            _update_health(s, has[pid], values, out, write)
            continue
        record = dict(chronic_diseases="", chronic_state="无", vaccine_doses=0, vaccine_last=None,
                      vaccine_state="未接种", mobility_limited=False)
        record.update(values, person_id=pid)
        records.append(record)
    out.health_added = len(records)
    if write and records:
        out.added["health_profile"] = _insert(s, HealthProfile.__table__, records)


def _update_health(s: Session, current: Any, values: dict[str, Any], out: Outcome, write: bool) -> None:
    now = {f: getattr(current, f) for f in HEALTH_FIELDS}
    changes = _diff(now, values)
    if values.get("chronic_state") == "无" and now["chronic_diseases"]:  # 无 clears the diseases too
        changes["chronic_diseases"] = ""
    if not changes:
        return
    out.health_updated += 1
    out.old_values[("health_profile", current.id)] = {k: now[k] for k in changes}
    if write:
        record = s.get(HealthProfile, current.id)
        assert record is not None
        for k, v in changes.items():
            setattr(record, k, v)


def _household_for(households: dict[int, Any], number: str, member_hids: list[int],
                   same_number: list[int]) -> int | None:
    """The existing household a file household is: the one with its number (the members' own
    when several share it), else the members' household when that has no number yet (an
    anonymous one gets the number); otherwise None (a new household: the people moved)."""
    if number:
        if len(same_number) == 1:
            return same_number[0]
        shared = [h for h in member_hids if h in same_number]
        if shared:
            return shared[0]
        if same_number:
            return None
        for hid in member_hids:
            current = households.get(hid)
            if current is not None and not current.number:
                return hid
        return None
    return member_hids[0] if member_hids else None


def _insert(s: Session, table: Any, values: list[dict[str, Any]]) -> list[int]:
    """Insert the rows; their new ids in the order given. SQLite: one ``executemany`` without
    per-row parameter building (``store.fastinsert``), then the ids above the table's largest id
    before it — the commit holds the file's write lock (``locks.hold``: BEGIN IMMEDIATE), so
    nobody else inserts between, and SQLite gives each new row a larger id than any before it.
    (Core's ``insert().returning`` ran one statement per row: 1.6 s of an 8,500-person import.)"""
    conn = s.connection()
    if conn.dialect.name == "sqlite" and values:
        before = conn.execute(select(func.max(table.c.id))).scalar() or 0
        fastinsert.insert_many(conn, table, values)
        new = list(conn.execute(select(table.c.id).where(table.c.id > before).order_by(table.c.id)).scalars())
        if len(new) != len(values):  # someone else wrote between: never guess whose ids they are
            raise RuntimeError(f"{table.name}: {len(values)} rows inserted, {len(new)} new ids found")
        return new
    new_ids: list[int] = []
    for part in _chunks(values):
        result = s.connection().execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), part)
        new_ids.extend(r[0] for r in result.all())
    return new_ids


_RESTORED: dict[str, type[SQLModel]] = {"person": Person, "health_profile": HealthProfile}


def undo(db: Database, out: Outcome) -> None:
    """Take an import back: delete what it added, restore what it changed (one transaction)."""
    try:
        with db.session() as s:
            for (table, rid), old in out.old_values.items():
                model = _RESTORED.get(table, Household)
                obj = s.get(model, rid)
                if obj is not None:
                    for k, v in old.items():
                        setattr(obj, k, v)
            s.flush()
            for table, model in (("health_profile", HealthProfile), ("key_membership", KeyMembership), ("person", Person),
                                 ("household", Household), ("grid", Grid)):
                ids = out.added.get(table, [])
                for part in _chunks(ids):
                    versioning.tomb_where(s.connection(), model, model.__table__.c.id.in_(part), db.operator)
                    s.connection().execute(delete(model.__table__).where(model.__table__.c.id.in_(part)))
                audit.record_rows(s, table, "delete", ids, note=tr("撤销导入"))
    except (IntegrityError, Conflict) as exc:  # the session turns the first into the second
        raise UndoRefused(tr("导入的人员或住户之后已有其他记录（如走访、发放），不能再撤销这次导入。")) from exc
