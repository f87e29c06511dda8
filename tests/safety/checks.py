"""What the crash and concurrency tests verify after each kill: the database file is sound,
every logged (committed) change is there, and nothing half-written is visible."""

from __future__ import annotations

import sqlite3
from pathlib import Path

BULK = 40


def verify(db_path: Path, prefix: str, log_path: Path) -> dict[str, int]:
    logged = [int(x) for x in log_path.read_text().split()] if log_path.exists() else []
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = conn.execute(
            "SELECT h.id, h.number, count(p.id) FROM household h LEFT JOIN person p ON p.household_id = h.id "
            "WHERE h.number LIKE ? AND h.number != ? GROUP BY h.id", (f"{prefix}-%", f"{prefix}-counter")).fetchall()
        present = {}
        for hid, number, persons in rows:
            n = int(number.rsplit("-", 1)[1])
            expected = BULK if n % 5 == 0 else 3
            assert persons == expected, f"transaction {n} is half-written: {persons} of {expected} persons"
            present[n] = hid
        missing = set(logged) - set(present)
        assert not missing, f"committed transactions lost: {sorted(missing)[:10]}"
        counter = conn.execute("SELECT note FROM household WHERE number = ?", (f"{prefix}-counter",)).fetchone()
        top = max(present, default=0)
        assert counter is None or int(counter[0]) == top, "counter and rows disagree: a torn commit"
        assert sorted(present) == list(range(1, top + 1)), "a gap: a transaction vanished"
        persons = sum(p for _h, _n, p in rows)
        audited = conn.execute(
            "SELECT count(*) FROM audit_event a JOIN person p ON a.table_name = 'person' AND a.row_id = p.id "
            "AND a.action = 'insert' JOIN household h ON h.id = p.household_id WHERE h.number LIKE ?",
            (f"{prefix}-%",)).fetchone()[0]
        assert audited == persons, f"{persons} persons but {audited} audit events"
        return {"transactions": len(present), "persons": persons, "logged": len(logged)}
    finally:
        conn.close()
