"""household.moved_on / moved_to: a household moved to another office, in columns of its own

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 22:00:00

Until now a household sent away with a move package (issue 19) was marked only by ``deleted_at``
and a note beginning "迁出：日期 迁往 单位". Two nullable columns say it properly: ``moved_on``
(the day it left) and ``moved_to`` (the destination office as shown: "名称（行政区划代码）", a
name or a code). Both travel with the household. Existing rows are kept; households whose note
begins with the old mark get the two columns filled from it (the note itself is left as it is).
"""
import datetime as dt
import re
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_S = sqlmodel.sql.sqltypes.AutoString
# the mark services/exchange/moving.py wrote at the head of the note: "迁出：2026-12-02 迁往 乙村（510…）。"
MARK = re.compile(r"^迁出：(\d{4}-\d{2}-\d{2}) 迁往 (.*?)。")


def parse(note: str | None) -> tuple[dt.date, str] | None:
    """The day and destination of an old note's move mark (None: no mark, or not a real date)."""
    found = MARK.match(note or "")
    if found is None:
        return None
    try:
        day = dt.date.fromisoformat(found.group(1))
    except ValueError:
        return None
    return day, found.group(2).strip()[:120]


def upgrade() -> None:
    with op.batch_alter_table('household') as batch:
        batch.add_column(sa.Column('moved_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('moved_to', _S(length=120), nullable=True))
    conn = op.get_bind()
    marked = conn.execute(sa.text("SELECT id, note FROM household WHERE note LIKE '迁出：%'")).all()
    filled = []
    for rid, note in marked:
        got = parse(note)
        if got is not None:
            filled.append({"rid": rid, "on": got[0].isoformat(), "to": got[1]})
    if filled:
        conn.execute(sa.text("UPDATE household SET moved_on = :on, moved_to = :to WHERE id = :rid"), filled)


def downgrade() -> None:
    with op.batch_alter_table('household') as batch:
        batch.drop_column('moved_to')
        batch.drop_column('moved_on')
