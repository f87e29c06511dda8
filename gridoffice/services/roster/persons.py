"""Residents: validate, add, edit, change the head, record 迁出 / 死亡, recycle bin.

Validation uses the domain rules (idcard.check, phone.check, relation_code). A person without
an ID number is allowed (the lists flag them); an ID number already on record refuses the save
with a link to that person; the same name with the same birth date only warns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import delete, select

from gridoffice.domain import idcard, phone, pinyin
from gridoffice.domain.ages import age_on, parse_loose_date
from gridoffice.domain.codes import HEAD_RELATION, PersonStatus, relation_code, relation_name
from gridoffice.domain.idcard import IdProblem
from gridoffice.i18n import tr
from gridoffice.services.changes import Change, operation
from gridoffice.services.roster.core import (
    DuplicateId,
    NotFound,
    RosterError,
    ValidationFailed,
    add,
    now,
    put,
    update_row,
)
from gridoffice.services.roster.households import _refuse_if_referenced
from gridoffice.store import Database, versioning
from gridoffice.store.models import HEALTH_TABLES, Household, KeyMembership, Person, ReturneeStay

if TYPE_CHECKING:
    from gridoffice.services.health.edit import HealthEdit

T = TypeVar("T")


@dataclass
class PersonInput:
    """What the form holds, as typed."""

    name: str
    household_id: int | None = None
    relation: str = ""  # code, GB/T name or a clerk's word
    id_number: str = ""
    sex: str = ""
    birth_date: object = None  # date or text
    ethnicity: str | None = None
    phone: str = ""
    political_status: str = ""
    hukou_address: str = ""
    current_address: str = ""
    note: str = ""


@dataclass
class Checked:
    """The outcome of checking a PersonInput: values ready to store, or the reasons why not."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    duplicate: DuplicateId | None = None
    no_id: bool = False
    age: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


class Lookups:
    """The database's answers ``check_person`` asked for, kept per question: a form checks on
    every keystroke, and most keystrokes (a note, an address, half an ID number) change no
    question the database is asked. Only the last answer of each kind is kept; a form starts a
    new ``Lookups`` before it saves, so a save is always checked against the database as it is."""

    def __init__(self) -> None:
        self._last: dict[str, tuple[tuple[Any, ...], Any]] = {}

    def answer(self, question: tuple[Any, ...], read: Callable[[], T]) -> T:
        kind = question[0]
        known = self._last.get(kind)
        if known is not None and known[0] == question:
            return known[1]
        value = read()
        self._last[kind] = (question, value)
        return value


def _holder_of(db: Database, id_number: str, person_id: int | None) -> DuplicateId | None:
    """Another person (in the bin too) holding ``id_number``."""
    with db.reading() as s:
        other = s.execute(select(Person.id, Person.name, Person.household_id, Person.deleted_at, Household.number)
                          .outerjoin(Household, Person.household_id == Household.id)
                          .where(Person.id_number == id_number, Person.id != (person_id or -1))).first()
    if other is None:
        return None
    return DuplicateId(id_number, other.id, other.name, other.household_id, other.number or "",
                       other.deleted_at is not None)


def _namesake(db: Database, name: str, born: dt.date, person_id: int | None) -> str | None:
    """The name of another person with this name and birth date (not in the bin)."""
    with db.reading() as s:
        return s.execute(select(Person.name).where(
            Person.name == name, Person.birth_date == born, Person.deleted_at.is_(None),
            Person.id != (person_id or -1)).limit(1)).scalar()


def _head_of(db: Database, household_id: int, person_id: int | None) -> str | None:
    """The name of the household's active head other than ``person_id``."""
    with db.reading() as s:
        # filtered in Python: a status condition in SQL makes SQLite scan the status index
        rows = s.execute(select(Person.id, Person.name, Person.relation, Person.deleted_at, Person.status)
                         .where(Person.household_id == household_id).order_by(Person.id)).all()
    return next((r.name for r in rows if r.relation == HEAD_RELATION and r.deleted_at is None
                 and r.status == PersonStatus.ACTIVE and r.id != person_id), None)


