"""Migration 0009 (the visits' reads of a street): the 0008 fixture upgrades with every row kept,
the two covering indexes are there; and whatever writes a watched table moves the change stamp
of its group (store/generations.py: PostgreSQL's statement triggers, per group; SQLite's
``data_version``, any commit — the ``db`` / ``village`` tests run on both)."""

import datetime as dt
import importlib
import shutil
import sqlite3

import pytest
from sqlalchemy import text

from gridoffice.store import Database, generations, migrate, schema_check
from tests.store.fixture_rows import DATA, dump

MIGRATION = importlib.import_module("gridoffice.store.migrations.versions.0009_visit_reads")


def _index(conn: sqlite3.Connection, name: str) -> list[str]:
    return [r[2] for r in conn.execute(f'PRAGMA index_info("{name}")')]


@pytest.mark.sqlite
def test_upgrading_0008_keeps_every_row_and_adds_the_indexes_and_counters(tmp_path):
    path = shutil.copyfile(DATA / "schema-0008.db", tmp_path / "old.db")
    before = dump(path)
    db = Database.open(str(path))
    try:
        assert migrate.current(db.engine) == migrate.head()
        with db.reading() as s:
            assert s.execute(text("SELECT count(*) FROM data_change")).scalar() == 0  # PostgreSQL's log; empty here
    finally:
        db.close()
    after = dump(path)
    assert after.keys() - before.keys() == {"data_change"}
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
        for old, new in zip(rows, after[table], strict=True):
            assert {k: new[k] for k in old} == old, table
    assert sum(len(r) for r in before.values()) > 50
    with sqlite3.connect(path) as conn:
        assert _index(conn, "ix_person_status_birth") == ["status", "birth_date", "household_id", "sex", "deleted_at"]
        assert _index(conn, "ix_health_profile_tier") == ["person_id", "chronic_state", "vaccine_state",
                                                          "mobility_limited"]
        assert schema_check.problems(conn, migrate.head()) == []
        plan = " ".join(r[3] for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT p.id, p.sex, p.household_id, hp.chronic_state, hp.vaccine_state "
            "FROM person p LEFT JOIN health_profile hp ON hp.person_id = p.id "
            "WHERE p.status = '在册' AND p.birth_date <= '1960-01-01' AND p.deleted_at IS NULL"))
    assert "COVERING INDEX ix_person_status_birth" in plan and "COVERING INDEX ix_health_profile_tier" in plan


def test_the_migration_watches_what_the_program_reads():
    assert MIGRATION.WATCHED == generations.WATCHED


def _stamp(db: Database) -> dict[str, tuple[int, ...]]:
    return {group: db.counters.stamp((group,)) for group in generations.WATCHED}


def test_any_writer_moves_its_groups_stamp(village):
    """Raw SQL, as a bulk path or another program would write: each kind of write of a watched
    table moves its group's stamp. On PostgreSQL no other group's; on SQLite every group moves
    with any commit (and a commit of a table nobody derives from moves them too)."""
    def run(sql: str) -> dict[str, bool]:
        start = _stamp(village)
        with village.session() as s:
            s.execute(text(sql))
        now = _stamp(village)
        return {g: now[g] != start[g] for g in now}

    apart = not village.is_sqlite
    person = "(SELECT min(id) FROM person)"
    assert run(f"UPDATE person SET note = note || '改' WHERE id = {person}") == {"key_inputs": True, "visits": not apart}
    assert run("INSERT INTO visit_rule (category, risk_level, interval_days) VALUES ('elderly', '高', 5)") == \
        {"key_inputs": True, "visits": not apart}
    moved = run("INSERT INTO visit (household_id, visit_date, visitors, health, finances, care, safety, needs,"
                f" follow_up) SELECT household_id, '{dt.date(2023, 1, 2)}', '', '', '', '', '', '', ''"
                f" FROM person WHERE id = {person}")
    assert moved == {"key_inputs": not apart, "visits": True}
    assert run("DELETE FROM visit WHERE id = (SELECT max(id) FROM visit)")["visits"]
    for sql in ("UPDATE household SET note = note || '改' WHERE id = (SELECT min(id) FROM household)",
                "UPDATE grid SET sort_order = sort_order + 1 WHERE id = (SELECT max(id) FROM grid)",
                "UPDATE key_membership SET note = note || '改' WHERE id = (SELECT min(id) FROM key_membership)",
                "UPDATE health_profile SET chronic_diseases = chronic_diseases || '改'"
                " WHERE id = (SELECT min(id) FROM health_profile)",
                f"INSERT INTO health_tier_override (person_id, tier, reason, set_on, version, modified_by)"
                f" VALUES ({person}, '红', '测试', '2023-01-02', 1, '')",
                "INSERT INTO health_score_rule (factor, level, points) VALUES ('age', '80+', 3)"):
        assert run(sql)["key_inputs"], sql
    assert run("UPDATE setting SET value = value || '改' WHERE key = (SELECT min(key) FROM setting)") == \
        {"key_inputs": not apart, "visits": not apart}
    assert run("UPDATE setting SET value = value") == {"key_inputs": False, "visits": False}  # nothing changed


def test_nothing_moves_without_a_write(village):
    before = _stamp(village)
    with village.reading() as s:
        s.execute(text("SELECT count(*) FROM person")).all()
    assert _stamp(village) == before and min(min(v) for v in before.values()) >= 0


@pytest.mark.sqlite
def test_another_program_writing_the_file_moves_the_stamp(village, village_path):
    before = _stamp(village)
    with sqlite3.connect(village_path) as conn:  # not through this program at all
        conn.execute("UPDATE person SET note = note || '改' WHERE id = (SELECT min(id) FROM person)")
    assert _stamp(village)["key_inputs"] != before["key_inputs"]


def test_postgres_writers_add_one_row_a_transaction_and_old_rows_fold_into_one(db, monkeypatch):
    if db.is_sqlite:
        pytest.skip("SQLite's stamp is its data_version: no log")
    groups = ("key_inputs", "visits")
    for i in range(4):
        with db.session() as s:  # three statements, one transaction: one row
            for j in range(3):
                s.execute(text("INSERT INTO visit_rule (category, risk_level, interval_days) VALUES (:c, '', 7)"),
                          {"c": f"c{i}-{j}"})
    with db.reading() as s:
        assert s.execute(text("SELECT count(*) FROM data_change WHERE name = 'key_inputs'")).scalar() == 4
    stamp = db.counters.stamp(groups)
    assert stamp[0] == 4 and stamp[1] > 0 and stamp[2:] == (0, 0)
    monkeypatch.setattr(generations, "FOLD_ABOVE", 2)
    generations.fold(db.engine)
    with db.reading() as s:
        assert s.execute(text("SELECT count(*) FROM data_change WHERE name = 'key_inputs'")).scalar() == 1
    assert db.counters.stamp(groups) == stamp  # folding moves no stamp
    with db.session() as s:
        s.execute(text("UPDATE visit_rule SET interval_days = 8 WHERE category = 'c0-0'"))
    assert db.counters.stamp(groups)[0] == 5
