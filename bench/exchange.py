"""Issue 19 figures: a full street-size package (148k persons, level full) exported and
imported into an empty database, and a village delta of 100 changes exported and imported.
Each against a floor measured in the same run: the raw work a package cannot avoid (sqlite3
reading every travelling row and writing it as JSON Lines into a zip; for the import, the same
rows inserted with executemany into an empty copy of the schema).

    python bench/exchange.py [--street PATH] [--village PATH]

Targets (issue 19): full street export and import ≤ 60 s each; a delta of 100 ≤ 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from sqlalchemy import select

from gridoffice.services import settings
from gridoffice.services.exchange import export as exporting
from gridoffice.services.exchange import gates, importing, receipts
from gridoffice.services.exchange.rows import ROLE_KEY
from gridoffice.store import Database
from gridoffice.store.models import Person
from gridoffice.store.travel import TRAVELLING


def floor_export(path: Path, out: Path) -> float:
    started = time.perf_counter()
    with sqlite3.connect(path) as conn, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        conn.row_factory = sqlite3.Row
        for t in TRAVELLING:
            rows = conn.execute(f'SELECT * FROM "{t.name}"').fetchall()
            zf.writestr(f"{t.name}.jsonl", "".join(json.dumps(dict(r), ensure_ascii=False) + "\n" for r in rows))
    return time.perf_counter() - started


def floor_import(source: Path, empty: Path) -> float:
    started = time.perf_counter()
    with sqlite3.connect(source) as src, sqlite3.connect(empty) as dst:
        for t in TRAVELLING:
            rows = src.execute(f'SELECT * FROM "{t.name}"').fetchall()
            if rows:
                marks = ",".join("?" * len(rows[0]))
                dst.execute("PRAGMA foreign_keys=OFF")
                dst.executemany(f'INSERT INTO "{t.name}" VALUES ({marks})', rows)
    return time.perf_counter() - started


def one_way(sender: Database, receiver: Database, target: Path, *, full: bool) -> tuple[float, float, dict]:
    started = time.perf_counter()
    exporting.export(sender, target, full=full, level="full")
    exported = time.perf_counter() - started
    started = time.perf_counter()
    done = importing.run(receiver, target)
    imported = time.perf_counter() - started
    gates.trust(sender, done.receipt, confirm=True)
    receipts.accept(sender, done.receipt)
    return exported, imported, done.totals


def _pair(path: Path, tmp: Path, name: str) -> tuple[Path, Database, Database]:
    sender_path = shutil.copyfile(path, tmp / f"{name}-sender.db")
    sender = Database.open(str(sender_path), operator="bench")
    settings.put(sender, ROLE_KEY, "village")  # the street demo's rows, sent as one big village's
    receiver = Database.open(str(tmp / f"{name}-receiver.db"), operator="bench")
    exporting.export(sender, tmp / f"{name}-key.gopkg", full=True, level="aggregate")  # key, uuid, stamps
    gates.trust(receiver, tmp / f"{name}-key.gopkg", confirm=True)
    importing.run(receiver, tmp / f"{name}-key.gopkg")
    return sender_path, sender, receiver


def _hundred_changes(db: Database) -> None:
    with db.reading() as s:
        persons = s.execute(select(Person.id)).scalars().all()
    with db.session() as s:
        for pid in persons[:: max(1, len(persons) // 100)][:100]:
            s.get(Person, pid).note = "走访后更新"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--street", type=Path, required=True, help="gridoffice demo --scale street")
    parser.add_argument("--village", type=Path, required=True, help="gridoffice demo --scale village")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-exchange-"))
    os.environ.setdefault("GRIDOFFICE_HOME", str(tmp / "home"))
    try:
        report: dict[str, object] = {}
        sender_path, sender, receiver = _pair(args.street, tmp, "street")
        empty = tmp / "floor.db"
        Database.open(str(empty)).close()
        f_exp = floor_export(sender_path, tmp / "floor.zip")
        f_imp = floor_import(sender_path, empty)
        exp, imp, totals = one_way(sender, receiver, tmp / "full.gopkg", full=True)
        report.update(added_rows=sum(totals["added"].values()), refused=len(totals["refused"]),
                      package_mb=round((tmp / "full.gopkg").stat().st_size / 1e6, 1),
                      full_export_s=round(exp, 1), floor_export_s=round(f_exp, 1), export_ratio=round(exp / f_exp, 2),
                      full_import_s=round(imp, 1), floor_import_s=round(f_imp, 1), import_ratio=round(imp / f_imp, 2))
        sender.close()
        receiver.close()
        _path, sender, receiver = _pair(args.village, tmp, "village")
        one_way(sender, receiver, tmp / "village-full.gopkg", full=True)
        _hundred_changes(sender)
        d_exp, d_imp, d_totals = one_way(sender, receiver, tmp / "delta.gopkg", full=False)
        report.update(delta_rows=sum(d_totals["updated"].values()), delta_export_s=round(d_exp, 2),
                      delta_import_s=round(d_imp, 2), load=os.getloadavg())
        json.dump(report, sys.stdout, indent=1)
        print()
        sender.close()
        receiver.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
