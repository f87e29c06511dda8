"""Child process for the crash and concurrency tests: a burst of edits through the store.

    python burst_child.py DB LOG PREFIX COUNT

Each transaction writes one household (ORM, audited) with 3 persons, every 5th one a bulk batch
of 40 persons (Core insert + audit.record_rows, as the importer does), and moves the counter
household's note to the transaction number: all in one commit. After each commit the
transaction number is appended to LOG and fsynced, so LOG never names an uncommitted change.
"""

from __future__ import annotations

import os
import sys

from sqlalchemy import insert, select

from gridoffice.store import Database, audit
from gridoffice.store.models import Household, Person

BULK = 40


def main() -> int:
    db_path, log_path, prefix, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    db = Database.open(db_path, operator=f"child-{prefix}")
    with db.session() as s:
        counter = s.exec(select(Household).where(Household.number == f"{prefix}-counter")).first()
        if counter is None:
            s.add(Household(number=f"{prefix}-counter", note="0"))
    with db.reading() as s:
        counter_id = s.exec(select(Household.id).where(Household.number == f"{prefix}-counter")).one()[0]
        start = int(s.get(Household, counter_id).note)
    log = open(log_path, "a", encoding="utf-8")
    print("ready", flush=True)
    for n in range(start + 1, start + 1 + count):
        with db.session() as s:
            hh = Household(number=f"{prefix}-{n}")
            s.add(hh)
            s.flush()
            if n % 5 == 0:
                rows = [dict(name=f"{prefix}批{n}-{i}", household_id=hh.id, note="bulk") for i in range(BULK)]
                s.connection().execute(insert(Person.__table__), rows)
                ids = [r[0] for r in s.connection().execute(
                    select(Person.id).where(Person.household_id == hh.id)).all()]
                audit.record_rows(s, "person", "insert", ids, note="import")
            else:
                s.add_all([Person(name=f"{prefix}{n}-{i}", household_id=hh.id) for i in range(3)])
            counter = s.get(Household, counter_id)
            counter.note = str(n)
        log.write(f"{n}\n")
        log.flush()
        os.fsync(log.fileno())
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
