"""Filling an upper level's form (issue 20) against the roster ledger export of the same rows.

    python bench/fill.py [--scale street|village] [--rows 10000] [--repeat 3] [--json]

On the street database (bench/.cache, built by ``bench/run.py``) the grid whose residents come
nearest to ``--rows`` is chosen; both sides cover its residents: ours is
``services.fill.core.fill`` of tests/data/fill_persons.xlsx (a two-row merged header, footer rows:
every row inserted with the form's styles, merges and print setup moved), the floor
``ledgers.export(db, "roster", …)`` of the same grid. Interleaved pairs; the target is
ours ≤ 1.5 × floor (median ratio). Tests never assert times; this prints them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

HERE = Path(__file__).resolve().parent
FORM = HERE.parent / "tests" / "data" / "fill_persons.xlsx"
TARGET = 1.5
DAY = dt.date(2023, 1, 7)


def choose_grid(db, rows: int) -> tuple[str | None, int]:  # type: ignore[no-untyped-def]
    """The grid code whose residents (its subtree) come nearest to ``rows``."""
    from gridoffice.services.grids import core as grids
    from gridoffice.store.models import Household, Person

    with db.reading() as s:
        per_grid = dict(s.execute(select(Household.grid_id, func.count()).select_from(Person)
                                  .join(Household, Person.household_id == Household.id)
                                  .where(Person.deleted_at.is_(None), Person.status == "在册")
                                  .group_by(Household.grid_id)).all())
    best: tuple[int, str | None, int] = (abs(sum(per_grid.values()) - rows), None, sum(per_grid.values()))
    for root in grids.tree(db):
        for node in root.walk():
            n = sum(per_grid.get(g.id, 0) for g in node.walk())
            if abs(n - rows) < best[0]:
                best = (abs(n - rows), node.code, n)
    return best[1], best[2]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=("street", "village"), default="street")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from gridoffice.services import ledgers
    from gridoffice.services.demo import core as demo
    from gridoffice.services.fill import core as fill
    from gridoffice.store import Database

    work = Path(tempfile.mkdtemp(prefix="bench-fill-"))
    os.environ.setdefault("GRIDOFFICE_HOME", str(work / "home"))
    if args.scale == "street":
        import run

        path, _ = run.street_db()
    else:
        path = work / "village.db"
        built = Database.open(str(path))
        demo.build(built, "village")
        built.close()
    db = Database.open(str(path), operator="bench")
    code, persons = choose_grid(db, args.rows)
    ours, floor = [], []
    for i in range(args.repeat):  # interleaved, so a change in the machine's load hits both
        t = time.perf_counter()
        ledgers.export(db, "roster", ledgers.LedgerOptions(on=DAY, grid_code=code), work / f"roster{i}.xlsx")
        floor.append(time.perf_counter() - t)
        t = time.perf_counter()
        report = fill.fill(db, fill.open_form(FORM), fill.FillOptions(on=DAY, grid_code=code), work / f"fill{i}.xlsx")
        ours.append(time.perf_counter() - t)
    db.close()
    ratios = [a / b for a, b in zip(ours, floor, strict=True)]
    result = {"scale": args.scale, "grid": code, "rows": report.rows, "persons": persons,
              "fill_s": {"min": round(min(ours), 2), "median": round(statistics.median(ours), 2)},
              "roster_export_s": {"min": round(min(floor), 2), "median": round(statistics.median(floor), 2)},
              "ratio": {"min": round(min(ratios), 2), "median": round(statistics.median(ratios), 2)},
              "target": TARGET, "ok": statistics.median(ratios) <= TARGET, "load": os.getloadavg()[0]}
    print(json.dumps(result, ensure_ascii=False, indent=None if args.json else 2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
