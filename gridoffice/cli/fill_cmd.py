"""``gridoffice fill FORM --out OUT.xlsx [--profile NAME] [--map 表头=字段 …] [--who …] [--grid CODE]
[--on DATE] [--public] [--existing below|replace] [--json]`` and ``gridoffice fill --list-fields``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from gridoffice.cli.common import UserError, add_command, date_arg, open_db, print_json
from gridoffice.i18n import tr


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    p = add_command(subparsers, "fill", tr("按上级发来的空白表格填报（保留原表格式，不用重新录入）"))
    p.add_argument("form", nargs="?", metavar="FORM", help=tr("上级发来的空白表格（.xlsx、.xls、.ods）"))
    p.add_argument("--out", metavar="FILE", help=tr("填好的表格保存到哪个 .xlsx 文件（原表不会被改动）"))
    p.add_argument("--list-fields", action="store_true", help=tr("列出可以填写的全部字段"))
    p.add_argument("--sheet", default=None, metavar="NAME", help=tr("填哪个工作表，默认第一个找到表头的"))
    p.add_argument("--map", action="append", default=[], metavar="表头=字段",
                   help=tr("指定某一列填什么，例如 联系方式=phone；字段留空表示这一列不填；可写多次"))
    p.add_argument("--who", default=None, metavar="WHO",
                   help=tr("填哪些人或网格：all、households、staff、returnees、grids、grids:general、communities、"
                           "age:60、campaign:1 或重点人群代码；默认按表格判断"))
    p.add_argument("--grid", default=None, metavar="CODE", help=tr("只填这个网格（含下级网格），填网格编码"))
    p.add_argument("--on", type=date_arg, default=None, help=tr("按哪一天计算年龄、返乡在村等，默认今天"))
    p.add_argument("--public", action="store_true", help=tr("公示版：身份证号、手机号打码，敏感列不填"))
    p.add_argument("--existing", choices=("below", "replace"), default=None,
                   help=tr("表格里已经有数据时：below 接在后面填，replace 替换这些行"))
    p.add_argument("--campaign", type=int, default=None, metavar="ID", help=tr("统计表的应发、已发按哪次发放活动，默认最近一次"))
    p.add_argument("--profile", default=None, metavar="NAME", help=tr("使用（或首次保存）这个名字的填报方案"))
    p.add_argument("--force", action="store_true", help=tr("表头与保存的方案不同时仍按方案填写"))
    p.add_argument("--json", action="store_true", help=tr("以 JSON 输出结果"))
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from gridoffice.services.fill import core as fill

    if args.list_fields:
        return _list_fields(args)
    if not args.form:
        raise UserError(tr("请指定要填写的表格文件，例如 gridoffice fill 上级表.xlsx --out 已填.xlsx"))
    if not args.out:
        raise UserError(tr("请用 --out 指定填好的表格保存到哪个 .xlsx 文件。"))
    plan = fill.open_form(args.form, args.sheet)
    db = open_db(args)
    try:
        options = fill.FillOptions(who=args.who, grid_code=args.grid, on=args.on or dt.date.today(),
                                   public=args.public, existing=args.existing, campaign_id=args.campaign)
        plan, options = _profile(db, plan, options, args)
        plan = fill.with_map(plan, args.map)
        report = fill.fill(db, plan, options, args.out)
        if args.profile:
            from gridoffice.services.fill import profiles as fill_profiles

            fill_profiles.save(db, args.profile, plan, options)
    finally:
        db.close()
    if args.json:
        print_json(report.as_dict())
        return 0
    for note in report.notes:
        print(note, file=sys.stdout)
    print(tr("已填写：{path}（工作表“{sheet}”，{rows} 行）").format(path=report.path, sheet=report.sheet, rows=report.rows),
          file=sys.stdout)
    if report.empty_columns:
        print(tr("未填写的列：{names}").format(names="、".join(report.empty_columns)), file=sys.stdout)
    return 0


def _profile(db, plan, options, args):  # type: ignore[no-untyped-def]
    if not args.profile:
        return plan, options
    from gridoffice.services.fill import profiles as fill_profiles

    profile = fill_profiles.load(db, args.profile)
    if profile is None:
        return plan, options
    return fill_profiles.apply(profile, plan, options, force=args.force, explicit=_explicit(args))


def _explicit(args: argparse.Namespace) -> dict[str, object]:
    """The choices typed on this command line (they win over the profile's)."""
    return {k: v for k, v in (("who", args.who), ("grid_code", args.grid), ("existing", args.existing),
                              ("campaign_id", args.campaign)) if v is not None} | (
        {"public": True} if args.public else {})


def _list_fields(args: argparse.Namespace) -> int:
    from gridoffice.services.fill import core as fill

    fields = fill.list_fields()
    if args.json:
        print_json(fields)
        return 0
    for f in fields:
        names = "、".join(f["names"][:6])
        print(f"{f['key']:<26}{f['label']}（{f['group']}）  {names}", file=sys.stdout)
    return 0
