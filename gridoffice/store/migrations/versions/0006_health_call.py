"""health_call: the daily-call log (每日电话随访) of issue 21

Revision ID: 0006
Revises: 0004 (the lead re-chains it after 0005 at merge)
Create Date: 2026-12-02 15:40:00

One new table, nothing else changes shape: a call to a resident (the day, reached or not, who
called, a short note). Its rows travel in exchange packages, so it is born with the exchange
identity columns of 0004 (uuid, version, modified_at/by, change number).
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table('health_call',
    sa.Column('uuid', _S(length=32), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('modified_at', sa.DateTime(), nullable=True),
    sa.Column('modified_by', _S(length=50), server_default='', nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('called_on', sa.Date(), nullable=False),
    sa.Column('reached', sa.Boolean(), nullable=False),
    sa.Column('by_name', _S(length=50), nullable=False),
    sa.Column('note', _S(length=200), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_health_call_person_day', 'health_call', ['person_id', 'called_on'], unique=False)
    op.create_index('ix_health_call_called_on', 'health_call', ['called_on'], unique=False)
    op.create_index('ix_health_call_uuid', 'health_call', ['uuid'], unique=True)
    op.create_index('ix_health_call_change_seq', 'health_call', ['change_seq'], unique=False)


def downgrade() -> None:
    for name in ('ix_health_call_change_seq', 'ix_health_call_uuid', 'ix_health_call_called_on',
                 'ix_health_call_person_day'):
        op.drop_index(name, table_name='health_call')
    op.drop_table('health_call')
