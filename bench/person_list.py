"""The whole-street person list as a figure of bench/run.py: first paint and RSS of a fresh
process that opens the database, builds the list as the persons pane does (``LazyTableModel`` over
``roster_lists.person_ids`` / ``person_rows``) in a real QTableView and paints it — against a
floor that does the same with bare sqlite3 and a minimal Qt model (ids in household order, the
first page's columns, nothing else; households walked by grid, as ``person_ids`` does since
issue 17 — with SQLite's own plan the floor sorted all 148,000 and was slower than ours). Both are whole child processes; the time is taken inside
them from just before the database is opened to the painted viewport (interpreter and Qt start
are the start-up figure's business); RSS is the child's after the paint.

Since issue 17 (session 5) the pane paints the first screen from its first ``FIRST_ROWS`` ids
(``person_ids(limit=…)``) and appends the whole list when it is read: "s" is that first paint,
"whole_s" the time until the whole list (148,000 rows) is in the model and painted again, and
RSS is taken after that — what the window holds with the list open.
"""

from __future__ import annotations

import json
import subprocess
import sys

OURS = r"""
import json, os, sys, time
from operator import attrgetter
from PySide6.QtWidgets import QApplication, QTableView
import gridoffice.services.roster.lists as roster_lists
from gridoffice.services.scope import Scope
from gridoffice.store import Database
from gridoffice.ui.roster.population_lists import FIRST_ROWS
from gridoffice.ui.widgets.lazy_model import ColumnSpec, LazyTableModel
app = QApplication([])
t = time.perf_counter()
db = Database.open(sys.argv[1])
cols = [ColumnSpec(h, attrgetter(k), "name" if k == "name" else None)
        for h, k in (("姓名", "name"), ("年龄", "age"), ("身份证号", "id_number"), ("户号", "household_number"),
                     ("住址", "address"), ("微网格", "grid"), ("重点人群", "categories"))]
ids = lambda key, desc, limit=None: roster_lists.person_ids(db, Scope(), None, key or "household", desc, limit)
model = LazyTableModel(cols, ids, lambda ids: roster_lists.person_rows(db, ids))
model.set_ids(ids(None, False, FIRST_ROWS))  # as the pane: the first screen's ids first (population_lists.reload)
view = QTableView(); view.setModel(model); view.resize(1200, 700); view.show()
app.processEvents(); view.viewport().grab()
seconds = time.perf_counter() - t
model.extend_ids(ids(None, False))  # then the whole list (the pane reads it in the pool meanwhile)
app.processEvents(); view.viewport().grab()
whole = time.perf_counter() - t
rss = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS:")) / 1024
print(json.dumps({"s": seconds, "whole_s": whole, "rss_mb": rss, "rows": model.rowCount()}), flush=True)
os._exit(0)
"""

FLOOR = r"""
import json, os, sqlite3, sys, time
from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtWidgets import QApplication, QTableView
app = QApplication([])
t = time.perf_counter()
con = sqlite3.connect(sys.argv[1])
ids = [r[0] for r in con.execute(
    "SELECT person.id FROM household CROSS JOIN person ON household.id = person.household_id "
    "WHERE person.deleted_at IS NULL AND person.status = '在册' "
    "ORDER BY household.grid_id, household.number, person.relation")]
page = {}
class Model(QAbstractTableModel):
    def rowCount(self, parent=None): return len(ids)
    def columnCount(self, parent=None): return 7
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole: return None
        pid = ids[index.row()]
        if pid not in page:
            chunk = ids[index.row():index.row() + 200]
            marks = ",".join("?" * len(chunk))
            for r in con.execute("SELECT person.id, person.name, person.birth_date, person.id_number, household.number, "
                                 "household.address, household.grid_id, '' FROM person LEFT JOIN household "
                                 f"ON household.id = person.household_id WHERE person.id IN ({marks})", chunk):
                page[r[0]] = r[1:]
        return str(page[pid][index.column()])
model = Model()
view = QTableView(); view.setModel(model); view.resize(1200, 700); view.show()
app.processEvents(); view.viewport().grab()
seconds = time.perf_counter() - t
rss = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS:")) / 1024
print(json.dumps({"s": seconds, "rss_mb": rss, "rows": len(ids)}), flush=True)
os._exit(0)
"""


def child(code: str, db: str, env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code, db], env=env, capture_output=True, text=True, timeout=600,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def pair(db: str, env: dict[str, str]) -> tuple[dict[str, float], dict[str, float]]:
    """(ours, floor), ours first (the floor then reads the same pages from the OS cache)."""
    return child(OURS, db, env), child(FLOOR, db, env)
