"""``gridoffice briefing --from DATE --to DATE [--grid CODE] --out FILE.pdf [--public]``: the
工作简报 (A4 portrait PDF) of a month, quarter or chosen period for a grid."""

from __future__ import annotations

import argparse
from pathlib import Path

from gridoffice.cli.common import add_command, date_arg, open_db
from gridoffice.i18n import tr
from gridoffice.services.briefing import core as briefing


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    p = add_command(subparsers, "briefing", tr("生成工作简报（A4 竖版 PDF：主要数据与上期对比、图表、事项流转、需关注网格）"))
    p.add_argument("--from", dest="date_from", required=True, type=date_arg, help=tr("起始日期，例如 2023-01-01"))
    p.add_argument("--to", dest="date_to", required=True, type=date_arg, help=tr("截止日期，例如 2023-01-31"))
    p.add_argument("--grid", metavar="CODE", default=None, help=tr("只看这个网格（含下级网格），填网格编码"))
    p.add_argument("--out", required=True, type=Path, help=tr("输出 PDF 文件"))
    p.add_argument("--public", action="store_true", help=tr("公示版：只有人数件数，小数字隐藏，不列重点人群和网格"))
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        pages = briefing.write_file(db, args.date_from, args.date_to, args.out, args.grid, args.public)
    finally:
        db.close()
    print(tr("已生成工作简报 {n} 页：{out}").format(n=pages, out=args.out))
    return 0
