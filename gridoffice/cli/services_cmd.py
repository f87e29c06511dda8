"""``gridoffice services record|counts``: the 五到家 service log."""

from __future__ import annotations

import argparse
import datetime as dt

from gridoffice.cli.common import UserError, add_command, date_arg, grid_id_of, open_db, print_json
from gridoffice.cli.health_cmd import person_of
from gridoffice.i18n import tr
from gridoffice.services.grids.core import labels
from gridoffice.services.health import services as health_services
from gridoffice.services.roster import households as roster_households


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    p = add_command(subparsers, "services", tr("五到家服务：登记一次服务、按网格和类型统计"))
    sub = p.add_subparsers(dest="services_command", metavar="SUBCOMMAND", required=True)
    rec = add_command(sub, "record", tr("登记一次五到家服务（送医、温暖、预防、互助、宣传到家）"))
    rec.add_argument("--household", required=True, metavar="NUMBER", help=tr("户号"))
    rec.add_argument("--type", required=True, dest="service_type", metavar="TYPE",
                     help=tr("服务类型：{types}").format(types="、".join(health_services.TYPES)))
    rec.add_argument("--person", default=None, metavar="ID_NUMBER", help=tr("服务对象身份证号（须是这一户的人；不写为整户）"))
    rec.add_argument("--date", type=date_arg, default=None, help=tr("服务日期（默认今天）"))
    rec.add_argument("--by", default="", metavar="NAME", help=tr("服务人姓名"))
    rec.add_argument("--note", default="", metavar="TEXT", help=tr("备注"))
    rec.set_defaults(handler=run_record)
    cnt = add_command(sub, "counts", tr("某月各微网格各类服务次数"))
    cnt.add_argument("--grid", metavar="CODE", help=tr("只看这个网格（及其下级），填网格编码"))
    cnt.add_argument("--month", type=date_arg, default=None, metavar="DATE", help=tr("这个月内任意一天（默认本月）"))
    cnt.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))
    cnt.set_defaults(handler=run_counts)


def run_record(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        household_id = roster_households.household_id_by_number(db, args.household)
        if household_id is None:
            raise UserError(tr("没有户号为 {number} 的户").format(number=args.household))
        person_id = person_of(db, args.person) if args.person else None
        change = health_services.record(db, household_id, args.service_type.strip(), args.date, person_id,
                                        args.by, args.note)
    finally:
        db.close()
    print(tr("已{what}").format(what=change.description))
    return 0


def run_counts(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        start, end = health_services.month_bounds(args.month or dt.date.today())
        counts = health_services.counts(db, grid_id_of(db, args.grid), start, end)
        names = labels(db)
    finally:
        db.close()
    rows = sorted(counts.items(), key=lambda item: names.get(item[0], "") if item[0] is not None else "")
    if args.json:
        print_json({"from": start.isoformat(), "to": end.isoformat(),
                    "grids": [{"grid_id": gid, "grid": names.get(gid, "") if gid else "", "counts": c}
                              for gid, c in rows]})
        return 0
    print(tr("{start} 至 {end}").format(start=start.isoformat(), end=end.isoformat()))
    for gid, c in rows:
        print("\t".join([names.get(gid, tr("未划分网格")) if gid else tr("未划分网格"),
                         *(f"{tr(k)} {v}" for k, v in c.items())]))
    return 0
