"""The overview's dashboard as the clerk sees it: the main window at 1366×768 on the street demo
(its year of activity up to 2023-01-07, bench/dashboard.py's cached database), the date set and
the window idle; then 显示图表 is clicked and the time runs until the fifth chart is drawn. Each
round is a first read (the kept figures are dropped before it). Also the longest stall of the
GUI thread while the charts are read (a timer that should fire every 50 ms; the figure is the
longest gap between two ticks, the period included).

    python bench/dashboard_gui.py [--repeat 5] [--db FILE]

Runs offscreen unless ``QT_QPA_PLATFORM`` says otherwise."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import dashboard  # bench/dashboard.py: the cached street database
from PySide6.QtCore import QDate, QElapsedTimer, QEventLoop, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from gridoffice.services import derived
from gridoffice.store import Database
from gridoffice.ui.main_window import MainWindow

ON = dashboard.ON
STALL_TICK_MS = 50  # the stall timer's period (each tick takes Python's lock from the reading threads)


def wait(app: QApplication, done, limit: float = 120.0) -> None:  # type: ignore[no-untyped-def]
    """Run the event loop until ``done()`` (looked at every 20 ms: a loop that polls without
    sleeping in Qt takes Python's lock from the pool threads it is timing)."""
    ends = time.perf_counter() + limit
    loop = QEventLoop()
    check = QTimer()
    check.setInterval(20)
    check.timeout.connect(lambda: loop.quit() if done() or time.perf_counter() > ends else None)
    check.start()
    if not done():
        loop.exec()
    check.stop()
    if not done():
        raise TimeoutError("the dashboard did not finish")


def one_round(app: QApplication, path: Path) -> tuple[float, float]:
    db = Database.open(str(path))
    window = MainWindow(db)
    try:
        window.resize(1366, 768)
        window.show()
        pane = window.overview
        if pane.show_charts.isChecked():
            pane.show_charts.setChecked(False)
        pane.on.setDate(QDate(ON.year, ON.month, ON.day))
        pool = QThreadPool.globalInstance()
        settle = time.perf_counter() + 1.0  # the window's own start-up reads (tree, tiles, checks) done
        wait(app, lambda: time.perf_counter() > settle and not pane.busy() and pool.activeThreadCount() == 0)
        derived.forget(db)
        for view in pane.charts:
            view.spec = None
        gaps: list[float] = []
        clock = QElapsedTimer()
        clock.start()
        ticker = QTimer()
        ticker.setInterval(STALL_TICK_MS)
        ticker.timeout.connect(lambda: gaps.append(clock.restart()))
        ticker.start()
        started = time.perf_counter()
        pane.show_charts.setChecked(True)
        wait(app, lambda: len(pane.charts) == 5 and all(v.spec is not None for v in pane.charts)
             and not pane.chart_loader.busy())
        seconds = time.perf_counter() - started
        ticker.stop()
        return seconds, max(gaps, default=0) / 1000
    finally:
        pane.show_charts.setChecked(False)
        window.close()
        wait(app, lambda: not window.overview.busy())
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    path = args.db or dashboard.database("street", Path("."))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    rounds = [one_round(app, path) for _ in range(args.repeat)]
    shown = sorted(r[0] for r in rounds)
    stalls = sorted(r[1] for r in rounds)
    print(json.dumps({"db": str(path), "on": ON.isoformat(), "repeat": args.repeat,
                      "charts_shown": {"min_s": round(shown[0], 3), "median_s": round(statistics.median(shown), 3)},
                      "longest_gui_stall_s": {"median": round(statistics.median(stalls), 3),
                                              "max": round(stalls[-1], 3)},
                      "load_average": [round(x, 2) for x in os.getloadavg()]}, indent=2))


if __name__ == "__main__":
    main()
