"""The visits' reads of a street: two covering indexes, and change counters (PostgreSQL triggers)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 13:30:00

Nothing a clerk sees changes shape. Two things make the key persons' read (the week grid, the
dashboard's visits chart, the briefing; issues 17 and 22) cheaper:

- **Covering indexes** for the health tiers' read of every resident 65+: ``ix_person_status_birth``
  grows from (status, birth_date) to (status, birth_date, household_id, sex, deleted_at), and
  ``ix_health_profile_tier`` holds what a tier is scored from. SQLite then reads the 27,000
  residents 65+ of a street from the two indexes instead of looking up each row in two tables
  (0.26–0.35 s → 0.12–0.15 s).
- **A change log for PostgreSQL** (``data_change``) so figures can be kept in memory while their
  tables are unchanged (services/derived.py, store/generations.py). A statement trigger on every
  watched table adds one row per writing transaction and group — ``key_inputs`` (what decides
  who is a key person and how often they are visited: persons, households, grids, memberships,
  health profiles, manual tiers, visit and score rules) or ``visits`` — with the transaction's
  id. Only inserts, no row that writers share: two clerks writing at once never wait for each
  other nor deadlock on it. A group's stamp is (number of its rows, largest transaction id):
  it grows with every commit that wrote the group, and after a ``pg_restore`` the new
  transactions' ids still never repeat. store/maintenance.py folds old rows into one (same
  count, same largest id) when the database is opened.
  SQLite gets the table but no triggers: a row trigger costs 6–12 µs a row there (each
  statement then needs a statement journal: bulk inserts of visits +60–80 %, measured), so
  SQLite's own ``data_version`` tells that anything was committed instead.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_S = sqlmodel.sql.sqltypes.AutoString

# kept equal to store/generations.WATCHED (a test compares them); frozen here as migrations are
WATCHED = {
    'key_inputs': ('person', 'household', 'grid', 'key_membership', 'health_profile',
                   'health_tier_override', 'visit_rule', 'health_score_rule'),
    'visits': ('visit',),
}
PERSON_OLD = ['status', 'birth_date']
PERSON_NEW = ['status', 'birth_date', 'household_id', 'sex', 'deleted_at']
PROFILE = ['person_id', 'chronic_state', 'vaccine_state', 'mobility_limited']


def upgrade() -> None:
    op.drop_index('ix_person_status_birth', table_name='person')
    op.create_index('ix_person_status_birth', 'person', PERSON_NEW, unique=False)
    op.create_index('ix_health_profile_tier', 'health_profile', PROFILE, unique=False)
    op.create_table('data_change',
                    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
                    sa.Column('name', _S(length=40), nullable=False),
                    sa.Column('n', sa.Integer(), nullable=False),
                    sa.Column('xid', sa.BigInteger(), nullable=False),
                    sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_data_change_name', 'data_change', ['name', 'xid'], unique=False)
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        # one row per transaction and group: the transaction sees its own row, others do not need to
        op.execute("CREATE FUNCTION gridoffice_count_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   "BEGIN IF NOT EXISTS (SELECT 1 FROM data_change WHERE name = TG_ARGV[0] "
                   "AND xid = txid_current()) THEN "
                   "INSERT INTO data_change (name, n, xid) VALUES (TG_ARGV[0], 1, txid_current()); END IF; "
                   "RETURN NULL; END $$")
        for name, tables in WATCHED.items():
            for t in tables:
                op.execute(f"CREATE TRIGGER gen_{t} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {t} "
                           f"FOR EACH STATEMENT EXECUTE FUNCTION gridoffice_count_change('{name}')")
    if bind.dialect.name == 'sqlite' and bind.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first() is not None:
        op.execute('ANALYZE person')
        op.execute('ANALYZE health_profile')


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for tables in WATCHED.values():
            for t in tables:
                op.execute(f"DROP TRIGGER IF EXISTS gen_{t} ON {t}")
        op.execute("DROP FUNCTION IF EXISTS gridoffice_count_change()")
    op.drop_index('ix_data_change_name', table_name='data_change')
    op.drop_table('data_change')
    op.drop_index('ix_health_profile_tier', table_name='health_profile')
    op.drop_index('ix_person_status_birth', table_name='person')
    op.create_index('ix_person_status_birth', 'person', PERSON_OLD, unique=False)
