"""``gridoffice poster --grid CODE --out FILE.pdf [--paper A4|A3]``,
``gridoffice poster --all --out DIR [--one-file]``: the notice boards (网格信息公示牌)."""

from __future__ import annotations

import argparse
from pathlib import Path

from gridoffice.cli.common import UserError, add_command, date_arg, open_db
from gridoffice.i18n import tr
from gridoffice.services import posters


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    p = add_command(subparsers, "poster", tr("打印网格信息公示牌（每个微网格一张）"))
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--grid", metavar="CODE",
                       help=tr("微网格编码；给上级网格编码时打印其下全部微网格"))
    which.add_argument("--all", action="store_true", help=tr("全部微网格"))
    p.add_argument("--out", required=True, type=Path,
                   help=tr("输出 PDF 文件；--all 时为文件夹（每个微网格一个文件）"))
    p.add_argument("--one-file", action="store_true", help=tr("--all 时全部写进一个 PDF"))
    p.add_argument("--paper", choices=("A4", "A3"), default="A4", help=tr("纸张（默认 A4）"))
    p.add_argument("--on", type=date_arg, default=None, help=tr("打印日期（默认今天）"))
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        if args.all and not args.one_file:
            if args.out.suffix.lower() == ".pdf":
                raise UserError(tr("--all 时 --out 是文件夹；要一个文件请加 --one-file"))
            files = posters.write_posters_folder(db, args.out, args.paper, args.on)
            print(tr("已生成 {n} 个公示牌文件：{out}").format(n=len(files), out=args.out))
            return 0
        out = args.out
        if args.all and out.suffix.lower() != ".pdf":
            out = out / tr("网格信息公示牌.pdf")
        pages = posters.write_posters_file(db, None if args.all else args.grid, out, args.paper, args.on)
        print(tr("已生成 {n} 张公示牌：{out}").format(n=pages, out=out))
        return 0
    finally:
        db.close()
