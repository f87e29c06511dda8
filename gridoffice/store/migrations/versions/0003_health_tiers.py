"""health: health_profile, health_score_rule, health_tier_override, health_tier_snapshot,
doctor_signing, health_service

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 13:00:00

Six new tables (issue 21): the health record, tier rule, manual tiers and weekly tier counts,
family-doctor signings and the 五到家 service log; no existing table changes shape. The manual 高/中/低 risk level
of a resident aged 65+ on the day of the upgrade becomes a manual tier (高 → 红, 中 → 黄,
低 → 绿) with a reason saying where it came from, so the office's judgement still stands over
the computed tier until someone removes it. The membership's risk level itself is kept (it
still sets the visit rhythm of key persons under 65).
"""
import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RISK_TO_TIER = {'高': '红', '中': '黄', '低': '绿'}
RANK = {'红': 3, '黄': 2, '绿': 1}


def upgrade() -> None:
    op.create_table('health_score_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('factor', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('factor', 'level')
    )
    op.create_table('health_tier_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('grid_id', sa.Integer(), nullable=False),
    sa.Column('tier', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['grid_id'], ['grid.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('week', 'grid_id', 'tier')
    )
    with op.batch_alter_table('health_tier_snapshot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_health_tier_snapshot_week'), ['week'], unique=False)

    op.create_table('health_profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('chronic_diseases', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('chronic_state', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('vaccine_doses', sa.Integer(), nullable=False),
    sa.Column('vaccine_last', sa.Date(), nullable=True),
    sa.Column('vaccine_state', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('mobility_limited', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('person_id')
    )
    op.create_table('health_tier_override',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('tier', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('set_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('person_id')
    )
    op.create_table('doctor_signing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('doctor_id', sa.Integer(), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['doctor_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('person_id')
    )
    with op.batch_alter_table('doctor_signing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_doctor_signing_doctor_id'), ['doctor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_doctor_signing_expires_on'), ['expires_on'], unique=False)

    op.create_table('health_service',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('grid_id', sa.Integer(), nullable=True),
    sa.Column('service_type', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('service_date', sa.Date(), nullable=False),
    sa.Column('by_name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('by_staff_id', sa.Integer(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.ForeignKeyConstraint(['by_staff_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['grid_id'], ['grid.id'], ),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('health_service', schema=None) as batch_op:
        batch_op.create_index('ix_health_service_grid_date', ['grid_id', 'service_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_health_service_household_id'), ['household_id'], unique=False)
    _risk_levels_to_overrides()


def _risk_levels_to_overrides() -> None:
    today = dt.date.today()
    try:
        cut = today.replace(year=today.year - 65)
    except ValueError:  # 29 February
        cut = today.replace(year=today.year - 65, day=28)
    person = sa.table('person', sa.column('id'), sa.column('birth_date', sa.Date()), sa.column('deleted_at'))
    member = sa.table('key_membership', sa.column('person_id'), sa.column('risk_level'))
    rows = op.get_bind().execute(
        sa.select(member.c.person_id, member.c.risk_level).join(person, person.c.id == member.c.person_id)
        .where(member.c.risk_level.in_(tuple(RISK_TO_TIER)), person.c.birth_date <= cut,
               person.c.deleted_at.is_(None))
        .order_by(member.c.person_id)).all()
    highest: dict[int, str] = {}
    for pid, risk in rows:  # a person with several memberships keeps the highest level
        old = highest.get(pid)
        if old is None or RANK[RISK_TO_TIER[risk]] > RANK[RISK_TO_TIER[old]]:
            highest[pid] = risk
    if highest:
        override = sa.table('health_tier_override', sa.column('person_id'), sa.column('tier'),
                            sa.column('reason'), sa.column('set_on', sa.Date()))
        op.bulk_insert(override, [
            {'person_id': pid, 'tier': RISK_TO_TIER[risk], 'set_on': today,
             'reason': f'升级时由原风险等级“{risk}”转入'} for pid, risk in highest.items()])


def downgrade() -> None:
    with op.batch_alter_table('health_service', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_health_service_household_id'))
        batch_op.drop_index('ix_health_service_grid_date')
    op.drop_table('health_service')
    with op.batch_alter_table('doctor_signing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_doctor_signing_expires_on'))
        batch_op.drop_index(batch_op.f('ix_doctor_signing_doctor_id'))
    op.drop_table('doctor_signing')
    op.drop_table('health_tier_override')
    op.drop_table('health_profile')
    with op.batch_alter_table('health_tier_snapshot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_health_tier_snapshot_week'))

    op.drop_table('health_tier_snapshot')
    op.drop_table('health_score_rule')
