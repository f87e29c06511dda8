"""Cold start to the first idle moment after ``show()``, as a whole process (interpreter start
included): ``gridoffice --db FILE`` against a bare PySide6 window measured the same way. The
child prints one line when its event loop first goes idle after the window is shown; the parent
times spawn → that line, then kills the child. Pairs are interleaved (A, B, A, B…).

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
    QTimer.singleShot(0, lambda: (print("idle", flush=True), os._exit(0)))
    return _exec()
QApplication.exec = exec_then_report
from gridoffice.cli import main
main(["--db", sys.argv[1]])
"""


def once(code: str, *args: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, env=env, text=True)
    assert child.stdout is not None
    watchdog = threading.Timer(300, child.kill)  # a start that waits on a dialog must not hang the run
    watchdog.start()
    try:
        line = child.stdout.readline()
        seconds = time.perf_counter() - started
        child.wait()
    finally:
        watchdog.cancel()
    if line.strip() != "idle":
        raise RuntimeError(f"child did not report idle: {line!r}")
    return seconds


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
        bare, app = [], []
        for _ in range(repeat):
            bare.append(once(BARE, env=env))
            app.append(once(APP, str(copy), env=env))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return summary(app, bare)


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
