"""Moving a household to another village (issue 19): the old village sends a *move package*, the
new village takes the household in, and the street hands the rows over (``plan``'s takeover
rule, written in ``store/travel.py``).

Service API (the GUI calls these; the CLI is ``package export --household`` and ``package import``):

* ``send(db, number, to_office, target, on=None) -> Moved``: one operation (undoable): writes a
  signed full package of household ``number`` — the household, its members still 在册, their
  key-population memberships, 返乡 stays, health records and manual tiers, with their uuids —
  and marks it moved out here: members ``status`` 迁出 with ``status_date`` ``on``, the household
  out of the counts (``deleted_at``: it shows in the recycle bin) with ``moved_on`` (the date) and
  ``moved_to`` (the destination as shown), and "迁出：日期 迁往 单位" at the head of its note (for
  the clerk reading the note; the columns are what programs read). ``to_office`` is a registered office's 行政区划代码 or name, or any text.
  ``Moved.change`` is the undo step (the file stays written).
* ``receive(db, checked, grid_code=None, dry_run=False) -> dict``: called by
  ``importing.run`` for a move package (no sequence number: moves travel beside the packages to
  the street). Adds the household here (in micro-grid ``grid_code``, else unassigned), its members
  linked as the same persons by ID number (a person already here is updated, not duplicated),
  and their records — all as this office's own rows with the sender's uuids, so the next package
  to the street carries them and the street hands them over. One operation; totals as an
  import's (``added`` / ``updated`` per table).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlmodel import Session

from gridoffice.domain import pinyin
from gridoffice.domain.codes import PersonStatus
from gridoffice.i18n import tr
from gridoffice.services import scope
from gridoffice.services import settings as office_settings
from gridoffice.services.changes import Change, operation
from gridoffice.services.exchange import ExchangeError, hints, keys, pkgfile, rows
from gridoffice.services.roster.core import add, now, put
from gridoffice.services.roster.households import move_mark
from gridoffice.store import Database, migrate
from gridoffice.store.models import (
    HealthProfile,
    HealthTierOverride,
    Household,
    KeyMembership,
    Person,
    ReturneeStay,
    SyncLog,
    SyncPeer,
    SyncRow,
)
from gridoffice.store.travel import BY_NAME

KIND = "move"
# A person's records that move with them (visits, hand-outs, services and contracts with the old
# village's doctor stay where they were made).
PERSON_TABLES = (KeyMembership, ReturneeStay, HealthProfile, HealthTierOverride)
_ONE_PER_PERSON = {"health_profile", "health_tier_override"}


@dataclass
class Moved:
    path: Path
    number: str
    to: dict[str, str]
    sha256: str
    counts: dict[str, int] = field(default_factory=dict)
    change: Change | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"file": str(self.path), "household": self.number, "to": self.to, "sha256": self.sha256,
                "counts": self.counts, "kind": KIND}


def is_move(manifest: dict[str, Any]) -> bool:
    return manifest.get("kind") == KIND


def destination(db: Database, text: str) -> dict[str, str]:
    """A registered office by 行政区划代码 or name, else the text as given (a 12-digit text is a code)."""
    text = (text or "").strip()
    if not text:
        raise ExchangeError(tr("请写明迁往的单位（行政区划代码或名称）。"), **hints.cli_only(tr("（--to-office）")))
    with db.reading() as s:
        peer = s.execute(select(SyncPeer).where((SyncPeer.office_code == text) | (SyncPeer.office_name == text))
                         .limit(1)).scalar_one_or_none()
    if peer is not None:
        return {"code": peer.office_code, "name": peer.office_name, "uuid": peer.db_uuid}
    if text.isdigit() and len(text) == 12:
        return {"code": text, "name": "", "uuid": ""}
    return {"code": "", "name": text, "uuid": ""}


def _label(to: dict[str, str]) -> str:
    if to.get("name") and to.get("code"):
        return f"{to['name']}（{to['code']}）"
    return to.get("name") or to.get("code") or ""


def send(db: Database, number: str, to_office: str, target: Path, *, on: dt.date | None = None) -> Moved:
    on = on or dt.date.today()
    to = destination(db, to_office)
    key = keys.private_key(db)
    office = rows.office(db, keys.public_hex(key))
    if to.get("uuid") == office["uuid"] or (to.get("code") and to["code"] == office.get("code")):
        raise ExchangeError(tr("迁往的单位就是本单位。"))
    with operation(db, tr("住户 {number} 迁出至 {to}").format(number=number, to=_label(to))) as op:
        s = op.session
        found = _rows_of(s, number)
        house, persons = found["household"][0], found["person"]
        maps = rows.uuids_of(s, [(BY_NAME[name], got) for name, got in found.items()])
        members = {f"{name}.jsonl": rows.dumps_lines([rows.encode(BY_NAME[name], r, maps) for r in got])
                   for name, got in found.items()}
        counts = {name: len(got) for name, got in found.items()}
        manifest = {"format": pkgfile.PACKAGE_FORMAT, "schema": migrate.head(), "office": office, "seq": 0,
                    "kind": KIND, "level": "full", "full": True, "counts": counts, "tombstones": 0,
                    "created_at": rows.plain(now()), "period": on.strftime("%Y-%m"),
                    "move": {"household": house["uuid"], "number": number, "on": on.isoformat(), "to": to}}
        mark = move_mark(on, _label(to)[:120])
        put(s, Household, house["id"], {"deleted_at": now(), "moved_on": on, "moved_to": _label(to)[:120],
                                        "note": (mark + (house["note"] or ""))[:500]})
        for p in persons:
            put(s, Person, p["id"], {"status": PersonStatus.MOVED_OUT.value, "status_date": on})
        try:
            sha = pkgfile.write(Path(target), manifest, members, key, db=db)
            s.add(SyncLog(direction="out", seq=0, sha256=sha, level=KIND, full=True, upto={}, counts=counts))
            s.flush()
        except BaseException:
            Path(target).unlink(missing_ok=True)
            raise
    return Moved(Path(target), number, to, sha, counts, op.change)


def _rows_of(s: Session, number: str) -> dict[str, list[Any]]:
    table = Household.__table__
    found = s.execute(select(table).where(table.c.number == number, table.c.deleted_at.is_(None))).mappings().all()
    if not found:
        raise ExchangeError(tr("没有户号为 {number} 的住户（或已在回收站）。").format(number=number))
    if len(found) > 1:
        raise ExchangeError(tr("户号 {number} 有 {n} 户，请先在住户里改正户号。").format(number=number, n=len(found)))
    person = Person.__table__
    persons = s.execute(select(person).where(person.c.household_id == found[0]["id"], person.c.deleted_at.is_(None),
                                             person.c.status == PersonStatus.ACTIVE.value)
                        .order_by(person.c.id)).mappings().all()
    if not persons:
        raise ExchangeError(tr("住户 {number} 没有在册的成员，不需要迁出。").format(number=number))
    out: dict[str, list[Any]] = {"household": list(found), "person": list(persons)}
    ids = [p["id"] for p in persons]
    for model in PERSON_TABLES:
        t = model.__table__
        out[t.name] = list(s.execute(select(t).where(t.c.person_id.in_(ids)).order_by(t.c.id)).mappings().all())
    return out


# ---- the receiving village -------------------------------------------------------------------


def check_destination(db: Database, manifest: dict[str, Any], path: Path) -> None:
    to = (manifest.get("move") or {}).get("to") or {}
    code = office_settings.get(db, office_settings.ADMIN_CODE)
    name = office_settings.get(db, office_settings.OFFICE_NAME)
    from gridoffice.store import identity

    if to.get("uuid") and to["uuid"] == identity.database_uuid(db):
        return
    wrong = (to.get("code") and code and to["code"] != code) or (not to.get("code") and to.get("name") and name
                                                                  and to["name"] != name)
    if wrong:
        raise ExchangeError(tr("{name} 是迁往 {to} 的迁户包，不是给本单位的，没有导入。").format(
            name=path.name, to=_label(to)))


def receive(db: Database, signed: pkgfile.Signed, *, grid_code: str | None = None,
            dry_run: bool = False) -> tuple[dict[str, Any], Change | None]:
    arriving = {name[:-6]: rows.loads_lines(data) for name, data in signed.members.items() if name.endswith(".jsonl")}
    house = arriving["household"][0] if arriving.get("household") else None
    if house is None or not arriving.get("person"):
        raise ExchangeError(tr("迁户包里没有住户或成员。"))
    sender = gates_text(signed.office)
    grid_id = scope.grid_id_by_code(db, grid_code) if grid_code else None
    if dry_run:
        with db.reading() as s:
            return _totals(_match(s, arriving)), None
    with operation(db, tr("迁入住户 {number}（来自 {office}）").format(number=house.get("number"), office=sender)) as op:
        s = op.session
        matched = _match(s, arriving)
        totals = _totals(matched)
        _take_in(s, arriving, matched, grid_id)
    return totals, op.change


def gates_text(office: dict[str, Any]) -> str:
    from gridoffice.services.exchange.gates import office_text

    return office_text(office)


def _match(s: Session, arriving: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, int | None]]:
    """Per table, arriving uuid → the local row it lands on (None: added)."""
    out: dict[str, dict[str, int | None]] = {}
    for name, got in arriving.items():
        table = BY_NAME[name].model.__table__  # type: ignore[attr-defined]
        uuids = [r["uuid"] for r in got]
        here: dict[str, int] = dict(s.execute(select(table.c.uuid, table.c.id).where(table.c.uuid.in_(uuids))).all()) if uuids else {}
        out[name] = {u: here.get(u) for u in uuids}
    numbers = {r["id_number"]: r["uuid"] for r in arriving["person"] if r.get("id_number") and not out["person"][r["uuid"]]}
    if numbers:
        for pid, number in s.execute(select(Person.id, Person.id_number).where(Person.id_number.in_(list(numbers)))):
            out["person"][numbers[number]] = pid  # the same person by ID number: updated, not duplicated
    if not out["household"][arriving["household"][0]["uuid"]]:
        number = arriving["household"][0].get("number")
        clash = s.execute(select(Household.id).where(Household.number == number, Household.deleted_at.is_(None))
                          .limit(1)).first()
        if clash is not None:
            raise ExchangeError(tr("本单位已有户号 {number} 的住户，请先把那一户改号，再导入迁户包。").format(number=number))
    return out


def _totals(matched: dict[str, dict[str, int | None]]) -> dict[str, Any]:
    added = {name: sum(1 for v in got.values() if v is None) for name, got in matched.items()}
    updated = {name: sum(1 for v in got.values() if v is not None) for name, got in matched.items()}
    zero = {name: 0 for name in matched}
    return {"added": added, "updated": updated, "unchanged": zero, "conflicts": dict(zero), "deleted": dict(zero),
            "refused": []}


def _take_in(s: Session, arriving: dict[str, list[dict[str, Any]]], matched: dict[str, dict[str, int | None]],
             grid_id: int | None) -> None:
    ids: dict[str, dict[str, int]] = {}
    for name in ("household", "person", *(m.__tablename__ for m in PERSON_TABLES)):
        t = BY_NAME[name]
        decoders = rows.decoder(t)
        columns = set(rows.compared(t)) | {"uuid", "version"}
        ids[name] = {}
        for r in arriving.get(name, []):
            values = {c: decoders[c](v) if c in decoders else v for c, v in r.items() if c in columns}
            values.pop("id_key", None)
            if name == "household":  # moved in: here it is not moved out (the package says where it left)
                values.update(grid_id=grid_id, deleted_at=None, moved_on=None, moved_to=None)
            elif name == "person":
                values.update(household_id=ids["household"].get(r.get("household_id") or ""), deleted_at=None,
                              name_pinyin=pinyin.full(values.get("name") or ""),
                              name_initials=pinyin.initials(values.get("name") or ""))
            else:
                values["person_id"] = ids["person"].get(r.get("person_id") or "")
                if values["person_id"] is None:
                    continue
            local = matched[name].get(r["uuid"]) or _same_record(s, name, values)
            if local is None:
                local = add(s, t.model, values)
            else:
                values.pop("uuid", None)  # a row already here keeps its own identity
                values.pop("version", None)
                put(s, t.model, local, values)
            s.execute(delete(SyncRow).where(SyncRow.table_name == name, SyncRow.uuid == r["uuid"]))
            ids[name][r["uuid"]] = local
    s.flush()


def _same_record(s: Session, name: str, values: dict[str, Any]) -> int | None:
    """A person's record of the same kind already here (one health record per person, one
    membership per category): updated rather than added twice."""
    pid = values.get("person_id")
    if name in _ONE_PER_PERSON and pid:
        model = BY_NAME[name].model
        return s.execute(select(model.id).where(model.person_id == pid)).scalar()  # type: ignore[attr-defined]
    if name == "key_membership" and pid:
        return s.execute(select(KeyMembership.id).where(KeyMembership.person_id == pid,
                                                        KeyMembership.category == values.get("category"))).scalar()
    return None
