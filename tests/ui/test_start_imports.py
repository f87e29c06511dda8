"""What the first screen imports: a real start (``gridoffice --db FILE`` in a child, stopped at the
first idle moment after the window shows) must not load the libraries only other screens need.
Each of them cost start-up 0.1–0.6 s when a module on the start path imported it (issue 17). The
window shows before SQLAlchemy and the models are imported (they load in the pool with the
database, ui/startup.open_after_show)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

NOT_AT_START = ("openpyxl", "reportlab", "pypinyin", "alembic", "python_calamine", "gridoffice.services.ledgers.summary",
                "gridoffice.services.briefing.charts")
BEFORE_SHOW = ("sqlalchemy", "sqlmodel", "gridoffice.store.database", "gridoffice.store.models")

CHILD = textwrap.dedent("""
    import os, sys
    import gridoffice.cli
    import gridoffice.ui.main_window as mw
    _show = mw.MainWindow.show
    def show_then_report(self):
        print("before show:", " ".join(sorted(m for m in BEFORE_SHOW if m in sys.modules)), flush=True)
        _show(self)
    mw.MainWindow.show = show_then_report
    _attach = mw.MainWindow.attach
    def report(self, *args, **kwargs):  # the first screen complete: panes built on the open database
        _attach(self, *args, **kwargs)
        print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in WATCHED or m in WATCHED)), flush=True)
        os._exit(0)
    mw.MainWindow.attach = report
    from gridoffice.cli import main
    main(["--db", sys.argv[1]])
""")


def test_the_first_screen_imports_no_writer_reader_or_migration_library(village_path, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GRIDOFFICE_OPERATOR="测试")
    code = f"WATCHED = {NOT_AT_START!r}\nBEFORE_SHOW = {BEFORE_SHOW!r}\n" + CHILD
    done = subprocess.run([sys.executable, "-c", code, str(village_path)], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    shown, attached = done.stdout.splitlines()
    assert shown.strip() == "before show:", "the window shows before the ORM is imported (it loads in the pool)"
    assert attached == ""
