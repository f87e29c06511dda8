"""Visits and matters at street scale: adds synthetic matters (30,000 a year, like 大弯街道's
27,000) and 26 weeks of visits to a copy of the street database, then measures list / filter
times (p95) and the week grid for the largest micro-grid and for a whole community.

Run: ``python bench/visits_matters.py [--json]`` (builds bench/.cache/street.db first if needed).
``populate(db, on, seed)`` also fills a village copy for screenshots.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

from gridoffice.domain.codes import GridLevel
from gridoffice.services.demo import activity as demo_activity
from gridoffice.services.matters import core as matters
from gridoffice.services.matters import stats as matter_stats
from gridoffice.services.visits import core as visits
from gridoffice.store import Database
from gridoffice.store.models import Grid, Household, Matter, Visit

ON = dt.date(2023, 1, 7)


def populate(db: Database, on: dt.date = ON, seed: int = 11, matters_per_year: int = 30000,
             weeks: int = 26, visit_rate: float = 0.85) -> dict[str, int]:
    """Write synthetic matters (one year up to ``on``) and visits (``weeks`` weeks up to ``on``)."""
    return demo_activity.matters_and_visits(db, on, seed, matters_per_year, weeks, visit_rate)


def p95(fn: Callable[[], object], repeat: int = 20) -> dict[str, float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {"median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 1)}


def run(path: Path) -> dict[str, object]:
    work = path.parent / "street-visits-matters.db"
    if not work.exists():
        tmp = path.parent / "street-visits-matters.building.db"
        shutil.copyfile(path, tmp)
        db = Database.open(str(tmp))
        t = time.perf_counter()
        written = populate(db)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        shutil.move(tmp, work)
        report: dict[str, object] = {"populate_s": round(time.perf_counter() - t, 1), **written}
    else:
        report = {}
    db = Database.open(str(work))
    now = dt.datetime.combine(ON, dt.time(18))
    try:
        with db.reading() as s:
            sizes = s.execute(select(Household.grid_id, func.count()).group_by(Household.grid_id)
                              .order_by(func.count().desc())).first()
            largest = sizes[0]
            community = s.scalar(select(Grid.id).where(Grid.level == GridLevel.COMMUNITY).order_by(Grid.code))
            handler = s.scalar(select(Matter.handler_staff_id).where(Matter.handler_staff_id.is_not(None)))
            report["matters_total"] = s.scalar(select(func.count()).select_from(Matter))
            report["visits_total"] = s.scalar(select(func.count()).select_from(Visit))

        def listing(flt: matters.MatterFilter) -> Callable[[], object]:
            def go() -> object:
                ids = matters.matter_ids(db, flt, now=now)
                return matters.matter_rows(db, ids[:200])  # first screenful, as the list model does
            return go

        report["list_all"] = p95(listing(matters.MatterFilter()))
        report["filter_open"] = p95(listing(matters.MatterFilter(state="open")))
        report["filter_old_open"] = p95(listing(matters.MatterFilter(old_only=True)))
        report["filter_category_community"] = p95(listing(matters.MatterFilter(category="设施报修", grid_id=community)))
        report["filter_handler"] = p95(listing(matters.MatterFilter(handler_staff_id=handler)))
        report["filter_text"] = p95(listing(matters.MatterFilter(text="电梯")))
        report["medians_by_month"] = p95(lambda: matter_stats.medians(db, "month"), 5)
        report["medians_by_grid"] = p95(lambda: matter_stats.medians(db, "grid"), 5)
        report["week_grid_largest_micro"] = p95(lambda: visits.week_grid(db, largest, ON), 10)
        report["week_grid_community"] = p95(lambda: visits.week_grid(db, community, ON), 5)
        report["week_counts_street"] = p95(lambda: visits.week_counts(db, None, ON), 3)
        report["due_list_street"] = p95(lambda: visits.due_list(db, None, ON), 3)
        report["community_rows"] = len(visits.week_grid(db, community, ON).rows)
        report["largest_micro_rows"] = len(visits.week_grid(db, largest, ON).rows)
    finally:
        db.close()
    return report


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import street_db

    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    path, _ = street_db()
    report = run(path)
    import os
    report["load_average"] = [round(x, 2) for x in os.getloadavg()]
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for key, value in report.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
