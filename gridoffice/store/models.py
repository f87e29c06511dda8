"""The tables. One database holds a village or a whole street office: grids form a tree whose
root is a street (街道) or a community (总网格).

Conventions: residents are never deleted (``status`` 在册 / 迁出 / 死亡, with a date);
records that a clerk removes by mistake carry ``deleted_at`` (the recycle bin) until a second
confirmation purges them. Codes are the Chinese field codes of ``gridoffice.domain.codes``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


def _now() -> dt.datetime:
    """Times are the office's local time, stored naive (a clerk's PC, one time zone)."""
    return dt.datetime.now().replace(microsecond=0)


def new_uuid() -> str:
    return uuid.uuid4().hex


class Travels(SQLModel):
    """The columns of a table whose rows travel between offices in exchange packages (issue 19;
    the tables are listed in ``store/travel.py``). ``uuid`` names the row in every office;
    ``version`` counts its edits; ``change_seq`` is this database's change number of the last
    edit (NULL: written by a bulk path and not yet stamped — the next package stamps it). The
    flush listener in ``store/versioning.py`` keeps them; a deleted row leaves a ``Tombstone``."""

    uuid: str | None = Field(default_factory=new_uuid, max_length=32, unique=True, index=True,
                             sa_column_kwargs={"default": new_uuid})
    version: int = Field(default=1, sa_column_kwargs={"default": 1, "server_default": "1"})
    modified_at: dt.datetime | None = Field(default_factory=_now, sa_type=DateTime,
                                            sa_column_kwargs={"default": _now})
    modified_by: str = Field(default="", max_length=50, sa_column_kwargs={"default": "", "server_default": ""})
    change_seq: int | None = Field(default=None, index=True)


class Grid(Travels, table=True):
    __tablename__ = "grid"
    __table_args__ = (Index("ix_grid_parent_sort", "parent_id", "sort_order"),)

    id: int | None = Field(default=None, primary_key=True)
    parent_id: int | None = Field(default=None, foreign_key="grid.id", index=True)
    level: str = Field(max_length=16, index=True)  # GridLevel
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=100)
    covers: str = Field(default="", max_length=500)  # 组 / 小区 / 楼栋 / 单元 it covers
    sort_order: int = 0
    note: str = Field(default="", max_length=500)
    deleted_at: dt.datetime | None = Field(default=None, sa_type=DateTime)


class Staff(Travels, table=True):
    __tablename__ = "staff"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=50, index=True)
    name_pinyin: str = Field(default="", max_length=200)
    name_initials: str = Field(default="", max_length=50)
    sex: str | None = Field(default=None, max_length=2)
    phone: str | None = Field(default=None, max_length=20)
    background: str = Field(default="", max_length=50)  # 两委, 组长, 党员, 楼栋长, 医生…
    party_member: bool = False
    photo_path: str | None = Field(default=None, max_length=500)
    active: bool = Field(default=True, index=True)
    note: str = Field(default="", max_length=500)


class Post(Travels, table=True):
    """A staff member's post in a grid (one person may hold posts in several grids)."""

    __tablename__ = "post"
    __table_args__ = (UniqueConstraint("staff_id", "grid_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    grid_id: int = Field(foreign_key="grid.id", index=True)
    role: str = Field(max_length=20)  # Role
    in_service_team: bool = False
    work_phone: str | None = Field(default=None, max_length=20)  # when not the staff phone
    sort_order: int = 0


class Household(Travels, table=True):
    __tablename__ = "household"

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=40, index=True)  # 户号
    grid_id: int | None = Field(default=None, foreign_key="grid.id", index=True)  # micro-grid
    village_group: str = Field(default="", max_length=40)  # 组 (village)
    compound: str = Field(default="", max_length=60)  # 小区 (community)
    building: str = Field(default="", max_length=20)  # 楼栋
    unit: str = Field(default="", max_length=20)  # 单元
    door: str = Field(default="", max_length=40)  # 门牌 / 房号
    address: str = Field(default="", max_length=200)  # full address as written
    hukou_type: str = Field(default="", max_length=10)
    registered_here: bool = True  # 人户一致
    residence_state: str = Field(default="常住", max_length=10)
    note: str = Field(default="", max_length=500)
    created_at: dt.datetime = Field(default_factory=_now, sa_type=DateTime)
    updated_at: dt.datetime = Field(default_factory=_now, sa_type=DateTime)
    deleted_at: dt.datetime | None = Field(default=None, sa_type=DateTime)
    # moved to another office with a move package (issue 19, migration 0008): the day it left
    # and where to ("名称（行政区划代码）", a name or a code); NULL for a household never moved
    moved_on: dt.date | None = None
    moved_to: str | None = Field(default=None, max_length=120)


class Person(Travels, table=True):
    __tablename__ = "person"
    __table_args__ = (
        Index("ix_person_status_birth", "status", "birth_date", "household_id", "sex", "deleted_at"),  # covering (0009)
        Index("ix_person_household", "household_id"),
        # the age pyramid as range counts of the index alone (migration 0007)
        Index("ix_person_status_sex_birth", "status", "sex", "birth_date", "household_id", "deleted_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    household_id: int | None = Field(default=None, foreign_key="household.id")
    relation: str | None = Field(default=None, max_length=4)  # GB/T 4761 code
    name: str = Field(max_length=50, index=True)
    name_pinyin: str = Field(default="", max_length=200, index=True)
    name_initials: str = Field(default="", max_length=50, index=True)
    id_number: str | None = Field(default=None, max_length=18, unique=True)
    sex: str | None = Field(default=None, max_length=2)
    birth_date: dt.date | None = None
    ethnicity: str | None = Field(default=None, max_length=2)  # GB 3304 code
    phone: str | None = Field(default=None, max_length=20, index=True)
    political_status: str = Field(default="", max_length=20)
    hukou_address: str = Field(default="", max_length=200)  # 户籍地
    current_address: str = Field(default="", max_length=200)  # 现住地
    status: str = Field(default="在册", max_length=4)  # PersonStatus
    status_date: dt.date | None = None
    note: str = Field(default="", max_length=500)
    created_at: dt.datetime = Field(default_factory=_now, sa_type=DateTime)
    updated_at: dt.datetime = Field(default_factory=_now, sa_type=DateTime)
    deleted_at: dt.datetime | None = Field(default=None, sa_type=DateTime)


class KeyMembership(Travels, table=True):
    """A person's membership of a key-population category (see domain/population.py: the
    category registry says which attributes ``attrs`` holds; a new category needs no
    migration)."""

    __tablename__ = "key_membership"
    __table_args__ = (Index("ix_key_membership_cat", "category", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    category: str = Field(max_length=30)
    attrs: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    risk_level: str = Field(default="", max_length=10)  # 高 / 中 / 低, drives visit rhythm
    since: dt.date | None = None
    until: dt.date | None = None
    note: str = Field(default="", max_length=500)


class ReturneeStay(Travels, table=True):
    """A 返乡 stay: presence is bounded in time (arrived … left)."""

    __tablename__ = "returnee_stay"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    arrived_on: dt.date = Field(index=True)
    expected_departure: dt.date | None = None
    left_on: dt.date | None = None
    from_place: str = Field(default="", max_length=100)
    transport: str = Field(default="", max_length=40)
    current_address: str = Field(default="", max_length=200)
    note: str = Field(default="", max_length=500)
    registered_on: dt.date | None = None  # 登记日期: when the office recorded the return (0002)


class Campaign(Travels, table=True):
    """A distribution campaign (健康爱心包…). Eligibility: age on the reference date,
    optional categories and grids, plus manual adjustments."""

    __tablename__ = "campaign"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    reference_date: dt.date
    window_end: dt.date | None = None  # people reaching the age by then join on refresh
    min_age: int | None = None
    categories: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    grid_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    state: str = Field(default="draft", max_length=10)  # draft / open / closed
    created_at: dt.datetime = Field(default_factory=_now, sa_type=DateTime)
    note: str = Field(default="", max_length=500)


class KitItem(Travels, table=True):
    __tablename__ = "kit_item"

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    name: str = Field(max_length=60)
    quantity: int = 1
    unit: str = Field(default="", max_length=10)
    sort_order: int = 0


class CampaignAdjustment(Travels, table=True):
    """A person added to or excluded from a campaign by hand, with the reason."""

    __tablename__ = "campaign_adjustment"
    __table_args__ = (UniqueConstraint("campaign_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    person_id: int = Field(foreign_key="person.id")
    include: bool = True
    reason: str = Field(default="", max_length=200)


class Entitlement(Travels, table=True):
    """One eligible person in a campaign and what became of their kit."""

    __tablename__ = "entitlement"
    __table_args__ = (
        UniqueConstraint("campaign_id", "person_id"),
        Index("ix_entitlement_campaign_state", "campaign_id", "state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id")
    person_id: int = Field(foreign_key="person.id", index=True)
    grid_id: int | None = Field(default=None, foreign_key="grid.id")  # micro-grid at listing
    state: str = Field(default="pending", max_length=12)  # pending/handed/declined/unreachable/withdrawn
    added_at: dt.datetime = Field(default_factory=_now, sa_type=DateTime)
    reissue: bool = False  # joined on a refresh (补发)
    handed_on: dt.date | None = None
    handed_by_id: int | None = Field(default=None, foreign_key="staff.id")
    method: str = Field(default="", max_length=10)  # 领取 / 上门
    proxy_name: str = Field(default="", max_length=50)  # empty: received by the person
    proxy_relation: str = Field(default="", max_length=20)
    reason: str = Field(default="", max_length=200)  # declined / unreachable / withdrawn
    note: str = Field(default="", max_length=500)


class VisitRule(SQLModel, table=True):
    __tablename__ = "visit_rule"
    __table_args__ = (UniqueConstraint("category", "risk_level"),)

    id: int | None = Field(default=None, primary_key=True)
    category: str = Field(max_length=30)
    risk_level: str = Field(default="", max_length=10)
    interval_days: int = 7


class Visit(Travels, table=True):
    __tablename__ = "visit"
    __table_args__ = (Index("ix_visit_person_date", "person_id", "visit_date"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    household_id: int | None = Field(default=None, foreign_key="household.id", index=True)
    grid_id: int | None = Field(default=None, foreign_key="grid.id", index=True)
    visit_date: dt.date = Field(index=True)
    visitors: str = Field(default="", max_length=200)  # names as written on the paper record
    health: str = Field(default="", max_length=500)
    finances: str = Field(default="", max_length=500)
    care: str = Field(default="", max_length=500)
    safety: str = Field(default="", max_length=500)  # water / power / gas
    needs: str = Field(default="", max_length=500)
    follow_up: str = Field(default="", max_length=500)


class VisitVisitor(SQLModel, table=True):
    __tablename__ = "visit_visitor"

    visit_id: int = Field(foreign_key="visit.id", primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", primary_key=True)


class Matter(Travels, table=True):
    """A 事项: a request or incident, from report to close (待处理 → 处理中 → 已办结 / 转办)."""

    __tablename__ = "matter"
    __table_args__ = (Index("ix_matter_state_reported", "state", "reported_at"),)

    id: int | None = Field(default=None, primary_key=True)
    reported_at: dt.datetime = Field(index=True, sa_type=DateTime)
    reporter_name: str = Field(default="", max_length=50)
    reporter_person_id: int | None = Field(default=None, foreign_key="person.id")
    reporter_staff_id: int | None = Field(default=None, foreign_key="staff.id")
    grid_id: int | None = Field(default=None, foreign_key="grid.id", index=True)
    address: str = Field(default="", max_length=200)
    category: str = Field(default="", max_length=20, index=True)
    description: str = Field(default="", max_length=2000)
    urgency: str = Field(default="一般", max_length=10)
    handler_staff_id: int | None = Field(default=None, foreign_key="staff.id", index=True)
    responded_at: dt.datetime | None = Field(default=None, sa_type=DateTime)
    closed_at: dt.datetime | None = Field(default=None, sa_type=DateTime)
    outcome: str = Field(default="", max_length=2000)
    state: str = Field(default="待处理", max_length=10)
    transferred_to: str = Field(default="", max_length=100)


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_table_row", "table_name", "row_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=_now, index=True, sa_type=DateTime)
    operator: str = Field(default="", max_length=50)
    action: str = Field(max_length=10)  # insert / update / delete
    table_name: str = Field(max_length=40)
    row_id: int | None = None
    field: str = Field(default="", max_length=40)
    old: str | None = None
    new: str | None = None


class Setting(SQLModel, table=True):
    """Office-wide settings that travel with the database (office name, 行政区划代码…)."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True, max_length=60)
    value: str = Field(default="")


# ---- health tiers (issue 21, revision 0003) --------------------------------------------------


class HealthProfile(Travels, table=True):
    """What the health tier of a resident aged 65+ is scored from (one row per person, none when
    nothing is recorded): chronic disease and its stability, vaccination, mobility."""

    __tablename__ = "health_profile"
    __table_args__ = (Index("ix_health_profile_tier", "person_id", "chronic_state", "vaccine_state",
                            "mobility_limited"),)  # the tiers' read from the index alone (0009)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", unique=True)
    chronic_diseases: str = Field(default="", max_length=200)  # 高血压、糖尿病…
    chronic_state: str = Field(default="无", max_length=10)  # 无 / 稳定 / 不稳定
    vaccine_doses: int = 0
    vaccine_last: dt.date | None = None
    vaccine_state: str = Field(default="未接种", max_length=10)  # 全程 / 未全程 / 未接种
    mobility_limited: bool = False  # 行动不便


class HealthScoreRule(SQLModel, table=True):
    """The office's own points of the tier score (factor × level), tier thresholds (factor
    ``threshold``) and call rhythm (factor ``call``); pairs not stored use the defaults of
    ``domain.health_tiers``."""

    __tablename__ = "health_score_rule"
    __table_args__ = (UniqueConstraint("factor", "level"),)

    id: int | None = Field(default=None, primary_key=True)
    factor: str = Field(max_length=20)
    level: str = Field(max_length=20)
    points: int = 0


class HealthTierOverride(Travels, table=True):
    """A tier set by hand, with the reason; it stands over the computed tier until removed."""

    __tablename__ = "health_tier_override"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", unique=True)
    tier: str = Field(max_length=4)  # 红 / 黄 / 绿
    reason: str = Field(max_length=200)
    set_on: dt.date


class HealthTierSnapshot(SQLModel, table=True):
    """Tier counts per micro-grid for one week (its Monday): the trend upper levels ask for."""

    __tablename__ = "health_tier_snapshot"
    __table_args__ = (UniqueConstraint("week", "grid_id", "tier"),)

    id: int | None = Field(default=None, primary_key=True)
    week: dt.date = Field(index=True)
    grid_id: int = Field(foreign_key="grid.id")
    tier: str = Field(max_length=4)
    count: int = 0


class DoctorSigning(Travels, table=True):
    """A resident's family-doctor contract (家庭医生签约): one current contract per person,
    renewed in place (the audit keeps the earlier ones)."""

    __tablename__ = "doctor_signing"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", unique=True)
    doctor_id: int = Field(foreign_key="staff.id", index=True)  # a staff member with the 家庭医生 post
    signed_on: dt.date
    expires_on: dt.date = Field(index=True)


class HealthService(Travels, table=True):
    """One 五到家 service given to a household (or one person of it)."""

    __tablename__ = "health_service"
    __table_args__ = (Index("ix_health_service_grid_date", "grid_id", "service_date"),)

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    grid_id: int | None = Field(default=None, foreign_key="grid.id")  # the household's micro-grid then
    service_type: str = Field(max_length=10)  # 送医到家 / 温暖到家 / 预防到家 / 互助到家 / 宣传到家
    service_date: dt.date
    by_name: str = Field(default="", max_length=50)  # who gave it, as written
    by_staff_id: int | None = Field(default=None, foreign_key="staff.id")
    note: str = Field(default="", max_length=500)


class HealthCall(Travels, table=True):
    """A daily call (每日电话随访) to a resident, usually one of the red tier: the day, who
    called, whether the resident was reached, a short note. Several a day are kept (not reached
    in the morning, reached in the afternoon)."""

    __tablename__ = "health_call"
    __table_args__ = (Index("ix_health_call_person_day", "person_id", "called_on"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    called_on: dt.date = Field(index=True)
    reached: bool = True  # 打通 / 未接通
    by_name: str = Field(default="", max_length=50)  # who called, as written (the operator by default)
    note: str = Field(default="", max_length=200)


HEALTH_TABLES = (HealthProfile, HealthTierOverride, DoctorSigning, HealthCall)  # a person's rows that go when the person is purged


from gridoffice.store.generations import DataChange  # noqa: E402, F401  (revision 0009)
from gridoffice.store.models_medicine import MedicineItem, MedicineMove  # noqa: E402, F401  (revision 0005)
from gridoffice.store.models_sync import (  # noqa: E402, F401  (the exchange's own tables, issue 19)
    SyncAggregate,
    SyncConflict,
    SyncLog,
    SyncPeer,
    SyncRow,
    Tombstone,
)
