"""Migration 0004 (issue 19, exchange identity): the 0003, 0002 and 0001 fixtures upgrade with every
row and every value kept; each travelling row gains a unique uuid, version 1 and no change
number; the exchange's tables start empty. Then the flush listener keeps the columns."""

import re
import shutil
import sqlite3

import pytest
from sqlalchemy import select

from gridoffice.store import Database, migrate, schema_check
from gridoffice.store.models import Household, Person, Tombstone
from gridoffice.store.travel import NAMES, SYNC_FIELDS, TRAVELLING
from tests.store.fixture_rows import DATA, dump

NEW_TABLES = {"tombstone", "sync_peer", "sync_row", "sync_conflict", "sync_log", "sync_aggregate"}


def test_the_registry_and_the_models_agree():
    from gridoffice.store.models import Travels

    assert {t.model for t in TRAVELLING} == {m for m in Travels.__subclasses__()}
    assert migrate.known_revisions().index("0004") > migrate.known_revisions().index("0002")


@pytest.mark.parametrize("rev", ["0003", "0002", "0001"])
def test_upgrading_keeps_every_row_and_gives_each_an_identity(tmp_path, rev):
    path = shutil.copyfile(DATA / f"schema-{rev}.db", tmp_path / "old.db")
    before = dump(path)
    db = Database.open(str(path))
    try:
        assert migrate.current(db.engine) == migrate.head()
    finally:
        db.close()
    after = dump(path)
    assert NEW_TABLES <= set(after)
    for table in NEW_TABLES & set(before).symmetric_difference(after):
        assert after[table] == [], table
    uuids = set()
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
        for old, new in zip(rows, after[table], strict=True):
            assert {k: new[k] for k in old} == old, table  # every value kept, row for row
            if table in NAMES:
                assert re.fullmatch(r"[0-9a-f]{32}", new["uuid"]), table
                assert (new["version"], new["modified_by"], new["change_seq"]) == (1, "", None)
                uuids.add(new["uuid"])
            else:
                assert not (SYNC_FIELDS & set(new)), table
    assert len(uuids) == sum(len(before.get(t, [])) for t in NAMES)  # unique across every table
    assert len(uuids) > 15
    with sqlite3.connect(path) as conn:
        assert schema_check.problems(conn, migrate.head()) == []


def test_edits_bump_the_version_and_deletions_leave_tombstones(db):
    with db.session() as s:
        house = Household(number="H1")
        s.add(house)
        s.flush()
        person = Person(name="张三", household_id=house.id)
        s.add(person)
    assert person.uuid and person.version == 1 and person.change_seq
    first = person.change_seq
    with db.session() as s:
        p = s.get(Person, person.id)
        p.name = "张四"
    with db.session() as s:
        p = s.get(Person, person.id)
        assert (p.version, p.modified_by) == (2, db.operator)
        assert p.change_seq > first
        p.name = "张四"  # no change: no new version
    with db.session() as s:
        assert s.get(Person, person.id).version == 2
        s.delete(s.get(Person, person.id))
    with db.reading() as s:
        stone = s.execute(select(Tombstone)).scalar_one()
    assert (stone.table_name, stone.uuid, stone.version) == ("person", person.uuid, 3)
    assert stone.change_seq > first


def test_the_audit_trail_does_not_record_the_exchange_columns(db):
    from gridoffice.store.models import AuditEvent

    with db.session() as s:
        house = Household(number="H1")
        s.add(house)
    with db.session() as s:
        s.get(Household, house.id).door = "3号"
    with db.reading() as s:
        fields = s.execute(select(AuditEvent.field).where(AuditEvent.action == "update")).scalars().all()
    assert fields == ["door"]
