"""The command line against a real PostgreSQL server (GRIDOFFICE_TEST_PG_URL, started by
.ci/run): migrations, demo data, statistics, ordinary inserts after the demo's explicit ids,
backups (refused with a pointer to pg_dump) and two programs on one database."""

from __future__ import annotations

import json
import os
import uuid

import pytest

from gridoffice.cli import main
from gridoffice.store import migrate

PG_URL = os.environ.get("GRIDOFFICE_TEST_PG_URL", "")
pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(not PG_URL, reason="GRIDOFFICE_TEST_PG_URL not set (.ci/run sets it)")]


@pytest.fixture
def pg_url():  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"go_cli_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(PG_URL).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_on_postgres(capsys, pg_url):
    code, out, err = run(capsys, "demo", "--scale", "village", "--db", pg_url)
    assert code == 0, err
    code, out, _ = run(capsys, "stats", "--db", pg_url, "--on", "2023-01-07", "--json")
    assert code == 0 and json.loads(out)["aged_60_plus"] == 1008
    code, out, _ = run(capsys, "db", "version", "--db", pg_url)
    assert code == 0 and migrate.head() in out
    code, _, err = run(capsys, "backup", "--db", pg_url)
    assert code == 2 and "pg_dump" in err


def test_inserts_after_demo_ids_and_two_programs_on_one_database(pg_url):
    from sqlmodel import select

    from gridoffice.services.demo import core as demo
    from gridoffice.store import Database
    from gridoffice.store.models import AuditEvent, Person

    first = Database.open(pg_url, operator="甲")
    second = Database.open(pg_url, operator="乙")  # another PC in the office
    try:
        demo.build(first, "village")
        with first.session() as s:
            a = Person(name="新居民甲")
            s.add(a)
        with second.session() as s:
            b = Person(name="新居民乙")
            s.add(b)
            s.get(Person, 1).note = "乙改的"
        assert b.id == a.id + 1
        with first.reading() as s:
            assert s.get(Person, 1).note == "乙改的"
            ops = {e.operator for e in s.exec(select(AuditEvent).where(AuditEvent.table_name == "person"))}
        assert ops == {"甲", "乙"}
    finally:
        first.close()
        second.close()
