"""Whom a filled form lists: the rows (one value per mapped field) for residents, households,
grid staff; the per-grid counts are in ``fill_counts``.

    who = parse_who("age:80")          # all / households / staff / returnees / CATEGORY / age:N /
                                       # campaign:ID / grids / grids:general / communities
    rows = person_rows(db, who, ["serial", "name", "id_number"], grid_id, on, public)

A value is computed only for the fields the form asks for; key-population marks, returnee stays
and hand-outs are looked up only when a column needs them. In the public version IDs and phones
are masked (``domain.privacy``) and sensitive fields stay empty, as in the ledgers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select

from gridoffice.domain import privacy
from gridoffice.domain.ages import age_on, latest_birth_for_age
from gridoffice.domain.codes import ETHNIC_GROUPS, relation_name
from gridoffice.domain.population import CATEGORIES, DISABILITY_GRADES, DISABILITY_TYPES
from gridoffice.i18n import tr
from gridoffice.services.errors import ServiceError
from gridoffice.services.fill import form_fields
from gridoffice.services.grids import core as grids
from gridoffice.services.ledgers import kit
from gridoffice.services.scope import Scope, grid_subtree_ids, person_filter, returnee_present
from gridoffice.store import Database
from gridoffice.store.models import (
    Entitlement,
    Household,
    KeyMembership,
    Person,
    Post,
    ReturneeStay,
    Staff,
)

GRID_KINDS = ("grids", "grids:general", "communities")


class FillError(ServiceError):
    """What was asked cannot be filled; ``str(err)`` is the sentence."""


@dataclass(frozen=True)
class Who:
    kind: str  # all / households / staff / returnees / category / age / campaign / grids…
    value: str | int | None = None

    @property
    def mode(self) -> str:
        """The field group a form filled for this answers with."""
        if self.kind in GRID_KINDS:
            return form_fields.COUNT
        if self.kind == "staff":
            return form_fields.STAFF
        if self.kind == "households":
            return form_fields.HOUSEHOLD
        return form_fields.PERSON

    @property
    def text(self) -> str:
        return f"{self.kind}:{self.value}" if self.kind in ("age", "campaign") else (
            str(self.value) if self.kind == "category" else self.kind)


def parse_who(text: str | None, default: str = "all") -> Who:
    value = (text or default).strip()
    if value in ("all", "households", "staff", "returnees", *GRID_KINDS):
        return Who(value)
    if value in CATEGORIES:
        return Who("category", value)
    head, _, rest = value.partition(":")
    if head in ("age", "campaign") and rest.isdigit() and 0 < int(rest) < 100_000:
        return Who(head, int(rest))
    codes = "、".join(CATEGORIES)
    raise FillError(tr("不认识“{who}”。可填：all、households、staff、returnees、grids、grids:general、communities、"
                       "age:60 这样的年龄、campaign:1 这样的发放活动，或重点人群代码（{codes}）。").format(who=value, codes=codes))


_PERSON = (Household.grid_id, Household.number, Household.address, Household.village_group, Household.compound,
           Household.building, Household.unit, Household.door, Household.id, Person.id, Person.name, Person.sex,
           Person.id_number, Person.birth_date, Person.phone, Person.ethnicity, Person.relation,
           Person.political_status, Person.hukou_address, Person.note)


@dataclass
class _Context:
    db: Database
    on: dt.date
    public: bool
    paths: dict[int, kit.GridPath]
    grid_id: int | None
    campaign_id: int | None = None
    _memberships: dict[int, dict[str, dict]] | None = None
    _stays: dict[int, Any] | None = None
    _handouts: dict[int, Any] | None = None
    _heads: dict[int, tuple[str, str]] | None = None
    _members: dict[int, int] | None = None

    def memberships(self) -> dict[int, dict[str, dict]]:
        if self._memberships is None:
            with self.db.reading() as s:
                stmt = (select(KeyMembership.person_id, KeyMembership.category, KeyMembership.attrs)
                        .where(or_(KeyMembership.since.is_(None), KeyMembership.since <= self.on),
                               or_(KeyMembership.until.is_(None), KeyMembership.until >= self.on)))
                found: dict[int, dict[str, dict]] = {}
                for pid, category, attrs in s.execute(stmt):
                    found.setdefault(pid, {})[category] = attrs or {}
            self._memberships = found
        return self._memberships

    def stays(self) -> dict[int, Any]:
        if self._stays is None:
            with self.db.reading() as s:
                rows = s.execute(select(ReturneeStay).where(returnee_present(self.on))
                                 .order_by(ReturneeStay.arrived_on)).scalars().all()
                self._stays = {r.person_id: r for r in rows}
        return self._stays

    def handouts(self) -> dict[int, Any]:
        if self._handouts is None:
            with self.db.reading() as s:
                q = select(Entitlement.person_id, Entitlement.handed_on, Entitlement.method)
                if self.campaign_id is not None:
                    q = q.where(Entitlement.campaign_id == self.campaign_id)
                self._handouts = {pid: (day, method) for pid, day, method in s.execute(q.order_by(Entitlement.id))}
        return self._handouts

    def heads(self) -> dict[int, tuple[str, str]]:
        if self._heads is None:
            with self.db.reading() as s:
                q = (select(Person.household_id, Person.name, Person.id_number).where(
                    Person.relation == "02", Person.deleted_at.is_(None)).order_by(Person.id))
                self._heads = {}
                for hid, name, idn in s.execute(q):
                    self._heads.setdefault(hid, (name, idn or ""))
        return self._heads

    def members(self) -> dict[int, int]:
        if self._members is None:
            with self.db.reading() as s:
                q = (select(Person.household_id, func.count()).join(Household, Person.household_id == Household.id)
                     .where(person_filter(s, Scope(), self.on)).group_by(Person.household_id))
                self._members = dict(s.execute(q).all())
        return self._members


def _attr(ctx: _Context, pid: int, category: str, key: str) -> Any:
    return ctx.memberships().get(pid, {}).get(category, {}).get(key)


def _path(ctx: _Context, r: Any) -> kit.GridPath:
    return ctx.paths.get(r[0], kit.NO_PATH) if r[0] is not None else kit.NO_PATH


_GETTERS: dict[str, Callable[[_Context, Any], Any]] = {
    "name": lambda c, r: r[10],
    "sex": lambda c, r: r[11],
    "id_number": lambda c, r: privacy.mask_id(r[12]) if c.public else r[12],
    "birth_date": lambda c, r: r[13],
    "age": lambda c, r: age_on(r[13], c.on) if r[13] else None,
    "phone": lambda c, r: privacy.mask_phone(r[14]) if c.public else r[14],
    "ethnicity": lambda c, r: ETHNIC_GROUPS.get(r[15] or "", r[15]),
    "relation": lambda c, r: tr(relation_name(r[16])) if r[16] else "",
    "political_status": lambda c, r: r[17],
    "hukou_address": lambda c, r: r[18],
    "note": lambda c, r: r[19],
    "address": lambda c, r: kit.address(*r[1:8]),
    "household_number": lambda c, r: r[1],
    "community": lambda c, r: _path(c, r).community,
    "general_grid": lambda c, r: _path(c, r).general,
    "micro_grid": lambda c, r: _path(c, r).micro,
    "head_name": lambda c, r: c.heads().get(r[8], ("", ""))[0],
    "head_id_number": lambda c, r: (privacy.mask_id if c.public else str)(c.heads().get(r[8], ("", ""))[1]),
    "members": lambda c, r: c.members().get(r[8], 0),
    "category": lambda c, r: "、".join(tr(CATEGORIES[k].label) for k in CATEGORIES if k in c.memberships().get(r[9], {})),
    "disability_type": lambda c, r: tr(DISABILITY_TYPES.get(str(_attr(c, r[9], "disabled", "disability_type")), "")
                                       or str(_attr(c, r[9], "disabled", "disability_type") or "")),
    "disability_grade": lambda c, r: tr(DISABILITY_GRADES.get(str(_attr(c, r[9], "disabled", "disability_grade")), "")
                                        or str(_attr(c, r[9], "disabled", "disability_grade") or "")),
    "disability_card": lambda c, r: _attr(c, r[9], "disabled", "card_number"),
    "doctor": lambda c, r: _attr(c, r[9], "chronic", "doctor"),
    "living": lambda c, r: _attr(c, r[9], "elderly", "living"),
    "handed_on": lambda c, r: (c.handouts().get(r[9]) or (None, ""))[0],
    "handout_method": lambda c, r: (c.handouts().get(r[9]) or (None, ""))[1],
    "arrived_on": lambda c, r: getattr(c.stays().get(r[9]), "arrived_on", None),
    "from_place": lambda c, r: getattr(c.stays().get(r[9]), "from_place", ""),
    "expected_departure": lambda c, r: getattr(c.stays().get(r[9]), "expected_departure", None),
    "transport": lambda c, r: getattr(c.stays().get(r[9]), "transport", ""),
}
for _code in CATEGORIES:
    _GETTERS[f"is:{_code}"] = (lambda code: lambda c, r: tr("是") if code in c.memberships().get(r[9], {}) else tr("否"))(_code)


def _getter(key: str, public: bool) -> Callable[[_Context, Any], Any]:
    spec = form_fields.BY_KEY.get(key)
    if key == "serial" or spec is None or (public and spec.sensitive):
        return lambda c, r: None
    return _GETTERS.get(key, lambda c, r: None)


def person_rows(db: Database, who: Who, keys: Sequence[str], grid_id: int | None, on: dt.date,
                public: bool) -> list[list[Any]]:
    """One row per resident (or per household for ``households``), values for ``keys``."""
    if public and who.kind in ("category", "campaign", "returnees"):
        raise FillError(tr("重点人群、发放和返乡人员名单含有敏感信息，不能填成公示版。"))
    with db.reading() as s:
        paths = kit.grid_paths(s)
        category = who.value if who.kind == "category" else None
        scope = Scope(grid_id=grid_id, category=str(category) if category else None,
                      returnees_on=on if who.kind == "returnees" else None)
        stmt = (select(*_PERSON).join(Household, Person.household_id == Household.id)
                .where(Household.deleted_at.is_(None), person_filter(s, scope, on)))
        if who.kind == "age":
            stmt = stmt.where(Person.birth_date <= latest_birth_for_age(int(who.value or 0), on))
        if who.kind == "campaign":
            from gridoffice.services.campaigns.core import WITHDRAWN, campaign_or_error

            campaign_or_error(s, int(who.value or 0))
            stmt = stmt.where(Person.id.in_(select(Entitlement.person_id).where(
                Entitlement.campaign_id == who.value, Entitlement.state != WITHDRAWN)))
        if who.kind == "households":
            stmt = stmt.where(Person.relation == "02")
        stmt = stmt.order_by(Household.grid_id, Household.number, Household.id, Person.relation, Person.id)
    ctx = _Context(db, on, public, paths, grid_id, who.value if who.kind == "campaign" else None)  # type: ignore[arg-type]
    getters = [_getter(k, public) for k in keys]
    rows = [[g(ctx, r) for g in getters] for r in kit.stream(db, stmt)]
    if who.kind == "households":
        rows += _households_without_head(db, ctx, keys, getters, grid_id, on)
    return rows


def _households_without_head(db: Database, ctx: _Context, keys: Sequence[str], getters: list, grid_id: int | None,
                             on: dt.date) -> list[list[Any]]:
    """A household whose 户主 is not recorded still gets its row (its first member named)."""
    with db.reading() as s:
        headed = select(Person.household_id).where(Person.relation == "02", person_filter(s, Scope(), on))
        stmt = (select(*_PERSON).join(Household, Person.household_id == Household.id)
                .where(Household.deleted_at.is_(None), person_filter(s, Scope(grid_id=grid_id), on),
                       Household.id.not_in(headed))
                .order_by(Household.grid_id, Household.number, Household.id, Person.id))
    seen: set[int] = set()
    out = []
    for r in kit.stream(db, stmt):
        if r[8] in seen:
            continue
        seen.add(r[8])
        out.append([g(ctx, r) for g in getters])
    return out


_STAFF_GETTERS: dict[str, Callable[[Any, bool], Any]] = {
    "name": lambda r, p: r.name,
    "sex": lambda r, p: r.sex,
    "phone": lambda r, p: r.phone,  # a work phone is public (posters show it)
    "role": lambda r, p: r.post,
    "background": lambda r, p: r.background,
    "community": lambda r, p: r.community,
    "general_grid": lambda r, p: r.general,
    "micro_grid": lambda r, p: r.micro,
    "note": lambda r, p: None if p else r.note,
}


@dataclass(frozen=True)
class _StaffRow:
    name: str
    sex: str
    phone: str
    post: str
    background: str
    community: str
    general: str
    micro: str
    note: str


def staff_rows(db: Database, keys: Sequence[str], grid_id: int | None, public: bool) -> list[list[Any]]:
    """One row per post held by an active worker, in grid order."""
    with db.reading() as s:
        table = grids.catalogue(s)
        chosen = set(grid_subtree_ids(s, grid_id)) if grid_id is not None else None
        rows = s.execute(select(Post.grid_id, Post.role, Post.work_phone, Staff.name, Staff.sex, Staff.phone,
                                Staff.background, Staff.note).join(Staff, Staff.id == Post.staff_id)
                         .where(Staff.active).order_by(Post.sort_order, Post.id)).all()
    items = []
    for gid, role, work_phone, name, sex, phone, background, note in rows:
        g = table.get(gid)
        if g is None or g.deleted or (chosen is not None and gid not in chosen):
            continue
        items.append((grids.order_key(table, gid), _StaffRow(name, sex or "", work_phone or phone or "", tr(role),
                                                               background, g.community, g.general, g.micro, note)))
    items.sort(key=lambda item: item[0])
    getters = [_STAFF_GETTERS.get(k, lambda r, p: None) for k in keys]
    return [[g(row, public) for g in getters] for _key, row in items]
