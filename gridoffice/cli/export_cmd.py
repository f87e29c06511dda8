"""``gridoffice export LEDGER --out FILE.xlsx [--grid CODE] [--on DATE] [--public]``"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from gridoffice.cli.common import UserError, add_command, date_arg, open_db
from gridoffice.i18n import tr
from gridoffice.services import ledgers


def _description() -> str:
    """What ``export --help`` says: every registered ledger's key and title, and the formats."""
    entries = sorted(ledgers.available().values(), key=lambda e: e.key)
    wide = max((len(e.key) for e in entries), default=0)
    lines = [f"  {e.key.ljust(wide)}  {tr(e.label)}" + ("" if e.public else tr("（没有公示版）")) for e in entries]
    return "\n".join([tr("导出台账：存为 .xlsx（Excel，可再编辑）或 .pdf（直接打印，A4）。"), "",
                      tr("可导出的台账（LEDGER）："), *lines])


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    p = add_command(subparsers, "export", tr("导出台账（花名册、重点人群、发放签收表、走访、事项、汇总表等），Excel 或 PDF"))
    p.description = _description()
    p.add_argument("ledger", metavar="LEDGER", help=tr("台账名称，见上面的列表"))
    p.add_argument("--out", required=True, metavar="FILE", help=tr("保存到哪个文件：.xlsx（Excel）或 .pdf（直接打印）"))
    p.add_argument("--grid", default=None, metavar="CODE", help=tr("只导出这个网格（含下级网格），填网格编码"))
    p.add_argument("--on", type=date_arg, default=None, metavar="DATE", help=tr("台账日期（计算年龄、返乡在村等），默认今天"))
    p.add_argument("--public", action="store_true", help=tr("公示版：身份证号、手机号打码，不含重点人群等敏感列"))
    p.add_argument("--campaign", type=int, default=None, metavar="ID",
                   help=tr("发放台账（handout、handout-coverage、packing）用哪次发放活动，默认最近一次"))
    p.add_argument("--from", dest="date_from", type=date_arg, default=None, metavar="DATE", help=tr("起始日期（走访记录等按时段的台账）"))
    p.add_argument("--to", dest="date_to", type=date_arg, default=None, metavar="DATE", help=tr("截止日期（走访记录等按时段的台账）"))
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    available = ledgers.available()
    if args.ledger not in available:
        names = "、".join(sorted(available))
        raise UserError(tr("没有名为“{key}”的台账。可导出的台账：{names}").format(key=args.ledger, names=names))
    db = open_db(args)
    extra = {key: value.isoformat() for key, value in (("from", args.date_from), ("to", args.date_to)) if value}
    options = ledgers.LedgerOptions(on=args.on or dt.date.today(), grid_code=args.grid, public=args.public,
                                    campaign_id=args.campaign, extra=extra)
    try:
        result = ledgers.export(db, args.ledger, options, args.out)
    except ledgers.LedgerError as exc:
        raise UserError(str(exc)) from exc
    finally:
        db.close()
    pdf = str(result.path).lower().endswith(".pdf")
    counted = (tr("{sheets} 张表，{rows} 行") if pdf else tr("{sheets} 个工作表，{rows} 行")).format(
        sheets=result.sheets, rows=result.rows)
    print(tr("已导出{label}：{path}（{counted}）").format(
        label=tr(available[args.ledger].label), path=result.path, counted=counted), file=sys.stdout)
    return 0
