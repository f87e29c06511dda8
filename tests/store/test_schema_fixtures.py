"""Issue 14: every kept schema fixture really is at its revision, is exactly that revision's
schema, and the oldest one is below head (so the upgrade path is exercised) once there is more
than one released revision."""

import sqlite3
from pathlib import Path

import pytest

from gridoffice.store import migrate, schema_check

DATA = Path(__file__).parent.parent / "data"
FIXTURES = sorted(DATA.glob("schema-*.db"))


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_fixture_is_at_its_own_revision_with_exactly_its_schema(fixture):
    rev = fixture.stem.removeprefix("schema-")
    conn = sqlite3.connect(f"{fixture.resolve().as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(rev,)]
        assert schema_check.problems(conn, rev) == []
    finally:
        conn.close()


def test_oldest_fixture_is_below_head():
    revisions = migrate.known_revisions()
    if len(revisions) == 1:
        pytest.skip(f"only one released revision ({revisions[0]}): no upgrade path to exercise yet")
    kept = [p.stem.removeprefix("schema-") for p in FIXTURES]
    oldest = min(kept, key=revisions.index)
    assert revisions.index(oldest) < revisions.index(migrate.head()), "keep a fixture of an older revision"
