"""``gridoffice demo --scale village|street [--seed N] --db PATH``"""

from __future__ import annotations

import argparse
import time

from gridoffice.cli.common import UserError, add_command, open_db
from gridoffice.i18n import tr
from gridoffice.services import demo


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    p = add_command(subparsers, "demo", tr("生成演示数据（虚构的村或街道）"))
    p.add_argument("--scale", choices=("village", "street"), default="village",
                   help=tr("village：一个村（约 4,000 人）；street：一个街道（约 15 万人）"))
    p.add_argument("--seed", type=int, default=7, help=tr("随机种子，同一种子生成相同数据"))
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if getattr(args, "db", None) is None:
        raise UserError(tr("请用 --db 指定新数据库的文件，例如 --db village.db"))
    db = open_db(args, create=True)
    try:
        started = time.perf_counter()
        try:
            written = demo.build(db, args.scale, args.seed)
        except demo.NotEmpty as exc:
            raise UserError(str(exc)) from exc
        print(tr("已生成演示数据：{grids} 个网格，{staff} 名网格员，{households} 户，{persons} 人（{seconds:.1f} 秒）。").format(
            seconds=time.perf_counter() - started, **written))
    finally:
        db.close()
    return 0
