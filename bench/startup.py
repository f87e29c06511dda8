"""Cold start to the first idle moment after ``show()``, as a whole process (interpreter start
included): ``gridoffice --db FILE`` against a bare PySide6 window measured the same way. The
child prints one line when its event loop first goes idle after the window is shown; the parent
times spawn → that line. Pairs are interleaved (A, B, A, B…).

Since issue 17 (session 5) the window shows before the database is open: at "idle" it stands with
its title, status bar and "正在打开数据库…" (movable, closable, not frozen) while the pool imports
SQLAlchemy, opens and checks the database and reads the grid tree. The child therefore also prints
"attached" when the panes, the menu and the grid tree are built on the open database (the
overview's counts are then being read in the pool, as they were at "idle" before), and the parent
reports that time too (``attached_*``): the honest "window filled" figure.

Run: ``python bench/startup.py [--db FILE] [--repeat 5]`` (default: the street database of
bench/run.py)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BARE = """
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.setWindowTitle("bare"); w.resize(1200, 760); w.show()
QTimer.singleShot(0, lambda: (print("idle", flush=True), os._exit(0)))
app.exec()
"""

APP = """
import os, sys
import gridoffice.cli  # first, as in the real entry point (PySide6 comes after it)
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
_exec = QApplication.exec
def exec_then_report(self=None):
    QTimer.singleShot(0, lambda: print("idle", flush=True))
    return _exec()
QApplication.exec = exec_then_report
import gridoffice.ui.main_window as _mw
_attach = _mw.MainWindow.attach
def attach_then_report(self, *args, **kwargs):
    _attach(self, *args, **kwargs)
    print("attached", flush=True)
    os._exit(0)
_mw.MainWindow.attach = attach_then_report
from gridoffice.cli import main
main(["--db", sys.argv[1]])
"""


def once(code: str, *args: str, env: dict[str, str]) -> float:
    return both(code, *args, env=env)[0]


def both(code: str, *args: str, env: dict[str, str]) -> tuple[float, float]:
    """Seconds to "idle" and to the child's end ("attached" for the app; the same for the bare window)."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, env=env, text=True)
    assert child.stdout is not None
    watchdog = threading.Timer(300, child.kill)  # a start that waits on a dialog must not hang the run
    watchdog.start()
    try:
        line = child.stdout.readline()
        seconds = time.perf_counter() - started
        second = child.stdout.readline()
        ended = time.perf_counter() - started
        child.wait()
    finally:
        watchdog.cancel()
    if line.strip() != "idle":
        raise RuntimeError(f"child did not report idle: {line!r}")
    if second and second.strip() != "attached":
        raise RuntimeError(f"child did not report attached: {second!r}")
    return seconds, (ended if second else seconds)


def compile_package() -> None:
    """Bytecode as an installed program has it (pip and the bundle compile it; this machine's
    PYTHONDONTWRITEBYTECODE=1 would otherwise make every start compile ~60 modules)."""
    import compileall

    import gridoffice

    compileall.compile_dir(str(Path(gridoffice.__file__).parent), quiet=1)


def measure(db: Path, repeat: int = 5) -> dict[str, object]:
    compile_package()
    home = Path(tempfile.mkdtemp(prefix="gridoffice-start-"))
    env = dict(os.environ, GRIDOFFICE_HOME=str(home), GRIDOFFICE_OPERATOR="测速", QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env.pop("GRIDOFFICE_DB", None)
    copy = home / db.name
    shutil.copy(db, copy)
    try:
        once(APP, str(copy), env=env)  # the day's first backup is made here, as on any morning
        bare, app, attached = [], [], []
        for _ in range(repeat):
            bare.append(once(BARE, env=env))
            idle, filled = both(APP, str(copy), env=env)
            app.append(idle)
            attached.append(filled)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    out = summary(app, bare)
    filled_summary = summary(attached, bare)
    out.update({f"attached_{key}": value for key, value in filled_summary.items() if key != "load"})
    return out


def summary(times: list[float], floor: list[float]) -> dict[str, object]:
    times, floor = sorted(times), sorted(floor)
    mid = len(times) // 2
    return {"min_ms": round(times[0] * 1000), "median_ms": round(times[mid] * 1000),
            "floor_min_ms": round(floor[0] * 1000), "floor_median_ms": round(floor[mid] * 1000),
            "ratio_min": round(times[0] / floor[0], 2), "ratio_median": round(times[mid] / floor[mid], 2),
            "load": [round(x, 2) for x in os.getloadavg()]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if args.db is None:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from run import street_db

        args.db, _ = street_db()
    print(json.dumps(measure(args.db, args.repeat), ensure_ascii=False))


if __name__ == "__main__":
    main()
