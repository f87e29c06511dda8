"""The overview's dashboard as a figure of bench/run.py: the five charts (services/briefing_charts
.DASHBOARD) for the whole database, each timed, and their sum — against ``stats.counts`` (the
tiles' reading) on the same database in the same run, interleaved. The database is the demo with a
year of activity up to 2023-01-07 (visits, matters, campaigns): the street one is cached in
bench/.cache (about a minute to build), the village one is built in the run's work folder.
Alone, it also times the dashboard read again on the same open database (``read_again``):
unchanged, and after one new visit (services/derived.py keeps figures while their tables are
unchanged; the first read of a day, ``whole``, is what the goal is about).

    python bench/dashboard.py [--scale street|village] [--repeat 3]   # alone, per chart
    python bench/dashboard.py --db bench/.cache/street.db --on 2026-12-01   # a database at hand
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import time
from pathlib import Path

from gridoffice.services import stats
from gridoffice.services.briefing import charts as briefing_charts
from gridoffice.services.demo import core as demo
from gridoffice.store import Database

ON = dt.date(2023, 1, 7)
CACHE = Path(__file__).resolve().parent / ".cache"


def database(scale: str, work: Path) -> Path:
    """The demo of ``scale`` with its activity up to ``ON`` (the street one cached)."""
    path = CACHE / f"street-{ON.isoformat()}.db" if scale == "street" else work / f"village-{ON.isoformat()}.db"
    if path.exists():
        return path
    path.parent.mkdir(exist_ok=True)
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    db = Database.open(str(tmp))
    demo.build(db, scale, on=ON)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    shutil.move(tmp, path)
    return path


def one_round(path: Path, on: dt.date = ON) -> tuple[dict[str, float], float]:
    """Seconds per chart (the whole database, as the pane reads each in turn), and the floor."""
    db = Database.open(str(path))
    try:
        charts = {}
        for fn in briefing_charts.DASHBOARD:
            started = time.perf_counter()
            fn(db, None, on)
            charts[fn.__name__] = time.perf_counter() - started
        started = time.perf_counter()
        stats.counts(db, on)
        return charts, time.perf_counter() - started
    finally:
        db.close()


def kept_round(path: Path, on: dt.date = ON) -> dict[str, float]:
    """The dashboard read again on the same open database (seconds for the five charts): nothing
    changed (every figure kept but the kit coverage and the matters), and after one new visit
    (the key persons kept, the visits counted afresh). The visit is written and taken back with
    plain SQL, so the file ends as it was (the counters moved, which only drops kept figures)."""
    db = Database.open(str(path))
    try:
        def five() -> float:
            started = time.perf_counter()
            for fn in briefing_charts.DASHBOARD:
                fn(db, None, on)
            return time.perf_counter() - started

        five()  # the first read (what one_round times)
        unchanged = five()
        with db.session() as s:
            visit = s.connection().exec_driver_sql(
                "INSERT INTO visit (person_id, household_id, visit_date, visitors, health, finances, care, safety,"
                " needs, follow_up) SELECT person_id, NULL, ?, '网格员', '', '', '', '', '', '' FROM key_membership"
                " LIMIT 1", (on.isoformat(),)).lastrowid
        try:
            after_visit = five()
        finally:
            with db.session() as s:
                s.connection().exec_driver_sql("DELETE FROM visit WHERE id = ?", (visit,))
        return {"unchanged": unchanged, "after_visit": after_visit}
    finally:
        db.close()


def summary(rounds: list[tuple[dict[str, float], float]]) -> dict[str, object]:
    def median(values: list[float]) -> float:
        return sorted(values)[len(values) // 2]

    floor = median([f for _c, f in rounds])
    out: dict[str, object] = {}
    for name in rounds[0][0]:
        seconds = median([c[name] for c, _f in rounds])
        out[name] = {"min_s": round(min(c[name] for c, _f in rounds), 3), "median_s": round(seconds, 3),
                     "ratio_median": round(seconds / floor, 2)}
    totals = [sum(c.values()) for c, _f in rounds]
    total = median(totals)
    out["whole"] = {"min_s": round(min(totals), 3), "median_s": round(total, 3),
                    "ratio_median": round(total / floor, 2), "goal_s": 1.0}
    out["floor_stats_counts_min_s"] = round(min(f for _c, f in rounds), 3)
    out["floor_stats_counts_median_s"] = round(floor, 3)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=("street", "village"), default="street")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", type=Path, help="a database at hand instead of the demo up to 2023-01-07")
    parser.add_argument("--on", type=dt.date.fromisoformat, default=ON, help="the day of the charts")
    args = parser.parse_args()
    work = CACHE / "work"
    work.mkdir(parents=True, exist_ok=True)
    try:
        path = args.db or database(args.scale, work)
        rounds = [one_round(path, args.on) for _ in range(args.repeat)]
        kept = [kept_round(path, args.on) for _ in range(args.repeat)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    again = {name: {"min_s": round(min(k[name] for k in kept), 3),
                    "median_s": round(sorted(k[name] for k in kept)[len(kept) // 2], 3)} for name in kept[0]}
    result = {"scale": args.scale, "db": str(path), "on": args.on.isoformat(), "repeat": args.repeat, **summary(rounds),
              "read_again": again,
              "load_average": [round(x, 2) for x in os.getloadavg()]}
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
