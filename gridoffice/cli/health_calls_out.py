"""``gridoffice health calls --log``: the week's daily calls, per grid and one by one."""

from __future__ import annotations

import argparse
import datetime as dt

from gridoffice.cli.common import grid_id_of, open_db, print_json
from gridoffice.domain import visit_schedule as vs
from gridoffice.i18n import tr
from gridoffice.services.grids import core as grids
from gridoffice.services.health import calls as health_calls


def print_log(args: argparse.Namespace) -> int:
    on = args.on or dt.date.today()
    db = open_db(args)
    try:
        grid_id = grid_id_of(db, args.grid)
        listed = health_calls.call_list(db, grid_id, on)
        log = health_calls.week_log(db, grid_id, on)
        labels = grids.labels(db)
    finally:
        db.close()
    per_grid = health_calls.counts_by_grid(listed, on)
    if args.json:
        print_json({"week": vs.week_start(on).isoformat(), "on": on.isoformat(),
                    "grids": [{"grid_id": gid, "grid": labels.get(gid, ""), "red": c.red,
                               "called_week": c.called_week, "called_today": c.called_today,
                               "reached_today": c.reached_today}
                              for gid, c in sorted(per_grid.items(), key=lambda i: labels.get(i[0], ""))],
                    "calls": [{"id": e.call.id, "person_id": e.call.person_id, "name": e.name,
                               "household": e.household_number, "grid": labels.get(e.grid_id or 0, ""),
                               "called_on": e.call.called_on.isoformat(), "reached": e.call.reached,
                               "by": e.call.by_name, "note": e.call.note} for e in log]})
        return 0
    print(tr("{monday} 至 {sunday} 的电话随访：红色分级 {red} 人，本周打过 {week} 人，今天打通 {today} 人").format(
        monday=vs.week_start(on).isoformat(), sunday=vs.week_end(on).isoformat(),
        red=sum(c.red for c in per_grid.values()), week=sum(c.called_week for c in per_grid.values()),
        today=sum(c.reached_today for c in per_grid.values())))
    for gid, c in sorted(per_grid.items(), key=lambda i: labels.get(i[0], "")):
        print("\t".join([labels.get(gid, ""), tr("红 {n}").format(n=c.red), tr("本周打过 {n}").format(n=c.called_week),
                         tr("今天打过 {n}").format(n=c.called_today), tr("今天打通 {n}").format(n=c.reached_today)]))
    for e in log:
        print("\t".join([e.call.called_on.isoformat(), labels.get(e.grid_id or 0, ""), e.name, e.household_number,
                         tr("打通") if e.call.reached else tr("未接通"), e.call.by_name, e.call.note]))
    return 0
