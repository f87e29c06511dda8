"""returnee_stay.registered_on: the stay's 登记日期

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 11:30:00

A nullable column added in place: every existing stay keeps its row and gets no date (the
office did not record one). On SQLite the batch context adds it with ALTER TABLE ADD COLUMN
(no copy of the table); on PostgreSQL it is a plain ADD COLUMN.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('returnee_stay', schema=None) as batch_op:
        batch_op.add_column(sa.Column('registered_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('returnee_stay', schema=None) as batch_op:
        batch_op.drop_column('registered_on')
