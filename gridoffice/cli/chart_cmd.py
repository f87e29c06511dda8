"""``gridoffice chart [--community CODE] --out FILE.pdf``: the grid structure chart (三合一)."""

from __future__ import annotations

import argparse
from pathlib import Path

from gridoffice.cli.common import add_command, date_arg, open_db
from gridoffice.i18n import tr
from gridoffice.services import posters


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    p = add_command(subparsers, "chart", tr("打印网格架构图（总网格 → 一般网格 → 微网格，A3 横向）"))
    p.add_argument("--community", metavar="CODE", default=None,
                   help=tr("村/社区（总网格）编码；默认数据库里的全部村/社区"))
    p.add_argument("--out", required=True, type=Path, help=tr("输出 PDF 文件"))
    p.add_argument("--on", type=date_arg, default=None, help=tr("打印日期（默认今天）"))
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        pages = posters.write_chart_file(db, args.community, args.out, args.on)
    finally:
        db.close()
    print(tr("已生成网格架构图 {n} 页：{out}").format(n=pages, out=args.out))
    return 0
