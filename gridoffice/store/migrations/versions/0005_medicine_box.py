"""medicine box: medicine_item, medicine_move (issue 21)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 15:45:00

Two new tables, the village's medicine box (药品互助): one row per batch of a medicine and one
per movement in or out. Both travel in exchange packages, so they are made with the exchange
identity columns of 0004 (uuid, version, modified_at/by, change number). No existing table
changes shape and no row is written.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_S = sqlmodel.sql.sqltypes.AutoString


def _identity() -> list[sa.Column]:
    return [
        sa.Column('uuid', _S(length=32), nullable=True),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.Column('modified_at', sa.DateTime(), nullable=True),
        sa.Column('modified_by', _S(length=50), server_default='', nullable=False),
        sa.Column('change_seq', sa.Integer(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table('medicine_item',
    *_identity(),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', _S(length=60), nullable=False),
    sa.Column('spec', _S(length=60), nullable=False),
    sa.Column('unit', _S(length=10), nullable=False),
    sa.Column('batch', _S(length=40), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('note', _S(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('medicine_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_medicine_item_uuid'), ['uuid'], unique=True)
        batch_op.create_index(batch_op.f('ix_medicine_item_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_medicine_item_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_medicine_item_expires_on'), ['expires_on'], unique=False)

    op.create_table('medicine_move',
    *_identity(),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('kind', _S(length=4), nullable=False),
    sa.Column('moved_on', sa.Date(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('name', _S(length=50), nullable=False),
    sa.Column('grid_id', sa.Integer(), nullable=True),
    sa.Column('by_name', _S(length=50), nullable=False),
    sa.Column('note', _S(length=200), nullable=False),
    sa.ForeignKeyConstraint(['grid_id'], ['grid.id'], ),
    sa.ForeignKeyConstraint(['item_id'], ['medicine_item.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('medicine_move', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_medicine_move_uuid'), ['uuid'], unique=True)
        batch_op.create_index(batch_op.f('ix_medicine_move_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_medicine_move_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_medicine_move_moved_on'), ['moved_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_medicine_move_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_medicine_move_grid_date', ['grid_id', 'moved_on'], unique=False)


def downgrade() -> None:
    op.drop_table('medicine_move')
    op.drop_table('medicine_item')
