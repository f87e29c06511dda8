"""The bench report: every figure of issue 17 against its floor, measured in one run with the
pairs interleaved (ours, floor, ours, floor…) so a change in the machine's load hits both; each
figure prints min and median of both sides, their ratios, the target and the load average.

    python bench/run.py [--json] [--scale street|village] [--repeat 3] [figure ...]

Figures (``FIGURES``): start-up (``gridoffice --db`` to the first idle moment after show, against
a bare PySide6 window), posters (``gridoffice poster --all --one-file`` against bare reportlab
drawing the same content, both whole processes), import (a community's roster into an empty
database as a whole process, against 1.5 × the python-calamine read of the same file + 2 s; and
into the database where every row is unchanged, against 3 s), visits (the whole street's week
grid and counts as the visits pane reads them, against 1 s), dashboard (the overview's five charts
of the whole database, each and together, against the tiles' ``stats.counts``; bench/dashboard.py),
stats. The street database is built
once (cached in bench/.cache); ``--scale village`` builds the demo village in a temporary folder
(CI's smoke run: no time limits asserted). Older single benches (``BENCHES``) still run alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from gridoffice.services import stats
from gridoffice.services.demo import core as demo
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


# ---- the report -----------------------------------------------------------------------------
def _run(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


class Figures:
    """Set-up shared by the figures (a work folder, the database, a roster file); each figure
    is a function giving one (ours, floor) pair of seconds."""

    def __init__(self, db_path: Path, work: Path, scale: str = "street") -> None:
        from gridoffice.domain.codes import GridLevel
        from gridoffice.services import ledgers
        from gridoffice.services.grids import core as grids

        self.work = work
        self.db_path = db_path
        self.env = dict(os.environ, GRIDOFFICE_HOME=str(work / "home"), GRIDOFFICE_OPERATOR="测速",
                        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        self.env.pop("GRIDOFFICE_DB", None)
        db = Database.open(str(db_path))
        root = grids.tree(db)[0]
        community = root if root.level == GridLevel.COMMUNITY else next(
            c for c in root.children if c.level == GridLevel.COMMUNITY)
        self.roster = work / "roster.xlsx"
        ledgers.export(db, "roster", ledgers.LedgerOptions(grid_code=community.code), self.roster)
        db.close()
        self.empty = work / "empty.db"
        Database.open(str(self.empty)).close()
        self.copy = work / "copy.db"
        shutil.copyfile(db_path, self.copy)
        import startup

        startup.compile_package()
        self.poster_content: Path | None = None
        self.extra: dict[str, list[tuple[float, float]]] = {}  # figures beside the timed one (RSS, charts)
        self.scale = scale
        self.dashboard_db: Path | None = None  # the demo with activity (bench/dashboard.py)

    def startup(self) -> tuple[float, float]:
        import startup

        idle, attached = startup.both(startup.APP, str(self.copy), env=self.env)
        floor = startup.once(startup.BARE, env=self.env)
        self.extra.setdefault("startup_attached", []).append((attached, floor))  # window filled (see bench/startup.py)
        return idle, floor

    def posters(self) -> tuple[float, float]:
        if self.poster_content is None:
            import pickle

            from gridoffice.services import posters

            db = Database.open(str(self.db_path))
            self.poster_content = self.work / "posters.pickle"
            self.poster_content.write_bytes(pickle.dumps(posters.posters(db)))
            db.close()
        here = Path(__file__).resolve().parent
        ours = _run([sys.executable, "-m", "gridoffice", "--db", str(self.copy), "poster", "--all", "--one-file",
                     "--out", str(self.work / "posters.pdf")], self.env)
        floor = _run([sys.executable, str(here / "posters.py"), "--bare-child", str(self.poster_content),
                      str(self.work / "bare.pdf")], self.env)
        return ours, floor

    def import_empty(self) -> tuple[float, float]:
        target = self.work / "import.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        shutil.copyfile(self.empty, target)
        ours = _run([sys.executable, "-m", "gridoffice", "--db", str(target), "import", str(self.roster)], self.env)
        read = _run([sys.executable, "-c", "import sys; from python_calamine import CalamineWorkbook; "
                     "[s.to_python() for s in (CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(i) "
                     "for i in range(len(CalamineWorkbook.from_path(sys.argv[1]).sheet_names)))]",
                     str(self.roster)], self.env)
        return ours, 1.5 * read + 2.0  # the goal: at most 1.5 × the calamine read + 2 s

    def import_unchanged(self) -> tuple[float, float]:
        ours = _run([sys.executable, "-m", "gridoffice", "--db", str(self.copy), "import", str(self.roster)], self.env)
        return ours, 3.0  # the goal: 3 s

    def visits(self) -> tuple[float, float]:
        import threading

        from gridoffice.services.visits import core as visits

        db = Database.open(str(self.copy))
        # on a thread of its own, as the visits pane's loader runs it
        started = time.perf_counter()
        worker = threading.Thread(target=visits.week_view, args=(db, None, dt.date.today(), 8))
        worker.start()
        worker.join()
        seconds = time.perf_counter() - started
        db.close()
        return seconds, 1.0  # the goal: the week grid painted within 1 s (this is its reading)

    def health_tiers(self) -> tuple[float, float]:
        from gridoffice.services.health import tiers as health_tiers

        db = Database.open(str(self.copy))
        started = time.perf_counter()
        health_tiers.counts_by_grid(health_tiers.tiers(db, None, dt.date.today()))
        seconds = time.perf_counter() - started
        db.close()
        return seconds, 1.0  # the goal (issue 21): the tiers of the whole street within 1 s

    def person_list(self) -> tuple[float, float]:
        import person_list

        ours, floor = person_list.pair(str(self.copy), self.env)
        self.extra.setdefault("person_list_rss_mb", []).append((ours["rss_mb"], floor["rss_mb"]))
        self.extra.setdefault("person_list_whole", []).append((ours["whole_s"], floor["s"]))
        return ours["s"], floor["s"]

    def dashboard(self) -> tuple[float, float]:
        import dashboard

        if self.dashboard_db is None:
            self.dashboard_db = dashboard.database(self.scale, self.work)
        charts, floor = dashboard.one_round(self.dashboard_db)
        for name, seconds in charts.items():
            self.extra.setdefault(f"dashboard_{name}", []).append((seconds, floor))
        for name, seconds in dashboard.kept_round(self.dashboard_db).items():  # read again: kept figures
            self.extra.setdefault(f"again_{name}", []).append((seconds, floor))
        return sum(charts.values()), floor

    def stats(self) -> tuple[float, float]:
        db = Database.open(str(self.copy))
        started = time.perf_counter()
        stats.counts(db, dt.date(2023, 1, 7))
        seconds = time.perf_counter() - started
        db.close()
        return seconds, seconds  # no floor: the figure itself


FIGURES: dict[str, tuple[str, float]] = {  # name: (what the floor is, target ratio)
    "startup": ("bare PySide6 window, same measure", 4.0),
    "posters": ("bare reportlab, same content, whole process", 1.5),
    "import_empty": ("1.5 × python-calamine read of the file (whole process) + 2 s", 1.0),
    "import_unchanged": ("3 s", 1.0),
    "visits": ("1 s", 1.0),
    "health_tiers": ("1 s", 1.0),
    "person_list": ("bare sqlite3 + minimal Qt model, same paint", 0.0),
    "dashboard": ("stats.counts (the tiles), same database; five charts of the whole database", 0.0),
    "stats": ("itself", 1.0),
}
VILLAGE_TARGETS = {"startup": 3.0}  # the goal at village scale (≤ 4× is the street's)
ABSOLUTE_GOALS = {"person_list": 0.3, "dashboard": 1.0}  # seconds: the goal is a time, the floor shows what is possible
RSS_GOAL_MB = 300.0


def report(db_path: Path, names: list[str], repeat: int, scale: str = "street") -> dict[str, object]:
    work = Path(tempfile.mkdtemp(prefix="gridoffice-bench-"))
    try:
        figures = Figures(db_path, work, scale)
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
        for _ in range(repeat):  # interleaved: each figure once per round
            for name in names:
                samples[name].append(getattr(figures, name)())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out: dict[str, object] = {}
    for name in names:
        ours = sorted(o for o, _ in samples[name])
        floor = sorted(f for _, f in samples[name])
        mid = len(ours) // 2
        floor_text, target = FIGURES[name]
        if scale == "village":
            target = VILLAGE_TARGETS.get(name, target)
        ratio_min, ratio_median = ours[0] / floor[0], ours[mid] / floor[mid]
        out[name] = {"min_s": round(ours[0], 3), "median_s": round(ours[mid], 3),
                     "floor": floor_text, "floor_min_s": round(floor[0], 3), "floor_median_s": round(floor[mid], 3),
                     "ratio_min": round(ratio_min, 2), "ratio_median": round(ratio_median, 2), "target": target,
                     "met": ratio_median <= target}
        if name in ABSOLUTE_GOALS:  # a time, not a ratio
            out[name].update(target=None, goal_s=ABSOLUTE_GOALS[name], met=ours[mid] <= ABSOLUTE_GOALS[name])
    rss = figures.extra.get("person_list_rss_mb")
    if rss and "person_list" in out:
        ours_mb, floor_mb = sorted(o for o, _ in rss), sorted(f for _, f in rss)
        out["person_list"].update(rss_mb_median=round(ours_mb[len(ours_mb) // 2], 1),
                                  floor_rss_mb_median=round(floor_mb[len(floor_mb) // 2], 1), rss_goal_mb=RSS_GOAL_MB)
        out["person_list"]["met"] = out["person_list"]["met"] and ours_mb[len(ours_mb) // 2] <= RSS_GOAL_MB
    whole = figures.extra.get("person_list_whole")
    if whole and "person_list" in out:  # the whole list in the model (after the first paint)
        ours_w = sorted(o for o, _ in whole)
        out["person_list"].update(whole_min_s=round(ours_w[0], 3), whole_median_s=round(ours_w[len(ours_w) // 2], 3))  # type: ignore[union-attr]
    filled = figures.extra.get("startup_attached")
    if filled and "startup" in out:  # the window attached to the open database, same floor
        ours_s, floor_s = sorted(o for o, _ in filled), sorted(f for _, f in filled)
        mid = len(ours_s) // 2
        out["startup"].update(attached_min_s=round(ours_s[0], 3), attached_median_s=round(ours_s[mid], 3),  # type: ignore[union-attr]
                              attached_ratio_min=round(ours_s[0] / floor_s[0], 2),
                              attached_ratio_median=round(ours_s[mid] / floor_s[mid], 2))
    for key, pairs in figures.extra.items():
        if key.startswith("dashboard_") and "dashboard" in out:  # each chart against the same floor
            mid = len(pairs) // 2
            seconds = sorted(o for o, _ in pairs)[mid]
            out["dashboard"].setdefault("charts", {})[key.removeprefix("dashboard_")] = {  # type: ignore[union-attr]
                "median_s": round(seconds, 3), "ratio_median": round(seconds / sorted(f for _, f in pairs)[mid], 2)}
    for key in ("again_unchanged", "again_after_visit"):  # the dashboard read again on the same open database
        pairs = figures.extra.get(key)
        if pairs and "dashboard" in out:
            out["dashboard"][f"{key}_median_s"] = round(sorted(o for o, _ in pairs)[len(pairs) // 2], 3)  # type: ignore[index]
    out["load_average"] = [round(x, 2) for x in os.getloadavg()]
    return out


def village_db(work: Path) -> Path:
    path = work / "village.db"
    db = Database.open(str(path))
    demo.build(db, "village")
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached street database")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--scale", choices=("street", "village"), default="street")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write-readme", action="store_true",
                        help="write the performance table into README.md (street scale; CI never writes)")
    parser.add_argument("only", nargs="*", help="run only these figures (or a bench of BENCHES)")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    if args.only and all(name in BENCHES for name in args.only):
        return legacy(args)
    names = [n for n in FIGURES if not args.only or n in args.only]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = village_db(Path(tmp)) if args.scale == "village" else street_db(args.rebuild)[0]
        result: dict[str, object] = {"scale": args.scale, "repeat": args.repeat, **report(path, names, args.repeat, args.scale)}
    result["seconds"] = round(time.perf_counter() - started, 1)
    if args.write_readme:
        import readme_table

        readme_table.write(Path(__file__).resolve().parent.parent / "README.md", result)
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return 0


def legacy(args: argparse.Namespace) -> int:
    """The single benches of BENCHES, by name (other scripts import ``street_db`` from here)."""
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
