"""person (status, sex, birth_date, household_id, deleted_at): the age pyramid from the index

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 22:00:00

One index, nothing changes shape. The dashboard's age pyramid of a whole street counts persons
per sex and age band (issue 22); with (status, birth_date) alone SQLite looked up each of
148,000 rows in the table for its sex (1.3–1.6 s); this index holds every column the count
reads, so each band and sex is one range count of the index (~0.05 s for the street).

A SQLite file that has planner statistics (store/maintenance.py) gets them for the new index
too: without them SQLite takes ``status = '在册'`` on it for selective and drives the key
populations' count through 148,000 persons instead of 44,000 memberships (0.3 → 1.0 s).
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ['status', 'sex', 'birth_date', 'household_id', 'deleted_at']


def upgrade() -> None:
    op.create_index('ix_person_status_sex_birth', 'person', COLUMNS, unique=False)
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite' and bind.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first() is not None:
        op.execute('ANALYZE person')


def downgrade() -> None:
    op.drop_index('ix_person_status_sex_birth', table_name='person')
