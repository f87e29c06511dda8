"""``gridoffice matters list|add|start|close|transfer|stats``: the matters log (民情事项)."""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import asdict

from gridoffice.cli.common import UserError, add_command, date_arg, grid_id_of, open_db, print_json
from gridoffice.domain.ages import parse_loose_date
from gridoffice.i18n import tr
from gridoffice.services.matters import core as matters
from gridoffice.services.matters import stats as matter_stats
from gridoffice.services.staff import core as staff
from gridoffice.store import Database


def _when(text: str) -> dt.datetime:
    """``2023-01-07 09:30`` or a date (taken at the current time of day when it is today)."""
    text = text.strip().replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"):
        try:
            when = dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        if parse_loose_date(when.date()) is None:  # outside 1900–2100
            break
        return when
    day = parse_loose_date(text)
    if day is None:
        raise argparse.ArgumentTypeError(tr("“{text}”不是时间：时间格式应为 2023-01-07 09:30 这样的年-月-日 时:分").format(text=text))
    return dt.datetime.combine(day, dt.time(9, 0))


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    p = add_command(subparsers, "matters", tr("民情事项登记：列表、登记、办理、办结、转办、用时统计"))
    sub = p.add_subparsers(dest="matters_command", metavar="SUBCOMMAND", required=True)

    ls = add_command(sub, "list", tr("列出事项（按状态、网格、类别、办理人筛选）"))
    ls.add_argument("--state", choices=(*matters.STATES, "open"), help=tr("状态；open 表示待处理和处理中"))
    ls.add_argument("--grid", metavar="CODE", help=tr("网格编码（含下级）"))
    ls.add_argument("--category", help=tr("事项类别"))
    ls.add_argument("--handler", dest="handler_name", metavar="NAME", help=tr("办理人姓名"))
    ls.add_argument("--old", action="store_true", help=tr("只列超期未办结的"))
    ls.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))
    ls.set_defaults(handler=run_list)

    add = add_command(sub, "add", tr("登记一件事项"))
    add.add_argument("--category", required=True, help=tr("类别，如 求助、矛盾纠纷、设施报修"))
    add.add_argument("--description", required=True, help=tr("事项内容"))
    add.add_argument("--grid", metavar="CODE", help=tr("所在网格编码"))
    add.add_argument("--address", default="", help=tr("地点"))
    add.add_argument("--reporter", default="", help=tr("反映人"))
    add.add_argument("--urgency", choices=matters.URGENCIES, default=matters.URGENCIES[0], help=tr("紧急程度"))
    add.add_argument("--handler", dest="handler_name", metavar="NAME", help=tr("办理人姓名"))
    add.add_argument("--at", type=_when, default=None, help=tr("反映时间（默认现在）"))
    add.set_defaults(handler=run_add)

    for name, state, text in (("start", matters.IN_PROGRESS, "开始办理（改为处理中）"),
                              ("close", matters.CLOSED, "办结事项"),
                              ("transfer", matters.TRANSFERRED, "转办到上级或部门")):
        cmd = add_command(sub, name, tr(text))
        cmd.add_argument("id", type=int, metavar="ID", help=tr("事项编号"))
        cmd.add_argument("--at", type=_when, default=None, help=tr("时间（默认现在）"))
        if state == matters.CLOSED:
            cmd.add_argument("--outcome", required=True, help=tr("办理结果"))
        if state == matters.TRANSFERRED:
            cmd.add_argument("--to", required=True, dest="transferred_to", help=tr("转到哪里"))
        cmd.set_defaults(handler=run_move, state=state)

    st = add_command(sub, "stats", tr("响应用时和办结用时的中位数（按月或按网格）"))
    st.add_argument("--by", choices=("month", "grid"), default="month")
    st.add_argument("--grid", metavar="CODE", help=tr("网格编码（含下级）"))
    st.add_argument("--from", dest="date_from", type=date_arg, default=None, help=tr("登记日期起"))
    st.add_argument("--to", dest="date_to", type=date_arg, default=None, help=tr("登记日期止"))
    st.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))
    st.set_defaults(handler=run_stats)


