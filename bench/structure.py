"""Grid-structure figures on the street database (18 communities, 836 micro-grids, ~60k
households, 3,125 staff). Run: ``python bench/structure.py [--json]`` (builds the street
database first if bench/.cache has none). Works on a copy: the cached database is not changed.

What is timed, and the target it is held to (our proposal: the checks panel and the tree
refresh after every change, so each should stay under ~300 ms):
- checks.run: the whole street's findings (the live checks panel);
- grids.tree: the tree with household counts (the tree pane after a change);
- staff_roster: one community's roster;
- find_households: one community's households (the assignment pane);
- move 500 households to another micro-grid and undo (audited per household).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import street_db, timed

from gridoffice.domain.codes import GridLevel
from gridoffice.services import checks
from gridoffice.services.grids import assign
from gridoffice.services.grids import core as grids
from gridoffice.services.staff import roster as staff_roster
from gridoffice.store import Database

TARGET_MS = 300


def main() -> int:
    path, _ = street_db()
    work = Path(tempfile.mkdtemp()) / "street.db"
    shutil.copyfile(path, work)
    db = Database.open(str(work), operator="bench")
    try:
        roots = grids.tree(db)
        communities = [n for r in roots for n in r.walk() if n.level == GridLevel.COMMUNITY]
        micro = [n for r in roots for n in r.walk() if n.level == GridLevel.MICRO]
        community = communities[0]
        report: dict[str, object] = {
            "checks_run": timed(lambda: checks.run(db), 3),
            "findings": len(checks.run(db)),
            "grid_tree": timed(lambda: grids.tree(db), 3),
            "staff_roster_one_community": timed(lambda: staff_roster.staff_roster(db, community.id), 3),
            "find_households_one_community": timed(
                lambda: assign.find_households(db, assign.HouseholdQuery(grid_id=community.id)), 3),
        }
        ids = [r.id for r in assign.find_households(db, assign.HouseholdQuery(grid_id=community.id))][:500]
        target = micro[-1].id
        t = time.perf_counter()
        change = assign.move_households(db, ids, target)
        moved = time.perf_counter() - t
        t = time.perf_counter()
        change.undo()
        undone = time.perf_counter() - t
        report["move_500_households_ms"] = round(moved * 1000, 1)
        report["undo_move_500_ms"] = round(undone * 1000, 1)
        report["target_ms"] = TARGET_MS
        report["load_average"] = os.getloadavg()
    finally:
        db.close()
        shutil.rmtree(work.parent, ignore_errors=True)
    if "--json" in sys.argv:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for key, value in report.items():
            print(f"{key}\t{value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
