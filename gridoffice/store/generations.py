"""Change counters of groups of tables (``data_generation``, migration 0009): triggers count a
group up on every insert, update and delete of its tables, whoever writes — an operation, a bulk
import, an exchange package, an undo, another clerk on a shared PostgreSQL database. A figure
derived from a group's tables stays valid while the group's counter has not moved
(services/derived.py keeps such figures in memory)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import Field, SQLModel

# group → its tables; the migration 0009 creates the triggers (a test keeps the two equal)
WATCHED: dict[str, tuple[str, ...]] = {
    "key_inputs": ("person", "household", "grid", "key_membership", "health_profile",
                   "health_tier_override", "visit_rule", "health_score_rule"),
    "visits": ("visit",),
}
KEY_INPUTS, VISITS = "key_inputs", "visits"


class DataGeneration(SQLModel, table=True):
    """A group's change counter (imported into store/models.py with the other tables)."""

    __tablename__ = "data_generation"

    name: str = Field(primary_key=True, max_length=40)
    n: int


def read(session: Session) -> dict[str, int]:
    """Every group's counter now (a group without a row reads -1: never equal to a kept one)."""
    found = {name: n for name, n in session.execute(select(DataGeneration.name, DataGeneration.n))}
    return {name: int(found.get(name, -1)) for name in WATCHED}
