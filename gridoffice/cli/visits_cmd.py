"""``gridoffice visits due|record|rules``: key persons due for a visit, recording a visit, the
visit rules."""

from __future__ import annotations

import argparse
import datetime as dt

from gridoffice.cli.common import UserError, add_command, date_arg, grid_id_of, open_db, print_json
from gridoffice.domain import visit_schedule as vs
from gridoffice.i18n import tr
from gridoffice.services.roster import households as roster_households
from gridoffice.services.roster import persons as roster_persons
from gridoffice.services.staff import core as staff
from gridoffice.services.visits import core as visits
from gridoffice.services.visits import records as visit_records
from gridoffice.services.visits import rules as visit_rules

STATUS_LABELS = {vs.Status.VISITED: "本周已访", vs.Status.DUE: "本周应访", vs.Status.OVERDUE: "逾期",
                 vs.Status.NOT_DUE: "未到期"}


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    p = add_command(subparsers, "visits", tr("重点人员每周走访：应访名单、登记走访、走访规则"))
    sub = p.add_subparsers(dest="visits_command", metavar="SUBCOMMAND", required=True)

    due = add_command(sub, "due", tr("列出本周应访和逾期未访的重点人员"))
    due.add_argument("--grid", metavar="CODE", help=tr("只看这个网格（及其下级），填网格编码"))
    due.add_argument("--week", type=date_arg, default=None, metavar="DATE",
                     help=tr("哪一周（这一周内任意一天，默认今天；周一至周日）"))
    due.add_argument("--overdue", action="store_true", help=tr("只列逾期的"))
    due.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))
    due.set_defaults(handler=run_due)

    rec = add_command(sub, "record", tr("登记一次入户走访（同一户可一次登记多人）"))
    rec.add_argument("--household", metavar="NUMBER", help=tr("户号；不写 --person 时记为整户走访"))
    rec.add_argument("--person", action="append", default=[], metavar="ID_NUMBER",
                     help=tr("被访人身份证号（可重复，须同一户）"))
    rec.add_argument("--date", type=date_arg, default=None, help=tr("走访日期（默认今天）"))
    rec.add_argument("--visitor", action="append", default=[], metavar="NAME",
                     help=tr("走访人姓名（可重复；网格员名单里有的记为网格员）"))
    for key, label in visit_records.FINDINGS.items():
        rec.add_argument(f"--{key.replace('_', '-')}", default="", metavar="TEXT", help=tr(label))
    rec.set_defaults(handler=run_record)

    rules = add_command(sub, "rules", tr("查看或修改走访规则（各类重点人群、各风险等级的走访间隔天数）"))
    rules.add_argument("--set", nargs=3, metavar=("CATEGORY", "RISK", "DAYS"),
                       help=tr("例：--set elderly 高 7；风险等级留空写 -；天数写 default 恢复默认"))
    rules.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))
    rules.set_defaults(handler=run_rules)


def run_due(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        on = args.week or dt.date.today()
        grid_id = grid_id_of(db, args.grid)
        persons = visits.due_list(db, grid_id, on)
        if args.overdue:
            persons = [p for p in persons if p.status(on) == vs.Status.OVERDUE]
        from gridoffice.services.grids import core as grids

        labels = grids.labels(db)  # the name, or the path where it repeats
        names = {n.id: (n.code, labels.get(n.id, n.name)) for root in grids.tree(db) for n in root.walk()}
    finally:
        db.close()
    monday = vs.week_start(on)
    if args.json:
        print_json({
            "week": {"monday": monday.isoformat(), "sunday": vs.week_end(on).isoformat()},
            "count": len(persons),
            "persons": [{
                "person_id": p.person_id, "name": p.name, "grid_code": names.get(p.grid_id, ("", ""))[0],
                "grid": names.get(p.grid_id, ("", ""))[1], "household": p.household_number,
                "address": p.address, "categories": p.category_labels(), "interval_days": p.interval,
                "last_visit": p.last_visit, "days_since_last_visit": vs.days_since(p.last_visit, on),
                "due": p.due, "status": p.status(on).value,
            } for p in persons],
        })
        return 0
    print(tr("{monday} 至 {sunday} 这一周：应访或逾期 {n} 人").format(
        monday=monday.isoformat(), sunday=vs.week_end(on).isoformat(), n=len(persons)))
    for p in persons:
        since = vs.days_since(p.last_visit, on)
        last = tr("从未走访") if p.last_visit is None else tr("{d} 天前").format(d=since)
        print("\t".join([tr(STATUS_LABELS[p.status(on)]), names.get(p.grid_id, ("", ""))[1], p.name,
                         p.address, "、".join(p.category_labels()), tr("每 {n} 天").format(n=p.interval), last]))
    return 0


def run_record(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        household_id = None
        if args.household:
            household_id = roster_households.household_id_by_number(db, args.household)
            if household_id is None:
                raise UserError(tr("没有户号为 {number} 的户").format(number=args.household))
        person_ids = []
        for number in args.person:
            pid = roster_persons.person_id_by_id_number(db, number)
            if pid is None:
                raise UserError(tr("没有身份证号为 {number} 的居民").format(number=number))
            person_ids.append(pid)
        staff_ids, others = [], []  # type: ignore[var-annotated]
        for name in args.visitor:
            found = staff.active_staff_ids(db, name)
            (staff_ids if found else others).append(found[0] if found else name.strip())
        data = visit_records.VisitInput(
            args.date or dt.date.today(), household_id, person_ids, staff_ids, "、".join(others),
            **{key: getattr(args, key) for key in visit_records.FINDINGS})
        try:
            change = visit_records.record_visit(db, data)
        except visit_records.VisitError as exc:
            raise UserError(str(exc)) from exc
    finally:
        db.close()
    print(tr("已{what}").format(what=change.description))
    return 0


def run_rules(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        if args.set:
            category, risk, days = args.set
            risk = "" if risk in ("-", "无", "未评定") else risk
            if days != "default" and not days.isdigit():
                raise UserError(tr("天数应为整数或 default：{days}").format(days=days))
            try:
                change = visit_rules.set_interval(db, category, risk, None if days == "default" else int(days))
            except visit_rules.RuleError as exc:
                raise UserError(str(exc)) from exc
            print(tr("已修改{what}").format(what=change.description))
        rules = visit_rules.load(db).all()
    finally:
        db.close()
    if args.json:
        print_json([{"category": r.category, "label": r.label, "risk_level": r.risk_level,
                     "interval_days": r.interval_days, "default": r.is_default} for r in rules])
    elif not args.set:
        for r in rules:
            mark = tr("（默认）") if r.is_default else ""
            days = tr("不定期") if r.interval_days == 0 else tr("每 {n} 天").format(n=r.interval_days)
            print(f"{r.category}\t{r.label}\t{visit_rules.risk_label(r.risk_level)}\t{days}{mark}")
    return 0
