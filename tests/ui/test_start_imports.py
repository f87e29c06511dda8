"""What the first screen imports: a real start (``gridoffice --db FILE`` in a child, stopped at the
first idle moment after the window shows) must not load the libraries only other screens need.
Each of them cost start-up 0.1–0.6 s when a module on the start path imported it (issue 17)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

NOT_AT_START = ("openpyxl", "reportlab", "pypinyin", "alembic", "python_calamine", "gridoffice.services.ledgers.summary")

CHILD = textwrap.dedent("""
    import os, sys
    import gridoffice.cli
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    _exec = QApplication.exec
    def report():
        print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in WATCHED or m in WATCHED)), flush=True)
        os._exit(0)
    def exec_then_report(self=None):
        QTimer.singleShot(0, report)
        return _exec()
    QApplication.exec = exec_then_report
    from gridoffice.cli import main
    main(["--db", sys.argv[1]])
""")


def test_the_first_screen_imports_no_writer_reader_or_migration_library(village_path, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GRIDOFFICE_OPERATOR="测试")
    code = f"WATCHED = {NOT_AT_START!r}\n" + CHILD
    done = subprocess.run([sys.executable, "-c", code, str(village_path)], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
