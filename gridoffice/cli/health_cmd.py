"""``gridoffice health tiers|rules|cards|calls|snapshot``: the health tiers of the residents
65+ (红/黄/绿), the score rule, bedside contact cards and the daily-call sheet."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from gridoffice.cli.common import UserError, add_command, date_arg, grid_id_of, open_db, print_json
from gridoffice.domain import health_tiers as ht
from gridoffice.i18n import tr
from gridoffice.services import settings
from gridoffice.services.health import cards as health_cards
from gridoffice.services.health import rules as health_rules
from gridoffice.services.health import tiers as health_tiers


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    p = add_command(subparsers, "health", tr("65岁以上居民健康分级（红黄绿）：分级名单、评分规则、床头联系卡"))
    sub = p.add_subparsers(dest="health_command", metavar="SUBCOMMAND", required=True)

    tiers = add_command(sub, "tiers", tr("各网格红黄绿人数和名单"))
    tiers.add_argument("--grid", metavar="CODE", help=tr("只看这个网格（及其下级），填网格编码"))
    tiers.add_argument("--on", type=date_arg, default=None, help=tr("按哪一天计算年龄（默认今天）"))
    tiers.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))
    tiers.set_defaults(handler=run_tiers)

    rules = add_command(sub, "rules", tr("查看或修改分级评分规则"))
    rules.add_argument("--set", nargs=3, metavar=("FACTOR", "LEVEL", "POINTS"),
                       help=tr("例：--set vaccine 未全程 2；--set threshold 红 4；--set call 红 1；分值写 default 恢复默认"))
    rules.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))
    rules.set_defaults(handler=run_rules)

    cards = add_command(sub, "cards", tr("打印红、黄分级居民的床头联系卡（A6，一张 A4 四张）"))
    cards.add_argument("--grid", required=True, metavar="CODE", help=tr("微网格编码"))
    cards.add_argument("--out", required=True, type=Path, metavar="FILE.pdf", help=tr("输出 PDF 文件"))
    cards.add_argument("--on", type=date_arg, default=None, help=tr("按哪一天计算年龄（默认今天）"))
    _clinic_args(cards)
    cards.set_defaults(handler=run_cards)

    calls = add_command(sub, "calls", tr("打印红色分级居民一周的每日电话随访表，或用 --log 列出这一周打过的电话"))
    calls.add_argument("--grid", metavar="CODE", help=tr("微网格编码（打印时必填）"))
    calls.add_argument("--out", type=Path, metavar="FILE.pdf", help=tr("输出 PDF 文件"))
    calls.add_argument("--on", type=date_arg, default=None, help=tr("哪一周（这一周内任意一天，默认今天）"))
    calls.add_argument("--log", action="store_true", help=tr("不打印，列出这一周的电话随访记录和各网格打通人数"))
    calls.add_argument("--json", action="store_true", help=tr("以 JSON 输出（与 --log 同用）"))
    _clinic_args(calls)
    calls.set_defaults(handler=run_calls)

    call = add_command(sub, "call", tr("登记今天给一位居民打了随访电话（打通或未接通）"))
    call.add_argument("--person", required=True, metavar="ID_NUMBER", help=tr("居民身份证号"))
    reached = call.add_mutually_exclusive_group()
    reached.add_argument("--reached", dest="reached", action="store_true", default=True, help=tr("打通了（默认）"))
    reached.add_argument("--not-reached", dest="reached", action="store_false", help=tr("没有接通"))
    call.add_argument("--by", default="", metavar="NAME", help=tr("随访人（默认操作员）"))
    call.add_argument("--note", default="", metavar="TEXT", help=tr("简短情况记录"))
    call.add_argument("--date", type=date_arg, default=None, help=tr("哪一天打的（默认今天）"))
    call.set_defaults(handler=run_call)

    sign = add_command(sub, "sign", tr("登记（或续签、取消）一位居民的家庭医生签约"))
    sign.add_argument("--person", required=True, metavar="ID_NUMBER", help=tr("居民身份证号"))
    sign.add_argument("--doctor", default=None, metavar="NAME", help=tr("家庭医生姓名（须有家庭医生岗位）；不写则取消签约"))
    sign.add_argument("--date", type=date_arg, default=None, help=tr("签约日期（默认今天）"))
    sign.add_argument("--until", type=date_arg, default=None, help=tr("到期日期（默认一年）"))
    sign.set_defaults(handler=run_sign)

    rate = add_command(sub, "signing", tr("各微网格家庭医生签约率（全体、65岁以上、重点人群）和即将到期的签约"))
    rate.add_argument("--grid", metavar="CODE", help=tr("只看这个网格（及其下级），填网格编码"))
    rate.add_argument("--on", type=date_arg, default=None, help=tr("按哪一天（默认今天）"))
    rate.add_argument("--days", type=int, default=30, help=tr("列出多少天内到期的签约（默认 30）"))
    rate.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))
    rate.set_defaults(handler=run_signing)

    mobile = add_command(sub, "mobile", tr("流动接种名单（行动不便、未全程接种的65岁以上居民），或登记在流动接种点接种的一剂"))
    mobile.add_argument("--grid", metavar="CODE", help=tr("只看这个网格（及其下级），填网格编码"))
    mobile.add_argument("--on", type=date_arg, default=None, help=tr("接种日（默认今天）"))
    mobile.add_argument("--dose", metavar="ID_NUMBER", default=None, help=tr("登记此人今天（或 --on 那天）接种了一剂"))
    mobile.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))
    mobile.set_defaults(handler=run_mobile)

    snap = add_command(sub, "snapshot", tr("记下本周各网格红黄绿人数（降红降黄的趋势），并列出历次记录"))
    snap.add_argument("--on", type=date_arg, default=None, help=tr("哪一周（默认本周）"))
    snap.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))
    snap.set_defaults(handler=run_snapshot)


def _clinic_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--clinic-name", default=None, metavar="NAME",
                   help=tr("村卫生室名称（代替设置里的，并记住，下次沿用）"))
    p.add_argument("--clinic-phone", default=None, metavar="PHONE",
                   help=tr("村卫生室电话（代替设置里的，并记住，下次沿用）"))


def _save_clinic(db, args: argparse.Namespace) -> None:  # type: ignore[no-untyped-def]
    """The flags override the settings (设置 → 单位信息) and are kept as them."""
    if args.clinic_name is not None:
        settings.put(db, health_cards.CLINIC_NAME, args.clinic_name.strip()[:40])
    if args.clinic_phone is not None:
        settings.put(db, health_cards.CLINIC_PHONE, args.clinic_phone.strip()[:20])


def run_tiers(args: argparse.Namespace) -> int:
    on = args.on or dt.date.today()
    db = open_db(args)
    try:
        rows = health_tiers.tiers(db, grid_id_of(db, args.grid), on)
        from gridoffice.services.grids import core as grids

        names = {n.id: n for root in grids.tree(db) for n in root.walk()}
        labels = grids.labels(db)
    finally:
        db.close()
    per_grid = health_tiers.counts_by_grid(rows)
    totals = ht.counts(t.tier for t in rows)
    if args.json:
        print_json({
            "on": on.isoformat(), "total": len(rows), "counts": totals,
            "grids": [{"grid_code": names[g].code, "grid": labels.get(g, names[g].name), "counts": c}
                      for g, c in sorted(per_grid.items(), key=lambda i: names[i[0]].code)],
            "persons": [{"person_id": t.person_id, "name": t.name, "grid_code": names[t.grid_id].code,
                         "household": t.household_number, "tier": t.tier, "computed": t.computed,
                         "manual": t.manual, "reason": t.reason, "chronic": t.chronic, "vaccine": t.vaccine,
                         "mobility_limited": t.mobility_limited} for t in rows],
        })
        return 0
    print(tr("{on}：65岁以上 {n} 人").format(on=on.isoformat(), n=len(rows)) + "  "
          + "  ".join(f"{tr(k)} {v}" for k, v in totals.items()))
    for g, c in sorted(per_grid.items(), key=lambda i: names[i[0]].code):
        print("\t".join([names[g].code, labels.get(g, names[g].name), *(f"{tr(k)} {v}" for k, v in c.items())]))
    for t in rows:
        manual = tr("（人工：{reason}）").format(reason=t.reason) if t.manual else ""
        print("\t".join([tr(t.tier) + manual, names[t.grid_id].code, t.name, t.household_number,
                         tr("慢病 {state}").format(state=tr(t.chronic)), tr("疫苗 {state}").format(state=tr(t.vaccine))]))
    return 0


def run_rules(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        if args.set:
            factor, level, points = args.set
            if points != "default" and not points.isdigit():
                raise UserError(tr("分值应为整数或 default：{points}").format(points=points))
            try:
                change = health_rules.set_points(db, factor, level, None if points == "default" else int(points))
            except health_rules.HealthRuleError as exc:
                raise UserError(str(exc)) from exc
            print(tr("已修改{what}").format(what=change.description))
        rows = health_rules.load(db).rows()
    finally:
        db.close()
    if args.json:
        print_json([{"factor": r.factor, "level": r.level, "label": r.label, "points": r.points,
                     "default": r.is_default} for r in rows])
    elif not args.set:
        for r in rows:
            print(f"{r.factor}\t{r.level}\t{r.label}\t{r.points}{tr('（默认）') if r.is_default else ''}")
    return 0


def run_cards(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        grid_id_of(db, args.grid)
        _save_clinic(db, args)
        n = health_cards.write_cards_file(db, args.grid, args.out, args.on)
    finally:
        db.close()
    print(tr("已生成 {n} 张床头联系卡：{path}").format(n=n, path=args.out))
    return 0


def run_calls(args: argparse.Namespace) -> int:
    if args.log:
        from gridoffice.cli.health_calls_out import print_log

        return print_log(args)
    if args.grid is None or args.out is None:
        raise UserError(tr("打印每日电话随访表要写 --grid 微网格编码 和 --out 文件；只看记录请用 --log"))
    db = open_db(args)
    try:
        grid_id_of(db, args.grid)
        _save_clinic(db, args)
        n = health_cards.write_call_sheet_file(db, args.grid, args.out, args.on)
    finally:
        db.close()
    print(tr("已生成每日电话随访表（{n} 人）：{path}").format(n=n, path=args.out))
    return 0


def run_call(args: argparse.Namespace) -> int:
    from gridoffice.services.health import calls as health_calls

    db = open_db(args)
    try:
        pid = person_of(db, args.person)
        change = health_calls.record(db, pid, args.date, args.reached, args.by, args.note)
    finally:
        db.close()
    print(tr("已登记{what}").format(what=change.description))
    return 0


def run_snapshot(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        change = health_tiers.snapshot(db, args.on or dt.date.today())
        trend = health_tiers.trend(db)
    finally:
        db.close()
    if args.json:
        print_json([{"week": w.isoformat(), "counts": c} for w, c in trend.items()])
        return 0
    print(tr("已{what}").format(what=change.description))
    for week, c in trend.items():
        print("\t".join([week.isoformat(), *(f"{tr(k)} {v}" for k, v in c.items())]))
    return 0


def person_of(db, id_number: str) -> int:  # type: ignore[no-untyped-def]
    """The resident with this ID number; none is a one-line refusal (health and services)."""
    from gridoffice.services.roster import persons as roster_persons

    pid = roster_persons.person_id_by_id_number(db, id_number)
    if pid is None:
        raise UserError(tr("没有身份证号为 {number} 的居民").format(number=id_number))
    return pid


def run_sign(args: argparse.Namespace) -> int:
    from gridoffice.services.health import signing

    db = open_db(args)
    try:
        pid = person_of(db, args.person)
        doctor = signing.doctor_by_name(db, args.doctor) if args.doctor else None
        change = signing.sign(db, pid, doctor, args.date, args.until)
    finally:
        db.close()
    print(tr("已{what}").format(what=change.description))
    return 0


def run_signing(args: argparse.Namespace) -> int:
    from gridoffice.services.grids import core as grids
    from gridoffice.services.health import signing

    if not 0 <= args.days <= 366:
        raise UserError(tr("天数应在 0 到 366 之间"))
    on = args.on or dt.date.today()
    db = open_db(args)
    try:
        rates = signing.rates(db, grid_id_of(db, args.grid), on)
        soon = signing.expiring(db, grid_id_of(db, args.grid), on, args.days)
        names = grids.labels(db)
    finally:
        db.close()
    groups = {"all": tr("全体"), "aged_65": tr("65岁以上"), "key": tr("重点人群")}
    if args.json:
        print_json({"on": on.isoformat(),
                    "grids": [{"grid": names.get(gid, ""), "grid_id": gid,
                               **{g: {"persons": r.persons, "signed": r.signed} for g, r in per.items()}}
                              for gid, per in sorted(rates.items(), key=lambda i: names.get(i[0], ""))],
                    "expiring": [{"person_id": e.person_id, "name": e.name, "household": e.household_number,
                                  "doctor": e.doctor, "expires_on": e.expires_on} for e in soon]})
        return 0
    for gid, per in sorted(rates.items(), key=lambda i: names.get(i[0], "")):
        cells = [f"{groups[g]} {r.signed}/{r.persons}" + (f" {r.rate:.0%}" if r.rate is not None else "")
                 for g, r in per.items()]
        print("\t".join([names.get(gid, ""), *cells]))
    print(tr("{n} 人的签约将在 {days} 天内到期：").format(n=len(soon), days=args.days))
    for e in soon:
        print("\t".join([e.expires_on.isoformat(), names.get(e.grid_id, ""), e.name, e.household_number, e.doctor]))
    return 0


def run_mobile(args: argparse.Namespace) -> int:
    from gridoffice.services.grids import core as grids
    from gridoffice.services.health import profiles as health_profiles

    on = args.on or dt.date.today()
    db = open_db(args)
    try:
        if args.dose:
            pid = person_of(db, args.dose)
            change = health_profiles.record_dose(db, pid, on)
            print(tr("已{what}").format(what=change.description))
            return 0
        rows = health_tiers.mobile_vaccination(db, grid_id_of(db, args.grid), on)
        names = grids.labels(db)
    finally:
        db.close()
    if args.json:
        print_json([{"person_id": t.person_id, "name": t.name, "grid": names.get(t.grid_id, ""),
                     "household": t.household_number, "address": t.address, "phone": t.phone,
                     "vaccine": t.vaccine, "tier": t.tier} for t in rows])
        return 0
    print(tr("流动接种名单（{on}）：{n} 人").format(on=on.isoformat(), n=len(rows)))
    for t in rows:
        print("\t".join([names.get(t.grid_id, ""), t.name, t.household_number, t.address, t.phone or "",
                         tr(t.vaccine)]))
    return 0
