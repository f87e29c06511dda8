"""SIGKILL a burst of edits at random points, many times; then the database must be sound
with every committed change and no half-written one. Two processes writing at once must both
succeed (short transactions + busy timeout) without damage."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.safety.checks import verify

CHILD = Path(__file__).with_name("burst_child.py")
KILLS = 22

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


def _start(db_path: Path, log: Path, prefix: str, count: int) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parents[2]))
    return subprocess.Popen([sys.executable, str(CHILD), str(db_path), str(log), prefix, str(count)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _logged(log: Path) -> int:
    return len(log.read_text().split()) if log.exists() else 0


def _wait_for_commits(log: Path, more_than: int, child: subprocess.Popen[str], timeout: float = 120) -> None:
    """Wait until the child has logged a commit beyond ``more_than`` (a condition, not a time)."""
    deadline = time.monotonic() + timeout
    while _logged(log) <= more_than:
        assert child.poll() is None, "the child ended before committing"
        assert time.monotonic() < deadline, "the child committed nothing"
        time.sleep(0.005)


def test_sigkill_at_random_points_loses_nothing_committed(db_path, tmp_path):
    rng = random.Random(20261129)
    log = tmp_path / "committed.log"
    figures = []
    for kill in range(KILLS):
        before = _logged(log)
        child = _start(db_path, log, "K", 100_000)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready", child.stderr.read() if child.stderr else ""
        _wait_for_commits(log, before, child)  # every kill lands in the middle of a burst
        time.sleep(rng.uniform(0.0, 0.05))  # at a random point of it (no figure depends on this)
        os.kill(child.pid, signal.SIGKILL)
        child.communicate(timeout=30)  # waits, and closes the pipes
        assert child.returncode == -signal.SIGKILL, f"kill {kill}: child ended on its own"
        figures.append(verify(db_path, "K", log))
        assert figures[-1]["transactions"] > before
    last = figures[-1]
    # the report quotes these
    print(f"\n{KILLS} kills, each mid-burst; {last['transactions']} transactions, "
          f"{last['persons']} persons verified")


def test_two_processes_writing_at_once_both_succeed(db_path, tmp_path):
    count = 60
    children = {p: _start(db_path, tmp_path / f"{p}.log", p, count) for p in ("A", "B")}
    for prefix, child in children.items():
        out, err = child.communicate(timeout=240)
        assert child.returncode == 0, err
        assert "ready" in out, prefix
    for prefix in children:
        figures = verify(db_path, prefix, tmp_path / f"{prefix}.log")
        assert figures["transactions"] == figures["logged"] == count


@pytest.mark.sqlite
def test_commits_are_synced_for_power_cuts(db):
    """WAL with synchronous=FULL: every commit is fsynced before it returns (a power cut
    keeps every confirmed change; NORMAL could drop the last ones)."""
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
