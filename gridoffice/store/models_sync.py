"""The exchange's own tables (issue 19): tombstones of deleted travelling rows, the offices this
one exchanges with, what was last received of each row (the base of a three-way merge), the
conflicts waiting for review, the packages sent and received, and the counts of aggregate
packages. See ``store/travel.py`` for the design."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class Tombstone(SQLModel, table=True):
    """A travelling row deleted here: the deletion travels in the next package."""

    __tablename__ = "tombstone"
    __table_args__ = (UniqueConstraint("table_name", "uuid"),)

    id: int | None = Field(default=None, primary_key=True)
    table_name: str = Field(max_length=40)
    uuid: str = Field(max_length=32)
    version: int = 1
    deleted_at: dt.datetime = Field(default_factory=_now, sa_type=DateTime)
    deleted_by: str = Field(default="", max_length=50)
    change_seq: int | None = Field(default=None, index=True)


class SyncPeer(SQLModel, table=True):
    """An office registered here (its key confirmed by fingerprint on first contact)."""

    __tablename__ = "sync_peer"

    id: int | None = Field(default=None, primary_key=True)
    db_uuid: str = Field(max_length=32, unique=True)
    office_code: str = Field(default="", max_length=12)
    office_name: str = Field(default="", max_length=100)
    public_key: str = Field(max_length=64)  # Ed25519, hex
    registered_at: dt.datetime = Field(default_factory=_now, sa_type=DateTime)
    last_seq: int = 0
    last_at: dt.datetime | None = Field(default=None, sa_type=DateTime)
    last_counts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class SyncRow(SQLModel, table=True):
    """A row received from another office: who sent it (it owns the row), the version received
    and its values as received (the base against which both sides' later edits are compared)."""

    __tablename__ = "sync_row"

    table_name: str = Field(max_length=40, primary_key=True)
    uuid: str = Field(max_length=32, primary_key=True)
    peer_uuid: str = Field(max_length=32, index=True)
    version: int = 1
    base: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    id_key: str | None = Field(default=None, max_length=64, index=True)  # pseudonymous person key


class SyncConflict(SQLModel, table=True):
    """One field changed on both sides since the base: kept for review, never dropped."""

    __tablename__ = "sync_conflict"

    id: int | None = Field(default=None, primary_key=True)
    peer_uuid: str = Field(max_length=32)
    table_name: str = Field(max_length=40)
    uuid: str = Field(max_length=32, index=True)
    field: str = Field(max_length=40)
    ours: str | None = Field(default=None, sa_type=Text)  # JSON
    theirs: str | None = Field(default=None, sa_type=Text)  # JSON
    created_at: dt.datetime = Field(default_factory=_now, sa_type=DateTime)
    resolved_at: dt.datetime | None = Field(default=None, sa_type=DateTime)
    resolution: str = Field(default="", max_length=10)  # ours / theirs


class SyncLog(SQLModel, table=True):
    """A package sent (``out``) or received (``in``)."""

    __tablename__ = "sync_log"

    id: int | None = Field(default=None, primary_key=True)
    direction: str = Field(max_length=3)  # out / in
    peer_uuid: str = Field(default="", max_length=32)
    seq: int
    sha256: str = Field(max_length=64, index=True)
    at: dt.datetime = Field(default_factory=_now, sa_type=DateTime)
    level: str = Field(default="", max_length=12)
    full: bool = False
    upto: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    counts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    acked_at: dt.datetime | None = Field(default=None, sa_type=DateTime)


class SyncAggregate(SQLModel, table=True):
    """Counts per grid and period received in an aggregate package (the latest per period)."""

    __tablename__ = "sync_aggregate"
    __table_args__ = (UniqueConstraint("peer_uuid", "grid_uuid", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    peer_uuid: str = Field(max_length=32)
    grid_uuid: str = Field(max_length=32)
    grid_code: str = Field(default="", max_length=32)
    grid_name: str = Field(default="", max_length=100)
    period: str = Field(max_length=10)
    counts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
