"""exchange identity: uuid, version, modified_at/by and change number on every travelling
table; tombstones; the exchange's own tables (issue 19)

Revision ID: 0004
Revises: 0002 (re-chained on 0003 at merge)
Create Date: 2026-12-02 13:00:00

Columns are added in place (ALTER TABLE ADD COLUMN, no copy of any table): every row is kept,
gets a fresh uuid, version 1 and no change number (the first package stamps it). The list of
tables is written out here, not read from store/travel.py: a migration is frozen history.
"""
import uuid
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ('grid', 'staff', 'post', 'household', 'person', 'key_membership', 'returnee_stay',
          'campaign', 'kit_item', 'campaign_adjustment', 'entitlement', 'visit', 'matter',
          # the health records (created by 0003)
          'health_profile', 'health_tier_override', 'doctor_signing', 'health_service')
_S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    conn = op.get_bind()
    for name in TABLES:
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.add_column(sa.Column('uuid', _S(length=32), nullable=True))
            batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
            batch_op.add_column(sa.Column('modified_at', sa.DateTime(), nullable=True))
            batch_op.add_column(sa.Column('modified_by', _S(length=50), server_default='', nullable=False))
            batch_op.add_column(sa.Column('change_seq', sa.Integer(), nullable=True))
        table = sa.table(name, sa.column('id', sa.Integer), sa.column('uuid', sa.String))
        ids = conn.execute(sa.select(table.c.id)).scalars().all()
        if ids:
            conn.execute(sa.update(table).where(table.c.id == sa.bindparam('rid'))
                         .values(uuid=sa.bindparam('u')),
                         [{'rid': i, 'u': uuid.uuid4().hex} for i in ids])
        op.create_index(f'ix_{name}_uuid', name, ['uuid'], unique=True)
        op.create_index(f'ix_{name}_change_seq', name, ['change_seq'], unique=False)

    op.create_table('tombstone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('table_name', _S(length=40), nullable=False),
    sa.Column('uuid', _S(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_by', _S(length=50), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('table_name', 'uuid')
    )
    op.create_index('ix_tombstone_change_seq', 'tombstone', ['change_seq'], unique=False)
    op.create_table('sync_peer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('db_uuid', _S(length=32), nullable=False),
    sa.Column('office_code', _S(length=12), nullable=False),
    sa.Column('office_name', _S(length=100), nullable=False),
    sa.Column('public_key', _S(length=64), nullable=False),
    sa.Column('registered_at', sa.DateTime(), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.Column('last_at', sa.DateTime(), nullable=True),
    sa.Column('last_counts', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('db_uuid')
    )
    op.create_table('sync_row',
    sa.Column('table_name', _S(length=40), nullable=False),
    sa.Column('uuid', _S(length=32), nullable=False),
    sa.Column('peer_uuid', _S(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('base', sa.JSON(), nullable=False),
    sa.Column('id_key', _S(length=64), nullable=True),
    sa.PrimaryKeyConstraint('table_name', 'uuid')
    )
    op.create_index('ix_sync_row_peer_uuid', 'sync_row', ['peer_uuid'], unique=False)
    op.create_index('ix_sync_row_id_key', 'sync_row', ['id_key'], unique=False)
    op.create_table('sync_conflict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('peer_uuid', _S(length=32), nullable=False),
    sa.Column('table_name', _S(length=40), nullable=False),
    sa.Column('uuid', _S(length=32), nullable=False),
    sa.Column('field', _S(length=40), nullable=False),
    sa.Column('ours', sa.Text(), nullable=True),
    sa.Column('theirs', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolution', _S(length=10), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_sync_conflict_uuid', 'sync_conflict', ['uuid'], unique=False)
    op.create_table('sync_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('direction', _S(length=3), nullable=False),
    sa.Column('peer_uuid', _S(length=32), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('sha256', _S(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('level', _S(length=12), nullable=False),
    sa.Column('full', sa.Boolean(), nullable=False),
    sa.Column('upto', sa.JSON(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('acked_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_sync_log_sha256', 'sync_log', ['sha256'], unique=False)
    op.create_table('sync_aggregate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('peer_uuid', _S(length=32), nullable=False),
    sa.Column('grid_uuid', _S(length=32), nullable=False),
    sa.Column('grid_code', _S(length=32), nullable=False),
    sa.Column('grid_name', _S(length=100), nullable=False),
    sa.Column('period', _S(length=10), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('peer_uuid', 'grid_uuid', 'period')
    )


def downgrade() -> None:
    for name in ('sync_aggregate', 'sync_log', 'sync_conflict', 'sync_row', 'sync_peer', 'tombstone'):
        op.drop_table(name)
    for name in TABLES:
        op.drop_index(f'ix_{name}_change_seq', table_name=name)
        op.drop_index(f'ix_{name}_uuid', table_name=name)
        with op.batch_alter_table(name, schema=None) as batch_op:
            for column in ('change_seq', 'modified_by', 'modified_at', 'version', 'uuid'):
                batch_op.drop_column(column)