def check_person(db: Database, data: PersonInput, person_id: int | None = None,
                 today: dt.date | None = None, lookups: Lookups | None = None) -> Checked:
    """Check everything a form can check, including duplicates in the database (``lookups``:
    the form's memory of the database's answers, see ``Lookups``)."""
    today = today or dt.date.today()
    out = Checked()
    name = "".join(data.name.split())
    if not name:
        out.errors["name"] = tr("请填写姓名")
    id_number = None
    born = parse_loose_date(data.birth_date) if data.birth_date not in (None, "") else None
    if data.birth_date not in (None, "") and born is None:
        out.errors["birth_date"] = tr("出生日期不是有效日期")
    sex = data.sex or None
    result = idcard.check(data.id_number, today)
    if result.problem == IdProblem.EMPTY:
        out.no_id = True
    elif result.ok:
        id_number = result.normalized
        born, sex = result.birth_date, result.sex
    else:
        out.errors["id_number"] = result.message
    if born is not None and born > today:
        out.errors["birth_date"] = tr("出生日期晚于今天")
    if sex not in (None, "男", "女"):
        out.errors["sex"] = tr("性别应为男或女")
    relation = None
    if data.relation and data.relation.strip():
        relation = relation_code(data.relation, sex)
        if relation is None:
            out.errors["relation"] = tr("不认识的关系“{text}”，请从列表中选择").format(text=data.relation.strip())
    tel = phone.check(data.phone)
    if not tel.ok:
        out.errors["phone"] = tel.problem or ""
    ask = lookups or Lookups()
    if id_number:
        out.duplicate = ask.answer(("id", id_number, person_id), lambda: _holder_of(db, id_number, person_id))
        if out.duplicate is not None:
            out.errors["id_number"] = str(out.duplicate)
    if name and born is not None:
        same = ask.answer(("same", name, born, person_id), lambda: _namesake(db, name, born, person_id))
        if same is not None:
            out.warnings.append(tr("已有同名同出生日期的人员：{name}（{born}），请确认不是同一人").format(
                name=same, born=born.isoformat()))
    if relation == HEAD_RELATION and data.household_id is not None:
        household_id = data.household_id
        head = ask.answer(("head", household_id, person_id), lambda: _head_of(db, household_id, person_id))
        if head is not None:
            out.errors["relation"] = tr("该户已有户主 {name}，请用“设为户主”更换").format(name=head)
    out.age = age_on(born, today) if born else None
    out.values = dict(  # the pinyin is added by the save, and only for a new name (see _spelled)
        name=name, household_id=data.household_id,
        relation=relation, id_number=id_number, sex=sex, birth_date=born,
        ethnicity=data.ethnicity or None, phone=tel.normalized,
        political_status=data.political_status.strip(), hukou_address=data.hukou_address.strip(),
        current_address=data.current_address.strip(), note=data.note.strip(),
    )
    return out


def _checked_or_raise(db: Database, data: PersonInput, person_id: int | None) -> Checked:
    checked = check_person(db, data, person_id)
    if checked.duplicate is not None:
        raise checked.duplicate
    if not checked.ok:
        raise ValidationFailed(checked.errors)
    return checked


def pinyin_ready() -> bool:
    return pinyin.ready()


def prepare_name_readings() -> bool:
    """Load pypinyin before a save needs it (~0.5–1 s the first time; its dictionaries are
    parsed in pieces, so the GUI thread runs meanwhile). The person form asks for it in the
    pool when it opens, while the clerk types; False: it was loaded already."""
    if pinyin.ready():
        return False
    pinyin.prepare()
    return True


def add_person(db: Database, data: PersonInput) -> Change:
    return save_person(db, None, data)


def edit_person(db: Database, person_id: int, data: PersonInput) -> Change:
    return save_person(db, person_id, data)


def save_person(db: Database, person_id: int | None, data: PersonInput,
                memberships: dict[str, dict[str, Any] | None] | None = None,
                health: HealthEdit | None = None) -> Change:
    """The person form's save: the person (new when ``person_id`` is None), the key-population
    categories named in ``memberships`` (attributes, or None to leave one) and what the 健康 tab
    changed, one transaction and one undo step. The new person's id is the one in
    ``change.rows["person"]``."""
    from gridoffice.services.roster.memberships import apply_memberships

    checked = _checked_or_raise(db, data, person_id)
    health = health.checked(db) if health is not None and not health.empty else None
    name = checked.values["name"]
    text = tr("新增人员 {name}") if person_id is None else tr("修改人员 {name}")
    with operation(db, text.format(name=name)) as op:
        values = dict(checked.values)
        old = op.session.get(Person, person_id) if person_id is not None else None
        if old is None or old.name != name:
            values.update(_spelled(name))
        if person_id is None:
            person_id = add(op.session, Person, values)
        else:
            put(op.session, Person, person_id, values)
        apply_memberships(op.session, person_id, memberships or {})
        if health is not None:
            op.session.flush()
            health.write(op, person_id)
    return op.change


def _spelled(name: str) -> dict[str, str]:
    """The pinyin the lists sort and search by. Only for a new or changed name: the first call
    loads pypinyin's phrase dictionary (about a second, holding the interpreter lock, so the
    window stands still), which a save that keeps the name never needs."""
    return dict(name_pinyin=pinyin.full(name) if name else "", name_initials=pinyin.initials(name) if name else "")


def get_person(db: Database, person_id: int) -> Person:
    with db.reading() as s:
        person = s.get(Person, person_id)
    if person is None:
        raise NotFound(tr("人员不存在"))
    return person


