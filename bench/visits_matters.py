"""Visits and matters at street scale: adds synthetic matters (30,000 a year, like 大弯街道's
27,000) and 26 weeks of visits to a copy of the street database, then measures list / filter
times (p95) and the week grid for the largest micro-grid and for a whole community.

Run: ``python bench/visits_matters.py [--json]`` (builds bench/.cache/street.db first if needed).
``populate(db, on, seed)`` also fills a village copy for screenshots.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, insert, select

from gridoffice.domain.codes import GridLevel
from gridoffice.services import matter_stats, matters, visits
from gridoffice.store import Database
from gridoffice.store.models import Grid, Household, Matter, Post, Visit, VisitVisitor

ON = dt.date(2023, 1, 7)
MATTER_TEXTS = {
    "求助": ["独居老人摔倒，请求协助送医", "老人家中断水，请求帮助联系维修", "残疾人申请上门代办证件"],
    "矛盾纠纷": ["邻里因噪音发生争执", "楼上漏水到楼下，双方协商未果", "宅基地边界纠纷"],
    "安全隐患": ["楼道堆放杂物堵塞消防通道", "电动车在楼道内充电", "燃气管道有异味"],
    "环境卫生": ["小区垃圾清运不及时", "绿化带有积水蚊虫多", "路边乱倒建筑垃圾"],
    "设施报修": ["电梯困人，居民被困轿厢", "路灯不亮", "单元门禁损坏"],
    "政策咨询": ["咨询高龄津贴申请条件", "咨询低保办理流程", "咨询医保缴费时间"],
}


def populate(db: Database, on: dt.date = ON, seed: int = 11, matters_per_year: int = 30000,
             weeks: int = 26, visit_rate: float = 0.85) -> dict[str, int]:
    """Write synthetic matters (one year up to ``on``) and visits (``weeks`` weeks up to ``on``)."""
    rng = random.Random(seed)
    with db.reading() as s:
        micro = list(s.scalars(select(Grid.id).where(Grid.level == GridLevel.MICRO)))
        team: dict[int, list[int]] = {}
        for gid, sid in s.execute(select(Post.grid_id, Post.staff_id).where(Post.in_service_team)):
            team.setdefault(gid, []).append(sid)
        addresses = dict(s.execute(select(Household.grid_id, Household.address)).all())
    start = dt.datetime.combine(on, dt.time(18)) - dt.timedelta(days=365)
    rows = []
    for i in range(matters_per_year):
        gid = rng.choice(micro)
        category = rng.choice(list(MATTER_TEXTS))
        reported = start + dt.timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
        age_days = (dt.datetime.combine(on, dt.time(18)) - reported).days
        responded = reported + dt.timedelta(minutes=int(rng.expovariate(1 / 180)) + 5)
        state = rng.choices(matters.STATES, (3, 8, 85, 4))[0] if age_days > 10 else rng.choices(
            matters.STATES, (30, 40, 27, 3))[0]
        closed = reported + dt.timedelta(hours=rng.expovariate(1 / 40) + 1) if state == matters.CLOSED else None
        if closed and closed.date() > on:
            closed = dt.datetime.combine(on, dt.time(17))
        rows.append(dict(
            reported_at=reported.replace(microsecond=0), reporter_name=f"居民{i % 997}", reporter_person_id=None,
            reporter_staff_id=None, grid_id=gid, address=addresses.get(gid, ""), category=category,
            description=rng.choice(MATTER_TEXTS[category]), urgency=rng.choices(matters.URGENCIES, (85, 12, 3))[0],
            handler_staff_id=rng.choice(team.get(gid, [None])),
            responded_at=None if state == matters.PENDING else max(responded, reported).replace(microsecond=0),
            closed_at=closed.replace(microsecond=0) if closed else None,
            outcome="已处理，居民满意" if state == matters.CLOSED else "",
            state=state, transferred_to="街道综治中心" if state == matters.TRANSFERRED else ""))
    persons = visits.key_persons(db, None, on)
    first = visits.vs.weeks_up_to(on, weeks)[0]
    visit_rows, visitor_rows = [], []
    next_id = 1
    with db.reading() as s:
        next_id = (s.scalar(select(func.max(Visit.id))) or 0) + 1
    for p in persons:
        day = first + dt.timedelta(days=rng.randrange(0, min(p.interval, 7)))
        while day <= on:
            if rng.random() < visit_rate:
                staff = team.get(p.grid_id, [])[:2]
                visit_rows.append(dict(id=next_id, person_id=p.person_id, household_id=p.household_id,
                                       grid_id=p.grid_id, visit_date=day, visitors="", health="良好",
                                       finances="", care="", safety="水电气正常", needs="", follow_up=""))
                visitor_rows.extend(dict(visit_id=next_id, staff_id=sid) for sid in staff)
                next_id += 1
            day += dt.timedelta(days=p.interval + rng.randrange(-1, 2))
    with db.session() as s:
        conn = s.connection()
        for table, data in ((Matter, rows), (Visit, visit_rows), (VisitVisitor, visitor_rows)):
            for i in range(0, len(data), 5000):
                conn.execute(insert(table.__table__), data[i:i + 5000])
    return {"matters": len(rows), "visits": len(visit_rows), "key_persons": len(persons)}


def p95(fn: Callable[[], object], repeat: int = 20) -> dict[str, float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {"median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 1)}


def run(path: Path) -> dict[str, object]:
    work = path.parent / "street-visits-matters.db"
    if not work.exists():
        tmp = path.parent / "street-visits-matters.building.db"
        shutil.copyfile(path, tmp)
        db = Database.open(str(tmp))
        t = time.perf_counter()
        written = populate(db)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        shutil.move(tmp, work)
        report: dict[str, object] = {"populate_s": round(time.perf_counter() - t, 1), **written}
    else:
        report = {}
    db = Database.open(str(work))
    now = dt.datetime.combine(ON, dt.time(18))
    try:
        with db.reading() as s:
            sizes = s.execute(select(Household.grid_id, func.count()).group_by(Household.grid_id)
                              .order_by(func.count().desc())).first()
            largest = sizes[0]
            community = s.scalar(select(Grid.id).where(Grid.level == GridLevel.COMMUNITY).order_by(Grid.code))
            handler = s.scalar(select(Matter.handler_staff_id).where(Matter.handler_staff_id.is_not(None)))
            report["matters_total"] = s.scalar(select(func.count()).select_from(Matter))
            report["visits_total"] = s.scalar(select(func.count()).select_from(Visit))

        def listing(flt: matters.MatterFilter) -> Callable[[], object]:
            def go() -> object:
                ids = matters.matter_ids(db, flt, now=now)
                return matters.matter_rows(db, ids[:200])  # first screenful, as the list model does
            return go

        report["list_all"] = p95(listing(matters.MatterFilter()))
        report["filter_open"] = p95(listing(matters.MatterFilter(state="open")))
        report["filter_old_open"] = p95(listing(matters.MatterFilter(old_only=True)))
        report["filter_category_community"] = p95(listing(matters.MatterFilter(category="设施报修", grid_id=community)))
        report["filter_handler"] = p95(listing(matters.MatterFilter(handler_staff_id=handler)))
        report["filter_text"] = p95(listing(matters.MatterFilter(text="电梯")))
        report["medians_by_month"] = p95(lambda: matter_stats.medians(db, "month"), 5)
        report["medians_by_grid"] = p95(lambda: matter_stats.medians(db, "grid"), 5)
        report["week_grid_largest_micro"] = p95(lambda: visits.week_grid(db, largest, ON), 10)
        report["week_grid_community"] = p95(lambda: visits.week_grid(db, community, ON), 5)
        report["week_counts_street"] = p95(lambda: visits.week_counts(db, None, ON), 3)
        report["due_list_street"] = p95(lambda: visits.due_list(db, None, ON), 3)
        report["community_rows"] = len(visits.week_grid(db, community, ON).rows)
        report["largest_micro_rows"] = len(visits.week_grid(db, largest, ON).rows)
    finally:
        db.close()
    return report


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import street_db

    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    path, _ = street_db()
    report = run(path)
    import os
    report["load_average"] = [round(x, 2) for x in os.getloadavg()]
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for key, value in report.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
