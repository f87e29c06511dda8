"""The audit decoder: an audit event as a clerk reads it. One decoder for the audit pane,
``gridoffice audit`` and the audit ledger.

Field names become labels (services/field_labels.py), ids become what a clerk knows (a grid's
path, a 户号, a person's or staff member's name, a campaign's name), codes become words
(relation, ethnicity, grid level, campaign and hand-out states, key-population categories,
yes / no), times print as times, and the 对象 of an event is the thing's name. A row that no
longer exists is named from the values the trail kept when it was deleted.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from gridoffice.domain import privacy
from gridoffice.domain.codes import ETHNIC_GROUPS, GridLevel, grid_level_label, relation_name
from gridoffice.domain.population import (
    CATEGORIES,
    DISABILITY_GRADES,
    DISABILITY_TYPES,
    OLDEST_OLD_AGE,
)
from gridoffice.i18n import N_, tr
from gridoffice.services.campaigns.core import state_label as entitlement_state
from gridoffice.services.field_labels import field_label
from gridoffice.services.visits.rules import rule_category_label
from gridoffice.store.models import (
    AuditEvent,
    Campaign,
    CampaignAdjustment,
    Entitlement,
    Grid,
    Household,
    KeyMembership,
    KitItem,
    Matter,
    Person,
    Post,
    ReturneeStay,
    Staff,
    Visit,
)

ID_FIELDS = frozenset({"id_number"})
PHONE_FIELDS = frozenset({"phone", "work_phone", "emergency_phone"})
# column → the table whose id it holds
REFERENCES = {
    "grid_id": "grid", "parent_id": "grid", "household_id": "household", "person_id": "person",
    "reporter_person_id": "person", "staff_id": "staff", "handed_by_id": "staff", "reporter_staff_id": "staff",
    "handler_staff_id": "staff", "campaign_id": "campaign", "visit_id": "visit",
}
BOOLEANS = frozenset({"party_member", "active", "in_service_team", "registered_here", "reissue"})
CAMPAIGN_STATES = {"draft": N_("草稿（未生成名单）"), "open": N_("发放中"), "closed": N_("已结束")}
AGE_GROUPS = {"aged_60_plus": N_("60岁以上老年人"), "children": N_("未成年人")}
ATTR_LABELS = {a.key: a for c in CATEGORIES.values() for a in c.attrs}
CODE_LABELS = {"disability_type": DISABILITY_TYPES, "disability_grade": DISABILITY_GRADES}


@dataclass
class Names:
    """What the ids of a page of events stand for (filled by ``lookup``)."""
    grid: dict[int, str] = field(default_factory=dict)
    household: dict[int, str] = field(default_factory=dict)
    person: dict[int, str] = field(default_factory=dict)
    staff: dict[int, str] = field(default_factory=dict)
    campaign: dict[int, str] = field(default_factory=dict)
    visit: dict[int, str] = field(default_factory=dict)
    rows: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)  # post, kit_item…


def _json(value: str | None) -> dict[str, Any] | None:
    if not value or not value.startswith("{"):
        return None
    try:
        data = json.loads(value)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def lookup(s: Session, events: Iterable[AuditEvent]) -> Names:
    """One query per kind of id for a whole page of events."""
    events = list(events)
    wanted: dict[str, set[int]] = {k: set() for k in ("grid", "household", "person", "staff", "campaign", "visit",
                                                      "post", "kit_item", "key_membership", "returnee_stay",
                                                      "entitlement", "campaign_adjustment", "matter")}
    for e in events:
        if e.row_id is not None and e.table_name in wanted:
            wanted[e.table_name].add(e.row_id)
        for data in (_json(e.old), _json(e.new)):
            for key, value in (data or {}).items():
                if key in REFERENCES and _int(value) is not None:
                    wanted[REFERENCES[key]].add(int(value))
            if data and e.table_name == "campaign":
                wanted["grid"].update(_int(g) for g in data.get("grid_ids") or [] if _int(g) is not None)  # type: ignore[misc]
        if e.field in REFERENCES:
            for value in (e.old, e.new):
                if _int(value) is not None:
                    wanted[REFERENCES[e.field]].add(int(value))  # type: ignore[arg-type]
        if e.field == "grid_ids":
            for value in (e.old, e.new):
                wanted["grid"].update(g for g in (_int(x) for x in _list(value)) if g is not None)
    names = Names()
    # rows that name themselves through another table: fetch them first, then what they point to
    owned = {"post": (Post, ("staff_id", "grid_id", "role")), "kit_item": (KitItem, ("campaign_id", "name")),
             "key_membership": (KeyMembership, ("person_id", "category")),
             "returnee_stay": (ReturneeStay, ("person_id", "arrived_on")),
             "entitlement": (Entitlement, ("person_id", "campaign_id")),
             "campaign_adjustment": (CampaignAdjustment, ("person_id", "campaign_id", "include")),
             "matter": (Matter, ("reported_at", "category", "reporter_name")),
             "visit": (Visit, ("person_id", "household_id", "visit_date"))}
    for table, (model, columns) in owned.items():
        ids = list(wanted[table])
        for start in range(0, len(ids), 900):
            for row in s.execute(select(model.id, *(getattr(model, c) for c in columns))  # type: ignore[attr-defined]
                                 .where(model.id.in_(ids[start:start + 900]))):  # type: ignore[attr-defined]
                data = dict(zip(columns, row[1:], strict=True))
                names.rows[(table, row[0])] = data
                for key, value in data.items():
                    if key in REFERENCES and value is not None:
                        wanted[REFERENCES[key]].add(value)
    for table, model, column in (("household", Household, Household.number), ("person", Person, Person.name),
                                 ("staff", Staff, Staff.name), ("campaign", Campaign, Campaign.name)):
        ids = list(wanted[table])
        for start in range(0, len(ids), 900):
            getattr(names, table).update(s.execute(select(model.id, column)
                                                   .where(model.id.in_(ids[start:start + 900]))).all())
    if wanted["grid"]:
        names.grid = grid_paths(s)
    for vid, data in ((k[1], v) for k, v in names.rows.items() if k[0] == "visit"):
        names.visit[vid] = _visit_name(names, data)
    return names


def grid_paths(s: Session) -> dict[int, str]:
    """Every grid (deleted ones too: the trail remembers them) → its path below the street,
    the community left out when the database has only one."""
    rows = {r.id: r for r in s.execute(select(Grid.id, Grid.parent_id, Grid.name, Grid.level))}
    communities = sum(1 for r in rows.values() if r.level == GridLevel.COMMUNITY)
    out = {}
    for gid, r in rows.items():
        names = [r.name]
        cur = rows.get(r.parent_id)
        while cur is not None and cur.level != GridLevel.STREET:
            if cur.level != GridLevel.COMMUNITY or communities > 1:
                names.append(cur.name)
            cur = rows.get(cur.parent_id)
        out[gid] = " · ".join(reversed(names))
    return out


def _list(value: str | None) -> list[Any]:
    if not value or not value.startswith("["):
        return []
    try:
        data = json.loads(value)
    except ValueError:
        return []
    return data if isinstance(data, list) else []


def _gone(number: Any) -> str:
    return tr("（已删除的记录 {id}）").format(id=number)


def _ref(names: Names, table: str, value: Any) -> str:
    rid = _int(value)
    if rid is None:
        return str(value)
    found = getattr(names, table).get(rid)
    if found:
        return tr("户号 {number}").format(number=found) if table == "household" else str(found)
    return _gone(rid)


def _time(value: str) -> str:
    """ISO date or time → ``2023-01-04`` / ``2023-01-04 20:10``."""
    try:
        if "T" in value or " " in value.strip():
            return dt.datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return value
    return value


def _category(code: str) -> str:
    if code in AGE_GROUPS:
        return tr(AGE_GROUPS[code])
    if code == "aged_80_plus":
        return tr("{age}岁以上老年人").format(age=OLDEST_OLD_AGE)
    return rule_category_label(code)


def _yes_no(value: Any) -> str:
    return tr("是") if value in (True, "True", "true", "1", 1) else tr("否")


def value_text(table: str, name: str, value: Any, names: Names, masked: bool = False) -> str:
    """One column's value as a clerk reads it (``value`` as stored by the trail: text, or the
    JSON-decoded value inside a whole row)."""
    if value is None or value == "":
        return ""
    if name in ID_FIELDS:
        return privacy.mask_id(str(value)) if masked else str(value)
    if name in PHONE_FIELDS:
        return privacy.mask_phone(str(value)) if masked else str(value)
    if name in REFERENCES:
        return _ref(names, REFERENCES[name], value)
    if name in BOOLEANS:
        return _yes_no(value)
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if name == "grid_ids":
        ids = value if isinstance(value, list) else _list(text)
        return "、".join(_ref(names, "grid", g) for g in ids) or tr("全部网格")
    if name == "categories":
        codes = value if isinstance(value, list) else _list(text)
        return "、".join(_category(str(c)) for c in codes)
    if name == "attrs":
        data = value if isinstance(value, dict) else (_json(text) or {})
        return tr("，").join(f"{_attr_label(k)}{tr('：')}{_attr_value(k, v, masked)}" for k, v in data.items()
                            if v not in (None, ""))
    if name == "include" and table == "campaign_adjustment":
        return tr("加入名单") if value in (True, "True", "true", "1", 1) else tr("移出名单")
    if name == "relation":
        return relation_name(text) or text
    if name == "ethnicity":
        return ETHNIC_GROUPS.get(text, text)
    if name == "level" and table == "grid":
        return grid_level_label(text)
    if name == "state" and table == "campaign":
        return tr(CAMPAIGN_STATES[text]) if text in CAMPAIGN_STATES else text
    if name == "state" and table == "entitlement":
        return entitlement_state(text)
    if name == "category" and table in ("key_membership", "visit_rule"):
        return _category(text)
    if name == "interval_days":
        return tr("不走访") if text == "0" else tr("{n} 天").format(n=text)
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[:4].isdigit():
        return _time(value)
    return tr(text) if table == "matter" and name in ("state", "urgency") else text


def _attr_label(key: str) -> str:
    attr = ATTR_LABELS.get(key)
    return tr(attr.label) if attr else key.replace("_", " ")


def _attr_value(key: str, value: Any, masked: bool) -> str:
    if key in PHONE_FIELDS:
        return privacy.mask_phone(str(value)) if masked else str(value)
    attr = ATTR_LABELS.get(key)
    if attr is not None and attr.kind == "bool":
        return _yes_no(value)
    labels = CODE_LABELS.get(key)
    if labels is not None and str(value) in labels:
        return tr(labels[str(value)])
    return str(value)


_NOTE = re.compile(r"([a-z_]+) (\S+)→(\S+)")
_NOT_SHOWN = frozenset({"sort_order", "name_pinyin", "name_initials"})


def text(event: AuditEvent, raw: str | None, names: Names, masked: bool = False) -> str:
    """An old or new value of ``event``: one column's value, or a whole row (an insert's new
    values, a delete's old ones) as ``姓名：王秀英；电话：139…``. ``masked``: ID and phone fields
    masked, and any number typed into free text too (a note's "+86 130 …", a description)."""
    shown = _text(event, raw, names, masked)
    return privacy.mask_free_text(shown) if masked else shown


def _text(event: AuditEvent, raw: str | None, names: Names, masked: bool) -> str:
    if raw is None:
        return ""
    if not event.field:
        data = _json(raw)
        if data is None:
            note = _NOTE.fullmatch(raw)  # "state open→closed" (a note of a bulk update)
            if note is None:
                return raw
            name, old, new = note.groups()
            return "{label}{colon}{old}→{new}".format(
                label=field_label(event.table_name, name), colon=tr("："),
                old=value_text(event.table_name, name, old, names, masked),
                new=value_text(event.table_name, name, new, names, masked))
        parts = []
        for key, value in data.items():
            if key in _NOT_SHOWN:
                continue
            shown = value_text(event.table_name, key, value, names, masked)
            if shown:
                parts.append(f"{field_label(event.table_name, key)}{tr('：')}{shown}")
        return tr("；").join(parts)
    return value_text(event.table_name, event.field, raw, names, masked)


def _visit_name(names: Names, data: dict[str, Any]) -> str:
    who = (names.person.get(data.get("person_id") or 0)
           or (tr("户号 {number}").format(number=names.household[data["household_id"]])
               if data.get("household_id") in names.household else ""))
    day = data.get("visit_date")
    return tr("{who} {day} 走访").format(who=who, day=_time(str(day)) if day else "").strip()


def subject(event: AuditEvent, names: Names) -> str:
    """The 对象 of an event: the thing's name (a person, 户号, grid path, a campaign…)."""
    table, rid = event.table_name, event.row_id or 0
    data = names.rows.get((table, rid)) or _json(event.old) or _json(event.new) or {}
    person = _ref(names, "person", data["person_id"]) if data.get("person_id") is not None else ""
    campaign = _ref(names, "campaign", data["campaign_id"]) if data.get("campaign_id") is not None else ""
    if table in ("person", "staff", "campaign", "grid", "household"):
        known = {"person": names.person, "staff": names.staff, "campaign": names.campaign, "grid": names.grid,
                 "household": names.household}[table].get(rid)
        if known:
            return tr("户号 {number}").format(number=known) if table == "household" else str(known)
        if data.get("number"):
            return tr("户号 {number}").format(number=data["number"])
        return str(data.get("name") or (_gone(rid) if event.row_id is not None else ""))
    if table == "post":
        staff = _ref(names, "staff", data.get("staff_id"))
        grid = _ref(names, "grid", data.get("grid_id"))
        return tr("{staff}（{grid}{role}）").format(staff=staff, grid=grid, role=tr(data.get("role") or ""))
    if table == "key_membership":
        return tr("{person}（{category}）").format(person=person, category=_category(str(data.get("category", ""))))
    if table == "returnee_stay":
        return tr("{person}（返乡）").format(person=person)
    if table in ("entitlement", "campaign_adjustment"):
        return tr("{person}（{campaign}）").format(person=person, campaign=campaign)
    if table == "kit_item":
        return tr("{campaign}：{item}").format(campaign=campaign, item=data.get("name", ""))
    if table == "visit":
        return names.visit.get(rid) or _visit_name(names, data)
    if table == "visit_visitor":
        return tr("{staff}（走访人）").format(staff=_ref(names, "staff", data.get("staff_id")))
    if table == "visit_rule":
        return " ".join(p for p in (_category(str(data.get("category", ""))), data.get("risk_level") or "") if p)
    if table == "matter":
        at = _time(str(data.get("reported_at") or ""))
        return tr("{at} {category}事项").format(at=at, category=data.get("category") or "").strip()
    return ""
