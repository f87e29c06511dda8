"""store/fastinsert: rows written at once get what the ORM would give them."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from gridoffice.store import fastinsert
from gridoffice.store.fastinsert import new_uuids
from gridoffice.store.models import Household


def test_uuids_drawn_in_batches_are_version_4_and_all_different():
    drawn = new_uuids(5000)
    assert len(set(drawn)) == 5000
    for text in drawn[:200]:
        u = uuid.UUID(text)
        assert (len(text), u.version, u.variant, u.hex) == (32, 4, uuid.RFC_4122, text)


def test_rows_inserted_at_once_each_get_their_own_uuid(db):
    with db.session() as s:
        conn = s.connection()
        fastinsert.insert_many(conn, Household.__table__, [{"number": f"H{i}"} for i in range(5000)])
        fastinsert.insert_columns(conn, Household.__table__, {"number": [f"K{i}" for i in range(3000)]})
    with db.reading() as s:
        uuids = s.execute(select(Household.uuid)).scalars().all()
    assert len(uuids) == len(set(uuids)) == 8000
    assert all(uuid.UUID(u).version == 4 for u in uuids)
