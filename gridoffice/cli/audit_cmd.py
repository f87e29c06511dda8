"""``gridoffice audit``: the audit trail (操作日志), newest first, filtered like the viewer."""

from __future__ import annotations

import argparse

from gridoffice.cli.common import add_command, date_arg, grid_id_of, open_db, print_json
from gridoffice.i18n import tr
from gridoffice.services.audit import core as audit


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    p = add_command(subparsers, "audit", tr("查看操作日志：谁在什么时候改了什么"))
    p.add_argument("--person", metavar="姓名或身份证号", help=tr("只看这位居民（及其重点人群、走访等记录）"))
    p.add_argument("--household", metavar="户号", help=tr("只看这一户"))
    p.add_argument("--grid", metavar="网格编码", help=tr("只看这个网格及其下级"))
    p.add_argument("--operator", metavar="姓名", help=tr("只看这位操作员"))
    p.add_argument("--since", type=date_arg, metavar="DATE", help=tr("从这天起"))
    p.add_argument("--until", type=date_arg, metavar="DATE", help=tr("到这天止"))
    p.add_argument("--limit", type=int, default=50, help=tr("最多显示多少条（默认 50）"))
    p.add_argument("--masked", action="store_true", help=tr("身份证号和电话打码显示"))
    p.add_argument("--json", action="store_true", help=tr("输出 JSON"))
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        grid_id = grid_id_of(db, args.grid)
        f = audit.AuditFilter(
            person_ids=audit.find_persons(db, args.person) if args.person else None,
            household_ids=audit.find_households(db, args.household) if args.household else None,
            grid_id=grid_id, operator=args.operator or "", since=args.since, until=args.until,
        )
        total = audit.count(db, f)
        rows = audit.page(db, f, 0, max(args.limit, 0))
    finally:
        db.close()
    shown = [{"at": r.at.strftime("%Y-%m-%d %H:%M:%S"), "operator": r.operator,
              "action": audit.action_label(r.action), "table": audit.table_label(r.table), "row": r.row_id,
              "subject": r.subject, "field": r.field_text,
              "old": r.old_shown(args.masked), "new": r.new_shown(args.masked)} for r in rows]
    if args.json:
        print_json({"total": total, "events": shown})
        return 0
    for e in shown:
        print("\t".join(str(e[k] if e[k] is not None else "") for k in
                        ("at", "operator", "action", "table", "subject", "field", "old", "new")))
    print(tr("共 {total} 条，显示 {n} 条。").format(total=total, n=len(shown)))
    return 0
