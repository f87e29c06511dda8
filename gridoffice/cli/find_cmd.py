"""``gridoffice find QUERY [--json] [--limit N]``: the search box for scripts.

IDs are printed masked (first 6 + last 4, ``domain.privacy``), phones masked likewise."""

from __future__ import annotations

import argparse

from gridoffice.cli.common import UserError, add_command, open_db, print_json
from gridoffice.domain.privacy import mask_id, mask_phone
from gridoffice.i18n import tr
from gridoffice.services import search


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    p = add_command(subparsers, "find", tr("查找人员：姓名、拼音首字母、身份证后几位、电话、地址"))
    p.add_argument("query", metavar="QUERY", help=tr("要找的内容，如 张伟、wxy、1234、13812345678"))
    p.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))
    p.add_argument("--limit", type=int, default=50, metavar="N", help=tr("最多列出几条（默认 50）"))
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if not args.query.strip():
        raise UserError(tr("请给出要查找的内容"))
    if args.limit < 1:
        raise UserError(tr("--limit 应为正整数"))
    db = open_db(args)
    try:
        found = search.search(db, args.query, args.limit)
    finally:
        db.close()
    rows = [dict(name=h.name, id_number=mask_id(h.id_number), phone=mask_phone(h.phone), grid=h.grid,
                 address=h.address, household=h.household_number, status=h.status, matched=h.matched)
            for h in found]
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print(tr("没有找到“{query}”").format(query=args.query))
        return 0
    for r in rows:
        status = "" if r["status"] == "在册" else f"\t[{r['status']}]"
        print(f"{r['name']}\t{r['id_number'] or tr('（无身份证号）')}\t{r['grid']}\t{r['address']}{status}")
    return 0
