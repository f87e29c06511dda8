"""Key-population memberships (attributes from domain/population.CATEGORIES) and returnee stays.

Age groups (60+, 80+, children) are not memberships: they come from the birth date
(``age_groups``) and are never written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridoffice.domain.ages import parse_loose_date
from gridoffice.domain.population import CATEGORIES, Attr, is_child, is_elderly, is_oldest_old
from gridoffice.i18n import tr
from gridoffice.services.changes import Change, operation
from gridoffice.services.errors import ServiceError
from gridoffice.services.roster.core import (
    NotFound,
    ValidationFailed,
    delete_row,
    insert_row,
    update_row,
)
from gridoffice.services.scope import returnee_expected_gone
from gridoffice.store import Database
from gridoffice.store.models import KeyMembership, Person, ReturneeStay


def age_groups(born: dt.date | None, on: dt.date) -> list[str]:
    """The computed groups on a date, as labels (60 岁以上, 80 岁以上, 未成年)."""
    groups = []
    if is_elderly(born, on):
        groups.append(tr("60 岁以上"))
    if is_oldest_old(born, on):
        groups.append(tr("80 岁以上"))
    if is_child(born, on):
        groups.append(tr("未成年"))
    return groups


def clean_attrs(category: str, raw: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise the attributes of a category; raises ValidationFailed."""
    cat = CATEGORIES.get(category)
    if cat is None:
        raise ValidationFailed({"category": tr("未知的重点人群类别：{code}").format(code=category)})
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for attr in cat.attrs:
        value = raw.get(attr.key)
        if value in (None, ""):
            continue
        try:
            out[attr.key] = _clean(attr, value)
        except _BadValue as exc:
            errors[attr.key] = f"{tr(attr.label)}：{exc}"
    if errors:
        raise ValidationFailed(errors)
    return out


class _BadValue(ServiceError):
    """One attribute value is wrong; collected into ValidationFailed."""


