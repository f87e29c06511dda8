"""``gridoffice medicine list|in|out|discard|log``: the medicine box (药品互助 / 爱心药品箱)."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt

from gridoffice.cli.common import add_command, date_arg, grid_id_of, open_db, print_json
from gridoffice.cli.health_cmd import person_of
from gridoffice.i18n import tr
from gridoffice.services.medicine import core as medicine
from gridoffice.services.medicine import stock as medicine_stock


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    p = add_command(subparsers, "medicine", tr("药品互助（爱心药品箱）：库存、入库、发放、报废、出入库记录"))
    sub = p.add_subparsers(dest="medicine_command", metavar="SUBCOMMAND", required=True)
    ls = add_command(sub, "list", tr("药品箱库存（临期、已过期的排在前面）"))
    ls.add_argument("--expiring", action="store_true", help=tr("只列临期和已过期的"))
    ls.add_argument("--all", action="store_true", help=tr("也列出已发完的批次"))
    ls.add_argument("--on", type=date_arg, default=None, metavar="DATE", help=tr("按这一天算临期和过期（默认今天）"))
    ls.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))
    ls.set_defaults(handler=run_list)
    rec = add_command(sub, "in", tr("药品入库：同名、同规格、同批号、同有效期的加到原批次，否则新建一批"))
    rec.add_argument("--item", required=True, metavar="NAME", help=tr("药品名称，或库存列表中的编号（加到这一批）"))
    rec.add_argument("--qty", required=True, type=int, metavar="N", help=tr("数量"))
    rec.add_argument("--expiry", type=date_arg, default=None, metavar="DATE", help=tr("有效期至"))
    rec.add_argument("--spec", default="", metavar="TEXT", help=tr("规格，如 0.3g×20粒"))
    rec.add_argument("--unit", default="盒", metavar="TEXT", help=tr("单位（默认 盒）"))
    rec.add_argument("--batch", default="", metavar="TEXT", help=tr("批号"))
    giver = rec.add_mutually_exclusive_group(required=True)
    giver.add_argument("--from", dest="giver", default="", metavar="NAME", help=tr("捐赠人姓名或单位（不在花名册中）"))
    giver.add_argument("--from-person", dest="person", default=None, metavar="ID_NUMBER",
                       help=tr("捐赠人身份证号（花名册中的居民）"))
    _common(rec, tr("入库日期（默认今天）"), tr("经手人"))
    rec.set_defaults(handler=run_in)
    out = add_command(sub, "out", tr("发放给花名册中的一位居民（同名药品先发最早到期的未过期批次）"))
    out.add_argument("--item", required=True, metavar="NAME", help=tr("药品名称，或库存列表中的编号"))
    out.add_argument("--qty", required=True, type=int, metavar="N", help=tr("数量"))
    out.add_argument("--to-person", dest="person", required=True, metavar="ID_NUMBER", help=tr("领取人身份证号"))
    _common(out, tr("发放日期（默认今天）"), tr("发放人"))
    out.set_defaults(handler=run_out)
    drop = add_command(sub, "discard", tr("报废：过期或变质的药品移出药品箱"))
    drop.add_argument("--item", required=True, type=int, metavar="NUMBER", help=tr("库存列表中的编号"))
    drop.add_argument("--qty", required=True, type=int, metavar="N", help=tr("数量"))
    _common(drop, tr("报废日期（默认今天）"), tr("经手人"))
    drop.set_defaults(handler=run_discard)
    log = add_command(sub, "log", tr("出入库记录，以及各微网格每月的发放"))
    log.add_argument("--from", dest="start", type=date_arg, default=None, metavar="DATE", help=tr("起始日期（默认本月 1 日）"))
    log.add_argument("--to", dest="end", type=date_arg, default=None, metavar="DATE", help=tr("截止日期（默认今天）"))
    log.add_argument("--grid", metavar="CODE", help=tr("只看这个网格（及其下级）的居民，填网格编码"))
    log.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))
    log.set_defaults(handler=run_log)


def _common(parser: argparse.ArgumentParser, date_help: str, by_help: str) -> None:
    parser.add_argument("--date", type=date_arg, default=None, help=date_help)
    parser.add_argument("--by", default="", metavar="NAME", help=by_help)
    parser.add_argument("--note", default="", metavar="TEXT", help=tr("备注"))


def _row(r: medicine_stock.StockRow) -> dict[str, object]:
    return {**dataclasses.asdict(r), "state": tr(medicine_stock.STATE_LABELS[r.state])}


def run_list(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        days = medicine_stock.expiring_days(db)
        rows = medicine_stock.stock(db, args.on, expiring=args.expiring, with_empty=args.all, days=days)
    finally:
        db.close()
    if args.json:
        print_json({"expiring_days": days, "items": [_row(r) for r in rows]})
        return 0
    if not rows:
        print(tr("药品箱里没有符合条件的药品"))
        return 0
    for r in rows:
        expiry = r.expires_on.isoformat() if r.expires_on else tr("无有效期")
        print("\t".join([str(r.id), r.label, r.batch or "—", expiry, f"{r.stock}{r.unit}",
                         tr(medicine_stock.STATE_LABELS[r.state])]))
    print(tr("临期：{days} 天内到期").format(days=days))
    return 0


def run_in(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        person = person_of(db, args.person) if args.person else None
        key = args.item.strip()
        item: int | medicine.Batch = int(key) if key.isdigit() else medicine.Batch(
            key, args.spec, args.unit, args.batch, args.expiry)
        change = medicine.receive(db, item, args.qty, args.date, giver=args.giver, giver_person_id=person,
                                  by=args.by, note=args.note)
    finally:
        db.close()
    print(tr("已{what}").format(what=change.description))
    return 0


def run_out(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        person = person_of(db, args.person)
        item = medicine.pick_batch(db, args.item, medicine.check_quantity(args.qty), args.date)
        change = medicine.give_out(db, item, args.qty, person, args.date, by=args.by, note=args.note)
    finally:
        db.close()
    print(tr("已{what}").format(what=change.description))
    return 0


def run_discard(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        change = medicine.discard(db, args.item, args.qty, args.date, by=args.by, note=args.note)
    finally:
        db.close()
    print(tr("已{what}").format(what=change.description))
    return 0


def run_log(args: argparse.Namespace) -> int:
    end = args.end or dt.date.today()
    start = args.start or end.replace(day=1)
    if start > end:
        raise medicine.MedicineError(tr("起始日期晚于截止日期"))
    db = open_db(args)
    try:
        grid_id = grid_id_of(db, args.grid)
        rows = medicine_stock.moves(db, start, end, grid_id)
        months = medicine_stock.monthly(db, grid_id, start, end)
    finally:
        db.close()
    if args.json:
        print_json({"from": start.isoformat(), "to": end.isoformat(),
                    "moves": [{**dataclasses.asdict(r), "kind": tr(r.kind)} for r in rows], "months": months})
        return 0
    print(tr("{start} 至 {end}：{n} 条出入库记录").format(start=start.isoformat(), end=end.isoformat(), n=len(rows)))
    for r in rows:
        print("\t".join([r.moved_on.isoformat(), tr(r.kind), r.item, f"{r.quantity}{r.unit}", r.who or "—",
                         r.grid or "—", r.by or "—"]))
    for m in months:
        if m["times"]:
            print(tr("{month} {grid}：发放 {times} 次，共 {n} 件").format(month=m["month"], grid=m["grid"],
                                                                  times=m["times"], n=m["out"]))
    return 0
