"""The visits' reads of a street: two covering indexes, and change counters kept by triggers

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
- **Change counters** (``data_generation``): one row per group of tables, counted up by a trigger
  on every insert, update and delete of a table of the group — whichever program, path or
  office writes it (the app's operations, bulk imports, exchange packages, undo, a second
  clerk on a shared PostgreSQL database). A derived figure kept in memory (services/derived.py)
  is valid as long as the counters of what it was read from have not moved.
  ``key_inputs``: what decides who is a key person and how often they are visited (persons,
  households, grids, key-population memberships, health profiles, manual tiers, visit and
  score rules); ``visits``: the visits.
  SQLite's triggers run per row (about 1 µs a row: +1 s on a whole street's exchange package
  of 840,000 rows); PostgreSQL's per statement. A later migration that rebuilds one of these
  tables in SQLite (``batch_alter_table``) must create its triggers again: the test
  ``test_every_watched_table_has_its_triggers`` checks the head.
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
EVENTS = ('insert', 'update', 'delete')
PERSON_OLD = ['status', 'birth_date']
PERSON_NEW = ['status', 'birth_date', 'household_id', 'sex', 'deleted_at']
PROFILE = ['person_id', 'chronic_state', 'vaccine_state', 'mobility_limited']


def upgrade() -> None:
    op.drop_index('ix_person_status_birth', table_name='person')
    op.create_index('ix_person_status_birth', 'person', PERSON_NEW, unique=False)
    op.create_index('ix_health_profile_tier', 'health_profile', PROFILE, unique=False)
    op.create_table('data_generation',
                    sa.Column('name', _S(length=40), nullable=False),
                    sa.Column('n', sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint('name'))
    table = sa.table('data_generation', sa.column('name', sa.String), sa.column('n', sa.Integer))
    op.bulk_insert(table, [{'name': name, 'n': 0} for name in WATCHED])
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        op.execute("CREATE FUNCTION gridoffice_count_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   "BEGIN UPDATE data_generation SET n = n + 1 WHERE name = TG_ARGV[0]; RETURN NULL; END $$")
    for name, tables in WATCHED.items():
        for t in tables:
            if bind.dialect.name == 'postgresql':
                op.execute(f"CREATE TRIGGER gen_{t} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {t} "
                           f"FOR EACH STATEMENT EXECUTE FUNCTION gridoffice_count_change('{name}')")
            else:
                for event in EVENTS:
                    op.execute(f"CREATE TRIGGER gen_{t}_{event} AFTER {event.upper()} ON {t} "
                               f"BEGIN UPDATE data_generation SET n = n + 1 WHERE name = '{name}'; END")
    if bind.dialect.name == 'sqlite' and bind.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first() is not None:
        op.execute('ANALYZE person')
        op.execute('ANALYZE health_profile')


def downgrade() -> None:
    bind = op.get_bind()
    for _name, tables in WATCHED.items():
        for t in tables:
            if bind.dialect.name == 'postgresql':
                op.execute(f"DROP TRIGGER IF EXISTS gen_{t} ON {t}")
            else:
                for event in EVENTS:
                    op.execute(f"DROP TRIGGER IF EXISTS gen_{t}_{event}")
    if bind.dialect.name == 'postgresql':
        op.execute("DROP FUNCTION IF EXISTS gridoffice_count_change()")
    op.drop_table('data_generation')
    op.drop_index('ix_health_profile_tier', table_name='health_profile')
    op.drop_index('ix_person_status_birth', table_name='person')
    op.create_index('ix_person_status_birth', 'person', PERSON_OLD, unique=False)
