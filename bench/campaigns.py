"""Campaign figures on the street database (about 148,000 persons, 836 micro-grids).

Run: ``python bench/campaigns.py [--json]`` (builds bench/.cache/street.db first if needed, via
bench/run.py). Works on a copy, so the cached database stays clean. Targets are a clerk's click:
preview, list making and coverage under 1 s; recording a ticked micro-grid list, or a whole
village's 1,008 people in one batch, under 1 s; the quick-find box under 0.2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import street_db

from gridoffice.services import ledgers
from gridoffice.services.campaigns import core as campaigns
from gridoffice.services.campaigns import handouts, lists
from gridoffice.services.campaigns import refresh as campaign_refresh
from gridoffice.services.ledgers import LedgerOptions
from gridoffice.store import Database

ON = dt.date(2023, 1, 7)


def seconds(fn):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    value = fn()
    return round(time.perf_counter() - started, 3), value


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    source, _ = street_db()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "street.db"
        shutil.copyfile(source, path)
        db = Database.open(str(path), operator="bench")
        report: dict[str, object] = {}
        criteria = campaigns.Criteria(ON, 60, window_end=ON + dt.timedelta(days=30))
        report["preview_s"], pv = seconds(lambda: campaigns.preview(db, criteria))
        report["eligible"] = pv.total
        report["create_and_list_s"], (cid, _change) = seconds(
            lambda: campaigns.create(db, campaigns.CampaignSpec("健康爱心包", criteria)))
        report["coverage_s"], cov = seconds(lambda: lists.coverage(db, cid))
        report["packing_s"], pk = seconds(lambda: lists.packing(db, cid))
        report["masks"] = pk.overall["口罩"]
        micro = cov.micro[0].grid_id
        report["micro_list_ids_s"], ids = seconds(lambda: lists.list_ids(db, cid, micro))
        report["micro_rows_s"], _ = seconds(lambda: lists.rows(db, ids))
        report["all_list_ids_s"], all_ids = seconds(lambda: lists.list_ids(db, cid))
        report["first_page_rows_s"], _ = seconds(lambda: lists.rows(db, all_ids[:200]))
        staff = lists.service_team(db, micro)[0].id
        report["staff_options_s"], _ = seconds(lambda: lists.staff_options(db, micro))
        handout = handouts.Handout(dt.date(2023, 1, 8), staff)
        report["record_micro_grid_s"], _ = seconds(
            lambda: handouts.record(db, cid, ids, handout, today=dt.date(2023, 1, 8)))
        report["micro_grid_size"] = len(ids)
        batch = [i for i in all_ids if i not in set(ids)][:1008]
        report["record_1008_s"], change = seconds(
            lambda: handouts.record(db, cid, batch, handout, today=dt.date(2023, 1, 8)))
        report["undo_1008_s"], _ = seconds(change.undo)
        report["refused_second_s"], _ = seconds(lambda: _refused(db, cid, ids[:1], handout))
        report["find_initials_s"], hits = seconds(lambda: lists.find(db, cid, "wxy"))
        report["find_initials_hits"] = len(hits)
        report["find_id_tail_s"], _ = seconds(lambda: lists.find(db, cid, "1234"))
        report["refresh_s"], _ = seconds(lambda: campaign_refresh.refresh(db, cid, dt.date(2023, 1, 20)))
        build = ledgers.available()["handout"].build
        report["handout_ledger_rows_s"], n = seconds(
            lambda: sum(1 for sheet in build(db, LedgerOptions(campaign_id=cid)).sheets for _ in sheet.rows))
        report["handout_ledger_rows"] = n
        db.close()
    report["village"] = village()
    with open("/proc/loadavg") as f:
        report["loadavg"] = f.read().split()[:3]
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for k, v in report.items():
            print(f"{k}: {v}")
    return 0


def village() -> dict[str, object]:
    """The acceptance case: the demo village, 60+ on 2023-01-07, all 1,008 recorded micro-grid by
    micro-grid (as a clerk ticks them), then the whole village in one batch."""
    from gridoffice.services.demo import core as demo

    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.open(str(Path(tmp) / "village.db"), operator="bench")
        demo.build(db, "village")
        criteria = campaigns.Criteria(ON, 60)
        out["create_and_list_s"], (cid, _c) = seconds(
            lambda: campaigns.create(db, campaigns.CampaignSpec("健康爱心包", criteria)))
        out["eligible"] = campaigns.get(db, cid).eligible
        out["masks"] = lists.packing(db, cid).overall["口罩"]
        grids = [g.grid_id for g in lists.coverage(db, cid).micro]
        day = dt.date(2023, 1, 8)

        def per_grid() -> int:
            for gid in grids:
                ids = lists.list_ids(db, cid, gid, [campaigns.PENDING])
                staff = lists.service_team(db, gid)[0].id
                handouts.record(db, cid, ids, handouts.Handout(day, staff), today=day)
                lists.coverage(db, cid)
            return lists.coverage(db, cid).overall.handed

        out["record_32_grid_lists_with_coverage_s"], out["handed"] = seconds(per_grid)
        cid2, _c = campaigns.create(db, campaigns.CampaignSpec("第二轮", criteria))
        all_ids = lists.list_ids(db, cid2)
        staff = lists.service_team(db, grids[0])[0].id
        out["record_1008_one_batch_s"], _ = seconds(
            lambda: handouts.record(db, cid2, all_ids, handouts.Handout(day, staff), today=day))
        db.close()
    return out


def _refused(db, cid, ids, handout):  # type: ignore[no-untyped-def]
    try:
        handouts.record(db, cid, ids, handout, today=dt.date(2023, 1, 8))
    except handouts.AlreadyHanded as exc:
        return str(exc)
    raise AssertionError("a second hand-out was accepted")


if __name__ == "__main__":
    raise SystemExit(main())