def _clean(attr: Attr, value: Any) -> Any:
    if attr.kind == "bool":
        return bool(value)
    if attr.kind == "int":
        try:
            number = int(str(value).strip())
        except ValueError:
            raise _BadValue(tr("应为整数")) from None
        if abs(number) > 1_000_000_000:
            raise _BadValue(tr("数值太大"))
        return number
    if attr.kind == "date":
        day = parse_loose_date(value)
        if day is None:
            raise _BadValue(tr("不是有效日期"))
        return day.isoformat()
    if attr.kind == "month":
        m = re.fullmatch(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?", str(value).strip())
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise _BadValue(tr("应为年月，如 2022-03"))
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"
    text = str(value).strip()
    if attr.kind == "choice" and text not in attr.choices:
        raise _BadValue(tr("应为其中之一：{choices}").format(choices="、".join(attr.choices)))
    return text


def memberships_of(db: Database, person_id: int) -> dict[str, KeyMembership]:
    with db.reading() as s:
        rows = s.scalars(select(KeyMembership).where(KeyMembership.person_id == person_id))
        return {m.category: m for m in rows}


def set_membership(db: Database, person_id: int, category: str, attrs: dict[str, Any],
                   risk_level: str = "", since: dt.date | None = None, until: dt.date | None = None,
                   note: str = "") -> Change:
    """Add the person to a category, or update the attributes when already in it."""
    values = dict(person_id=person_id, category=category, attrs=clean_attrs(category, attrs),
                  risk_level=risk_level, since=since, until=until, note=note)
    if since and until and until < since:
        raise ValidationFailed({"until": tr("结束日期早于开始日期")})
    with db.reading() as s:
        person = s.get(Person, person_id)
        if person is None:
            raise NotFound(tr("人员不存在"))
    label = tr(CATEGORIES[category].label)
    existing = memberships_of(db, person_id).get(category)
    if existing is None:
        return insert_row(db, KeyMembership, values,
                          tr("{name} 加入{label}").format(name=person.name, label=label))
    return update_row(db, KeyMembership, existing.id, values,  # type: ignore[arg-type]
                      tr("修改 {name} 的{label}信息").format(name=person.name, label=label))


def apply_memberships(s: Session, person_id: int, wanted: dict[str, dict[str, Any] | None]) -> None:
    """Inside an operation: put the person in each category named (its attributes) or out of it
    (None); a membership kept keeps its risk level, dates and note."""
    held = {m.category: m for m in s.scalars(select(KeyMembership).where(KeyMembership.person_id == person_id))}
    for category, attrs in wanted.items():
        old = held.get(category)
        if attrs is None:
            if old is not None:
                s.delete(old)
            continue
        clean = clean_attrs(category, attrs)
        if old is None:
            s.add(KeyMembership(person_id=person_id, category=category, attrs=clean))
        elif old.attrs != clean:
            old.attrs = clean
    s.flush()


def remove_membership(db: Database, person_id: int, category: str) -> Change:
    existing = memberships_of(db, person_id).get(category)
    if existing is None:
        raise NotFound(tr("该人员不在这一类重点人群中"))
    with db.reading() as s:
        person = s.get(Person, person_id)
    label = tr(CATEGORIES[category].label) if category in CATEGORIES else category
    return delete_row(db, KeyMembership, existing.id,  # type: ignore[arg-type]
                      tr("{name} 移出{label}").format(name=person.name if person else "", label=label))


# ---- returnees ---------------------------------------------------------------------------
@dataclass
class StayInput:
    arrived_on: object
    from_place: str = ""
    transport: str = ""
    expected_departure: object = None
    left_on: object = None
    current_address: str = ""
    note: str = ""
    registered_on: object = None  # 登记日期: when the office recorded the return

    def values(self) -> dict[str, Any]:
        errors: dict[str, str] = {}

        def day(key: str, raw: object, required: bool = False) -> dt.date | None:
            if raw in (None, ""):
                if required:
                    errors[key] = tr("请填写返乡日期")
                return None
            value = parse_loose_date(raw)
            if value is None:
                errors[key] = tr("不是有效日期")
            return value

        arrived = day("arrived_on", self.arrived_on, required=True)
        expected = day("expected_departure", self.expected_departure)
        left = day("left_on", self.left_on)
        registered = day("registered_on", self.registered_on)  # may precede the arrival (报备)
        if arrived and left and left < arrived:
            errors["left_on"] = tr("离开日期早于返乡日期")
        if arrived and expected and expected < arrived:
            errors["expected_departure"] = tr("预计离开日期早于返乡日期")
        if errors:
            raise ValidationFailed(errors)
        return dict(arrived_on=arrived, expected_departure=expected, left_on=left,
                    from_place=self.from_place.strip(), transport=self.transport.strip(),
                    current_address=self.current_address.strip(), note=self.note.strip(),
                    registered_on=registered)


def stays_of(db: Database, person_id: int) -> list[ReturneeStay]:
    with db.reading() as s:
        return list(s.scalars(select(ReturneeStay).where(ReturneeStay.person_id == person_id)
                              .order_by(ReturneeStay.arrived_on.desc())))


def add_stay(db: Database, person_id: int, data: StayInput) -> Change:
    values = data.values()
    person = db_person(db, person_id)
    return insert_row(db, ReturneeStay, {**values, "person_id": person_id},
                      tr("登记 {name} 返乡").format(name=person.name))


def edit_stay(db: Database, stay_id: int, data: StayInput) -> Change:
    values = data.values()
    with db.reading() as s:
        stay = s.get(ReturneeStay, stay_id)
        if stay is None:
            raise NotFound(tr("返乡记录不存在"))
        person = s.get(Person, stay.person_id)
    return update_row(db, ReturneeStay, stay_id, values,
                      tr("修改 {name} 的返乡记录").format(name=person.name if person else ""))


def remove_stay(db: Database, stay_id: int) -> Change:
    return delete_row(db, ReturneeStay, stay_id, tr("删除返乡记录"))


def db_person(db: Database, person_id: int) -> Person:
    with db.reading() as s:
        person = s.get(Person, person_id)
    if person is None:
        raise NotFound(tr("人员不存在"))
    return person


def confirm_departures(db: Database, person_ids: list[int], on: dt.date) -> Change:
    """预计已离开 → 已离开: the stays of these persons whose expected departure is past on ``on``
    with no departure recorded get it recorded as the expected day. One undo step."""
    with db.reading() as s:
        stays = s.execute(select(ReturneeStay.id, ReturneeStay.expected_departure)
                          .where(ReturneeStay.person_id.in_(person_ids), returnee_expected_gone(on))
                          .order_by(ReturneeStay.id)).all()
    if not stays:
        raise NotFound(tr("所选人员没有已过预计离开日期、尚未登记离开的返乡记录。"))
    values = dict(stays)
    with operation(db, tr("确认 {n} 名返乡人员已离开").format(n=len(stays))) as op:
        for stay in op.session.scalars(select(ReturneeStay).where(ReturneeStay.id.in_(list(values)))):
            stay.left_on = values[stay.id]  # through the ORM: the audit trail sees it
    return op.change
