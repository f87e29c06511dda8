"""Search and long-list figures on the street database (~148k persons).

    python bench/search.py [--json]

1. Search: index build time, then p50 / p95 per keystroke over realistic queries typed one
   character at a time (names incl. 2-character names, pinyin initials and full pinyin, ID
   tails, phone tails, address fragments). Target: 30 ms p95.
2. The whole-street person list: first paint of the lazy table (ids + first page) in a real
   QTableView, scrolling to the end, and the process RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import street_db
from sqlalchemy import select

from gridoffice.services import search
from gridoffice.store import Database
from gridoffice.store.models import Household, Person

TARGET_MS = 30.0


def rss_mb() -> float:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def queries(db: Database, n: int = 40) -> list[str]:
    """Whole queries a clerk would type; each is replayed one keystroke at a time."""
    rng = random.Random(7)
    with db.reading() as s:
        people = s.execute(select(Person.name, Person.name_initials, Person.name_pinyin, Person.id_number,
                                  Person.phone).where(Person.id % 997 == 0)).all()
        addresses = list(s.scalars(select(Household.address).where(Household.id % 499 == 0)))
    rng.shuffle(people)
    out = ["张伟", "王芳", "李娜", "刘洋", "单伟"]  # 2-character names
    for name, ini, py, idn, tel in people[:n]:
        kind = rng.randrange(6)
        if kind == 0:
            out.append(name)
        elif kind == 1:
            out.append(ini)
        elif kind == 2:
            out.append(py)
        elif kind == 3 and idn:
            out.append(idn[-rng.choice((4, 6)):])
        elif kind == 4 and tel:
            out.append(tel[-4:] if rng.random() < 0.5 else tel)
        else:
            out.append(rng.choice(addresses)[:rng.choice((3, 4, 6))])
    return out


def bench_search(path: Path) -> dict[str, object]:
    db = Database.open(str(path))
    try:
        rss0 = rss_mb()
        t = time.perf_counter()
        index = search.SearchIndex.build(db)
        build_s = time.perf_counter() - t
        rss1 = rss_mb()
        times, cpu = [], []
        typed = queries(db)
        for q in typed:
            for i in range(1, len(q) + 1):
                t, c = time.perf_counter(), time.process_time()
                index.search(q[:i], 50)
                times.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
        t = time.perf_counter()
        index.refresh()
        refresh_ms = (time.perf_counter() - t) * 1000
        times.sort()
        cpu.sort()
        p50 = times[len(times) // 2]
        p95 = times[int(len(times) * 0.95)]
        return {"persons_indexed": len(index.ids), "index_build_s": round(build_s, 2),
                "index_rss_mb": round(rss1 - rss0, 1), "queries": len(typed), "keystrokes": len(times),
                "p50_ms": round(p50, 2), "p95_ms": round(p95, 2), "max_ms": round(times[-1], 2),
                "p95_ratio_to_30ms": round(p95 / TARGET_MS, 2),
                "cpu_p50_ms": round(cpu[len(cpu) // 2], 2), "cpu_p95_ms": round(cpu[int(len(cpu) * 0.95)], 2),
                "refresh_ms": round(refresh_ms, 1)}
    finally:
        db.close()


def bench_person_list(path: Path) -> dict[str, object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QTableView

    from gridoffice.services.roster import lists as roster_lists
    from gridoffice.services.scope import Scope
    from gridoffice.ui.widgets.lazy_model import ColumnSpec, LazyTableModel

    app = QApplication.instance() or QApplication([])
    db = Database.open(str(path))
    try:
        rss0 = rss_mb()
        from operator import attrgetter

        cols = [ColumnSpec(t, attrgetter(k), "name" if k == "name" else None)
                for t, k in (("姓名", "name"), ("年龄", "age"), ("身份证号", "id_number"), ("户号", "household_number"),
                             ("住址", "address"), ("微网格", "grid"), ("重点人群", "categories"))]
        roster_lists.ensure_planner_stats(db)  # once per file (0.25 s), not part of the paint
        t, c = time.perf_counter(), time.process_time()
        model = LazyTableModel(cols, lambda key, desc: roster_lists.person_ids(db, Scope(), None, key or "household", desc),
                               lambda ids: roster_lists.person_rows(db, ids))
        model.reload()
        view = QTableView()
        view.setModel(model)
        view.resize(1200, 700)
        view.show()
        app.processEvents()
        view.viewport().grab()  # force a paint of the visible rows
        first_paint = time.perf_counter() - t
        first_paint_cpu = time.process_time() - c
        rows = model.rowCount()
        t = time.perf_counter()
        steps = 50
        for i in range(steps + 1):
            view.scrollTo(model.index(rows * i // steps - (1 if i == steps else 0), 0))
            view.viewport().grab()
        scroll_ms = (time.perf_counter() - t) * 1000 / (steps + 1)
        t = time.perf_counter()
        model.sort(0)
        view.viewport().grab()
        sort_s = time.perf_counter() - t
        from gridoffice.store.models import Grid

        with db.reading() as s:
            micro = s.scalars(select(Grid.id).where(Grid.level == "micro")).first()
        t = time.perf_counter()
        roster_lists.person_ids(db, Scope(grid_id=micro))
        micro_ms = (time.perf_counter() - t) * 1000
        return {"rows": rows, "first_paint_s": round(first_paint, 2),
                "first_paint_cpu_s": round(first_paint_cpu, 2), "one_micro_grid_ids_ms": round(micro_ms, 1), "scroll_jump_paint_ms": round(scroll_ms, 1),
                "resort_by_name_s": round(sort_s, 2), "pages_fetched": model.fetches,
                "rss_mb_after": rss_mb(), "rss_mb_growth": round(rss_mb() - rss0, 1)}
    finally:
        db.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    path, _ = street_db()
    report = {"load_average": os.getloadavg(), "search": bench_search(path),
              "person_list": bench_person_list(path), "process_rss_mb": rss_mb()}
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for key, value in report.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
