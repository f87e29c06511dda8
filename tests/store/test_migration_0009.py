"""Migration 0009 (the visits' reads of a street): the 0008 fixture upgrades with every row kept,
the two covering indexes are there, and every watched table has the triggers that count its
group's changes — on SQLite per row, on PostgreSQL per statement (the ``db`` tests run on both)."""

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
            assert generations.read(s) == {"key_inputs": 0, "visits": 0}
    finally:
        db.close()
    after = dump(path)
    assert after.keys() - before.keys() == {"data_generation"}
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


@pytest.mark.sqlite
def test_every_watched_table_has_its_triggers(db_path):
    """At head (a later migration that rebuilds a watched table must create its triggers again)."""
    with sqlite3.connect(db_path) as conn:
        triggers = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    for group, tables in generations.WATCHED.items():
        for table in tables:
            for event in ("insert", "update", "delete"):
                sql = triggers[f"gen_{table}_{event}"]
                assert f"AFTER {event.upper()} ON {table} " in sql and f"'{group}'" in sql


def _counters(db: Database) -> dict[str, int]:
    with db.reading() as s:
        return generations.read(s)


def test_any_writer_moves_its_groups_counter_and_no_other(village):
    """Raw SQL, as a bulk path or another program would write: each kind of write of a watched
    table moves its group's counter; a table nobody derives from moves nothing."""
    def run(sql: str) -> dict[str, int]:
        start = _counters(village)
        with village.session() as s:
            s.execute(text(sql))
        now = _counters(village)
        return {g: now[g] - start[g] for g in now}

    person = "(SELECT min(id) FROM person)"
    assert run(f"UPDATE person SET note = note || '' WHERE id = {person}")["key_inputs"] >= 1
    assert run(f"UPDATE person SET note = note || '' WHERE id = {person}")["visits"] == 0
    assert run("UPDATE visit_rule SET interval_days = interval_days")["visits"] == 0
    moved = run("INSERT INTO visit (household_id, visit_date, visitors, health, finances, care, safety, needs,"
                f" follow_up) SELECT household_id, '{dt.date(2023, 1, 2)}', '', '', '', '', '', '', ''"
                f" FROM person WHERE id = {person}")
    assert moved["visits"] >= 1 and moved["key_inputs"] == 0
    assert run("DELETE FROM visit WHERE id = (SELECT max(id) FROM visit)")["visits"] >= 1
    for table in ("household", "grid", "key_membership", "health_profile"):
        assert run(f"UPDATE {table} SET id = id WHERE id = (SELECT min(id) FROM {table})")["key_inputs"] >= 1, table
    assert run("UPDATE setting SET value = value") == {"key_inputs": 0, "visits": 0}


def test_a_database_without_counters_reads_never_equal(db):
    with db.session() as s:
        s.execute(text("DELETE FROM data_generation WHERE name = 'visits'"))
    assert _counters(db)["visits"] == -1