def person_id_by_id_number(db: Database, id_number: str) -> int | None:
    """The person whose ID number this is (case and spaces around it do not matter), or None."""
    with db.reading() as s:
        return s.scalars(select(Person.id).where(Person.id_number == id_number.strip().upper())).first()


def as_input(person: Person) -> PersonInput:
    return PersonInput(
        name=person.name, household_id=person.household_id, relation=relation_name(person.relation),
        id_number=person.id_number or "", sex=person.sex or "", birth_date=person.birth_date,
        ethnicity=person.ethnicity, phone=person.phone or "", political_status=person.political_status,
        hukou_address=person.hukou_address, current_address=person.current_address, note=person.note)


def change_head(db: Database, person_id: int, old_head_relation: str = "") -> Change:
    """Make a member the head; the former head gets ``old_head_relation`` (relative to the new
    head, e.g. 配偶 / 父母; default 其他亲属)."""
    person = get_person(db, person_id)
    if person.household_id is None:
        raise RosterError(tr("该人员未归入任何一户"))
    if person.status != PersonStatus.ACTIVE:
        raise RosterError(tr("{name} 已{status}，不能设为户主").format(name=person.name, status=person.status))
    if person.relation == HEAD_RELATION:
        raise RosterError(tr("{name} 已是户主").format(name=person.name))
    new_code = relation_code(old_head_relation) if old_head_relation else "80"
    if new_code is None or new_code == HEAD_RELATION:
        raise ValidationFailed({"relation": tr("原户主的新关系“{text}”不对").format(text=old_head_relation)})
    with operation(db, tr("设 {name} 为户主").format(name=person.name)) as op:
        s = op.session
        heads = list(s.scalars(select(Person.id).where(
            Person.household_id == person.household_id, Person.relation == HEAD_RELATION,
            Person.deleted_at.is_(None))))
        for hid in heads:
            put(s, Person, hid, {"relation": new_code})
        put(s, Person, person_id, {"relation": HEAD_RELATION})
    return op.change


def set_status(db: Database, person_id: int, status: str, on: dt.date | None) -> Change:
    """Record 迁出 / 死亡 with the date (or back to 在册). The person stays on record."""
    person = get_person(db, person_id)
    if status not in tuple(PersonStatus):
        raise ValidationFailed({"status": tr("状态应为在册、迁出或死亡")})
    if status != PersonStatus.ACTIVE and on is None:
        raise ValidationFailed({"status_date": tr("请填写{status}日期").format(status=status)})
    if on is not None and on > dt.date.today():
        raise ValidationFailed({"status_date": tr("日期晚于今天")})
    if on is not None and person.birth_date is not None and on < person.birth_date:
        raise ValidationFailed({"status_date": tr("日期早于出生日期")})
    labels = {PersonStatus.MOVED_OUT: tr("登记 {name} 迁出"), PersonStatus.DECEASED: tr("登记 {name} 死亡"),
              PersonStatus.ACTIVE: tr("恢复 {name} 为在册")}
    return update_row(db, Person, person_id, {"status": status, "status_date": on if status != "在册" else None},
                      labels[PersonStatus(status)].format(name=person.name))


def remove_person(db: Database, person_id: int) -> Change:
    person = get_person(db, person_id)
    return update_row(db, Person, person_id, {"deleted_at": now()},
                      tr("删除人员 {name}（移入回收站）").format(name=person.name))


def restore_person(db: Database, person_id: int) -> Change:
    person = get_person(db, person_id)
    if person.deleted_at is None:
        raise RosterError(tr("{name} 不在回收站").format(name=person.name))
    with db.reading() as s:
        household = s.get(Household, person.household_id) if person.household_id else None
    if household is not None and household.deleted_at is not None:
        raise RosterError(tr("{name} 所在的住户 {number} 也在回收站，请恢复该户").format(
            name=person.name, number=household.number))
    return update_row(db, Person, person_id, {"deleted_at": None}, tr("恢复人员 {name}").format(name=person.name))


def purge_person(db: Database, person_id: int) -> Change:
    """Delete a binned person for good (the second confirmation). Not undoable."""
    with db.session() as s:
        person = s.get(Person, person_id)
        if person is None or person.deleted_at is None:
            raise RosterError(tr("只能彻底删除回收站中的人员"))
        _refuse_if_referenced(s, [person_id], None)
        s.execute(delete(KeyMembership).where(KeyMembership.person_id == person_id))
        s.execute(delete(ReturneeStay).where(ReturneeStay.person_id == person_id))
        for table in HEALTH_TABLES:  # they travel: the other offices hear of the deletion
            versioning.tomb_where(s.connection(), table, table.person_id == person_id, db.operator)
            s.execute(delete(table).where(table.person_id == person_id))
        s.delete(person)
        name = person.name
    return Change.of(tr("彻底删除人员 {name}").format(name=name), {"person": [person_id]},
                     tables=("key_membership", "returnee_stay"))