def _staff_id(db: Database, name: str | None) -> int | None:
    if not name:
        return None
    found = staff.active_staff_ids(db, name)
    if not found:
        raise UserError(tr("网格员名单里没有 {name}").format(name=name))
    if len(found) > 1:
        raise UserError(tr("名单里有 {n} 位 {name}，请在图形界面中选择").format(n=len(found), name=name))
    return found[0]


def _fmt(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def run_list(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        flt = matters.MatterFilter(state=args.state, grid_id=grid_id_of(db, args.grid), category=args.category,
                                   handler_staff_id=_staff_id(db, args.handler_name), old_only=args.old)
        rows = matters.matter_rows(db, matters.matter_ids(db, flt))
        limit = matters.old_days(db)
    finally:
        db.close()
    now = dt.datetime.now()
    if args.json:
        print_json([{
            "id": r.id, "reported_at": _fmt(r.reported_at), "reporter": r.reporter, "grid": r.grid_name,
            "address": r.address, "category": r.category, "description": r.description, "urgency": r.urgency,
            "handler": r.handler, "responded_at": _fmt(r.responded_at), "closed_at": _fmt(r.closed_at),
            "outcome": r.outcome, "state": r.state, "transferred_to": r.transferred_to,
            "old": r.is_old(now, limit),
            "response_hours": None if r.response_hours() is None else round(r.response_hours() or 0, 1),
            "close_days": None if r.close_days() is None else round(r.close_days() or 0, 1),
        } for r in rows])
        return 0
    print(tr("共 {n} 件").format(n=len(rows)))
    for r in rows:
        mark = tr("【超期】") if r.is_old(now, limit) else ""
        print("\t".join([str(r.id), _fmt(r.reported_at), r.state + mark, r.category, r.grid_name,
                         r.description, r.handler]))
    return 0


def run_add(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        data = matters.MatterInput(
            reported_at=args.at or dt.datetime.now().replace(microsecond=0), category=args.category,
            description=args.description, grid_id=grid_id_of(db, args.grid), address=args.address,
            reporter_name=args.reporter, urgency=args.urgency, handler_staff_id=_staff_id(db, args.handler_name))
        try:
            change = matters.add_matter(db, data)
        except matters.MatterError as exc:
            raise UserError(str(exc)) from exc
    finally:
        db.close()
    print(tr("已登记，事项编号 {id}").format(id=next(iter(change.rows["matter"]))))
    return 0


def run_move(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        try:
            change = matters.move(db, args.id, args.state, at=args.at, outcome=getattr(args, "outcome", ""),
                                  transferred_to=getattr(args, "transferred_to", ""))
        except matters.MatterError as exc:
            raise UserError(str(exc)) from exc
    finally:
        db.close()
    print(tr("已{what}").format(what=change.description))
    return 0


def run_stats(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        grid_id = grid_id_of(db, args.grid)
        rows = matter_stats.medians(db, args.by, grid_id, args.date_from, args.date_to)
        total = matter_stats.overall(db, grid_id, args.date_from, args.date_to)
    finally:
        db.close()
    if args.json:
        print_json([asdict(r) for r in [*rows, total]])
        return 0
    print("\t".join([tr("月份") if args.by == "month" else tr("网格"), tr("事项"), tr("未办结"), tr("已办结"),
                     tr("转办"), tr("响应用时中位数（小时）"), tr("办结用时中位数（天）")]))
    for r in [*rows, total]:
        print("\t".join(str(v) for v in (r.label, r.matters, r.open, r.closed, r.transferred,
                                          "—" if r.median_response_hours is None else r.median_response_hours,
                                          "—" if r.median_close_days is None else r.median_close_days)))
    return 0
