"""``gridoffice demo --scale village|street [--seed N] [--on DATE] [--code CODE --name NAME] --db PATH``"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from gridoffice.cli.common import UserError, add_command, date_arg, open_db
from gridoffice.i18n import tr
from gridoffice.services.demo import core as demo
from gridoffice.services.errors import ServiceError


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    p = add_command(subparsers, "demo", tr("生成演示数据（虚构的村或街道）"))
    p.add_argument("--scale", choices=("village", "street"), default="village",
                   help=tr("village：一个村（约 4,000 人）；street：一个街道（约 15 万人）"))
    p.add_argument("--seed", type=int, default=7, help=tr("随机种子，同一种子生成相同数据"))
    p.add_argument("--on", type=date_arg, default=None,
                   help=tr("走访、事项和发放活动截至哪一天（默认今天）；出生日期不随之变化"))
    p.add_argument("--code", default=None, help=tr("村的编码（仅 village），网格编码和户号都以它开头，默认 YMC"))
    p.add_argument("--name", default=None, help=tr("村的名称（仅 village），默认 禹庙村"))
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if getattr(args, "db", None) is None:
        raise UserError(tr("请用 --db 指定新数据库的文件，例如 --db village.db"))
    if args.scale == "street" and (args.code or args.name):
        raise UserError(tr("只有村（--scale village）可以指定编码和名称。"))
    if args.code is not None:
        demo.check_village(args.code, args.name or demo.VILLAGE_NAME)
    db = open_db(args, create=True)
    db.operator = tr("演示员")  # the demo's records are the demo's, never the OS login's (as in the GUI)
    try:
        started = time.perf_counter()
        try:
            written = demo.build(db, args.scale, args.seed, code=args.code, name=args.name,
                                 on=args.on or dt.date.today())
        except ServiceError as exc:
            raise UserError(str(exc)) from exc
        print(tr("已生成演示数据：{grids} 个网格，{staff} 名网格员，{households} 户，{persons} 人（{seconds:.1f} 秒）。").format(
            seconds=time.perf_counter() - started, **written))
    finally:
        db.close()
    return 0
