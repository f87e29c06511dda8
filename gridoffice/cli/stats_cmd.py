"""``gridoffice stats [--on DATE] [--json]``"""

from __future__ import annotations

import argparse

from gridoffice.cli.common import add_command, date_arg, open_db, print_json
from gridoffice.i18n import tr
from gridoffice.services import stats

LABELS = {
    "communities": "总网格（村/社区）",
    "general_grids": "一般网格",
    "micro_grids": "微网格",
    "staff": "网格员",
    "households": "户数",
    "persons": "在册人口",
    "aged_60_plus": "60 岁以上",
    "aged_80_plus": "80 岁以上",
}


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    p = add_command(subparsers, "stats", tr("打印数据库的基本数字"))
    p.add_argument("--on", type=date_arg, default=None, help=tr("按哪一天计算年龄（默认今天）"))
    p.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        counts = stats.counts(db, args.on)
    finally:
        db.close()
    if args.json:
        print_json(counts.as_dict())
    else:
        print(tr("统计日期：{on}").format(on=counts.on.isoformat()))
        data = counts.as_dict()
        for key, label in LABELS.items():
            print(f"{tr(label)}\t{data[key]}")
    return 0
