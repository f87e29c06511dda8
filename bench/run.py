"""Street-scale figures. Builds the street demo database once (cached in bench/.cache) and
prints timings. Run: ``python bench/run.py [--rebuild] [--json]``.

Later issues add their measurements as functions in bench/ and register them in BENCHES.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

from gridoffice.services import demo, stats
from gridoffice.store import Database

CACHE = Path(__file__).resolve().parent / ".cache"
STREET_DB = CACHE / "street.db"


def street_db(rebuild: bool = False) -> tuple[Path, float | None]:
    """The cached street database; returns (path, build seconds if built now)."""
    if STREET_DB.exists() and not rebuild:
        return STREET_DB, None
    CACHE.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(STREET_DB) + suffix).unlink(missing_ok=True)
    tmp = CACHE / "street.building.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    started = time.perf_counter()
    db = Database.open(str(tmp))
    demo.build(db, "street")
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    seconds = time.perf_counter() - started
    shutil.move(tmp, STREET_DB)
    return STREET_DB, seconds


def timed(fn: Callable[[], object], repeat: int = 5) -> dict[str, float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    times.sort()
    return {"min_ms": round(times[0] * 1000, 1), "median_ms": round(times[len(times) // 2] * 1000, 1)}


def bench_stats(path: Path) -> dict[str, object]:
    db = Database.open(str(path))
    try:
        result = timed(lambda: stats.counts(db, dt.date(2023, 1, 7)))
        result["counts"] = stats.counts(db, dt.date(2023, 1, 7)).as_dict()
        return result
    finally:
        db.close()


BENCHES: dict[str, Callable[[Path], dict[str, object]]] = {"stats": bench_stats}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached street database")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("only", nargs="*", help="run only these benches")
    args = parser.parse_args()
    path, build_seconds = street_db(args.rebuild)
    report: dict[str, object] = {"street_db": str(path)}
    if build_seconds is not None:
        report["street_build_s"] = round(build_seconds, 1)
    for name, fn in BENCHES.items():
        if not args.only or name in args.only:
            report[name] = fn(path)
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for key, value in report.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
