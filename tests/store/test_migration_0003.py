"""Migration 0003 (health tiers, issue 21): the 0002 and 0001 fixtures upgrade in place, keep
every row and every value, gain the six health tables, and a manual 高/中/低 risk level of a
resident aged 65+ becomes a manual tier with its reason."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from gridoffice.store import Database, migrate, schema_check

DATA = Path(__file__).parent.parent / "data"
NEW_TABLES = {"health_profile", "health_score_rule", "health_tier_override", "health_tier_snapshot",
              "doctor_signing", "health_service"}


def _dump(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name != 'alembic_version'"
            " AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}


def _upgrade(path: Path) -> None:
    db = Database.open(str(path))
    try:
        assert migrate.current(db.engine) == migrate.head()
    finally:
        db.close()


def test_0003_follows_0002():
    revisions = migrate.known_revisions()
    assert revisions.index("0002") < revisions.index("0003") <= revisions.index(migrate.head())


@pytest.mark.parametrize("rev", ["0001", "0002"])
def test_upgrading_keeps_every_row_and_adds_the_health_tables(tmp_path, rev):
    path = shutil.copyfile(DATA / f"schema-{rev}.db", tmp_path / "old.db")
    before = _dump(path)
    assert not NEW_TABLES & set(before)
    _upgrade(path)
    after = _dump(path)
    assert NEW_TABLES <= set(after)
    for table, rows in before.items():
        # untouched, row for row; later revisions add columns at the end (0002 to returnee_stay,
        # 0004 the exchange identity to every travelling table), so compare the columns it had
        width = len(rows[0]) if rows else 0
        assert [r[:width] for r in after[table]] == rows, table
    for table in NEW_TABLES:
        assert after[table] == [], table  # nothing recorded, nothing invented (no risk levels there)
    assert list(tmp_path.glob(f"old.before-upgrade-{rev}*.db")), "the copy made before upgrading is kept"


def test_a_manual_risk_level_of_a_65_plus_becomes_a_manual_tier(tmp_path):
    path = shutil.copyfile(DATA / "schema-0002.db", tmp_path / "old.db")
    with sqlite3.connect(path) as conn:
        persons = conn.execute("SELECT id, birth_date FROM person ORDER BY birth_date").fetchall()
        oldest, youngest = persons[0][0], persons[-1][0]
        conn.execute("UPDATE key_membership SET risk_level='高'")
        conn.execute("INSERT INTO key_membership (person_id, category, attrs, risk_level, note)"
                     " VALUES (?, 'chronic', '{}', '低', '')", (oldest,))
        conn.execute("INSERT INTO key_membership (person_id, category, attrs, risk_level, note)"
                     " VALUES (?, 'chronic', '{}', '高', '')", (youngest,))
        members = conn.execute("SELECT * FROM key_membership ORDER BY rowid").fetchall()
        first = conn.execute("SELECT person_id FROM key_membership ORDER BY rowid").fetchone()[0]
    assert first == oldest  # the fixture's elderly membership is the oldest resident's
    _upgrade(path)
    after = _dump(path)
    width = len(members[0])  # 0004 adds the exchange identity columns at the end
    assert [r[:width] for r in after["key_membership"]] == members  # the risk level itself stays
    # (0004 adds the exchange identity columns after the five of 0003)
    overrides = [(pid, tier, reason) for _id, pid, tier, reason, _on, *_sync in after["health_tier_override"]]
    # the oldest (born 1950) keeps 高 over 低 as 红; the youngest (born 1971) is under 65: no tier
    assert overrides == [(oldest, "红", "升级时由原风险等级“高”转入")]


def test_the_restore_check_knows_the_new_schema(tmp_path):
    conn = sqlite3.connect(f"{(DATA / 'schema-0002.db').resolve().as_uri()}?mode=ro", uri=True)
    try:
        assert schema_check.problems(conn, "0002") == []
        assert schema_check.problems(conn, "0003")  # the health tables are missing
    finally:
        conn.close()
    path = shutil.copyfile(DATA / "schema-0002.db", tmp_path / "old.db")
    _upgrade(path)
    with sqlite3.connect(path) as conn:
        assert schema_check.problems(conn, migrate.head()) == []


def test_the_0003_fixture_has_a_row_in_every_health_table_and_opens_at_head(tmp_path):
    path = shutil.copyfile(DATA / "schema-0003.db", tmp_path / "kept.db")
    before = _dump(path)
    assert all(before[t] for t in NEW_TABLES), "the fixture carries every health table"
    _upgrade(path)
    after = _dump(path)
    for table, rows in before.items():
        assert after[table][:len(rows)] == rows or [r[:len(rows[0])] for r in after[table]] == rows, table
