"""Data-safety figures on the street database (~148k persons): backup, check, sealed backup,
restore, and the audit viewer's queries over 150k+ audit events.

    python bench/safety.py          (uses bench/.cache/street.db, built by bench/run.py)
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import street_db

from gridoffice.services import backup
from gridoffice.services.audit import core as audit
from gridoffice.store import Database
from gridoffice.store import audit as store_audit
from gridoffice.store.models import Grid, Person


def once(fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    value = fn()
    return value, round((time.perf_counter() - t) * 1000, 1)


def main() -> None:
    source, _ = street_db()
    work = Path(tempfile.mkdtemp(prefix="gridoffice-bench-"))
    os.environ["GRIDOFFICE_HOME"] = str(work / "home")
    try:
        path = work / "street.db"
        shutil.copyfile(source, path)
        db = Database.open(str(path), operator="bench")
        with db.session() as s:  # an audit trail as big as an import of every person
            ids = [r[0] for r in s.execute(select(Person.id)).all()]
            store_audit.record_rows(s, "person", "insert", ids, note="bench import")
        figures: dict[str, object] = {"persons": len(ids), "db_mb": round(path.stat().st_size / 1e6, 1)}
        copy, figures["backup_now_ms"] = once(lambda: backup.backup_now(db, work / "b"))
        figures["backup_mb"] = round(copy.stat().st_size / 1e6, 1)
        _, figures["check_ms"] = once(lambda: backup.inspect(copy))
        sealed_copy, figures["sealed_backup_ms"] = once(lambda: backup.backup_now(db, work / "s", password="pw"))
        _, figures["sealed_check_ms"] = once(lambda: backup.inspect(sealed_copy, "pw"))
        _, figures["restore_ms"] = once(lambda: backup.restore(db, copy))
        with db.reading() as s:
            micro = s.scalars(select(Grid.id).where(Grid.level == "micro")).first()
            general = s.scalars(select(Grid.id).where(Grid.level == "general")).first()
        for name, f in (("all", audit.AuditFilter()), ("micro_grid", audit.AuditFilter(grid_id=micro)),
                        ("general_grid", audit.AuditFilter(grid_id=general)),
                        ("operator", audit.AuditFilter(operator="bench"))):
            n, figures[f"audit_count_{name}_ms"] = once(lambda f=f: audit.count(db, f))
            _, figures[f"audit_page_{name}_ms"] = once(lambda f=f: audit.page(db, f, 0, 200))
            figures[f"audit_events_{name}"] = n
        db.close()
        print(json.dumps(figures, ensure_ascii=False, indent=1))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
